import { useTranslation } from 'react-i18next';
import { request } from '../api/client';
import type { SectorsQuery } from '../api/generated';
import { SectorsDoc } from '../api/operations';
import { useAsync, useLang } from '../hooks';

export function SectorSelect({ id, value, onChange }: { id: string; value: string; onChange: (slug: string) => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const res = useAsync((signal) => request<SectorsQuery>(SectorsDoc, undefined, signal), []);
  return (
    <div className="field" style={{ margin: 0 }}>
      <label htmlFor={id}>{t('reports.sector')}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} disabled={!res.data}>
        {(res.data?.sectors ?? [{ slug: value, name: { zh: value, en: value } }]).map((s) => (
          <option key={s.slug} value={s.slug}>{s.name[lang]}</option>
        ))}
      </select>
    </div>
  );
}
