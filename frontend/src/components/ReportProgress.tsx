import { useTranslation } from 'react-i18next';
import { formatNumber } from '../format';
import { useLang } from '../hooks';
import type { ReportState } from '../reports';

export function ReportProgress({ report }: { report: ReportState }) {
  const { t } = useTranslation();
  const lang = useLang();
  const pct = Math.max(0, Math.min(100, report.progress));
  return (
    <div className="row" style={{ alignItems: 'center' }}>
      <span className={`badge badge-${report.status}`} data-testid="report-status">{t(`reports.statuses.${report.status}`)}</span>
      <div className="progress" role="progressbar" aria-label={t('reports.progress')} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(pct)} style={{ flex: 1 }}>
        <div style={{ width: `${pct}%` }} />
      </div>
      <span className="muted">{formatNumber(pct, lang, 0)}%</span>
    </div>
  );
}
