import { useTranslation } from 'react-i18next';
import { request } from '../api/client';
import type { PortalMeQuery } from '../api/generated';
import { ErrorBox, Loading } from '../components/States';
import { useAsync } from '../hooks';
import { AssociationPortal } from './AssociationPortal';
import { MemberPortal } from './MemberPortal';
import { PortalMeDoc } from './operations';
import './i18n';

/** The association portal's app side: settings, members and inquiry
 * statistics for associations; invitations, profile, inbox and peer
 * benchmarks for exporters. */
export function PortalPage({ sub }: { sub: string }) {
  const { t } = useTranslation();
  const me = useAsync((signal) => request<PortalMeQuery>(PortalMeDoc, undefined, signal), []);
  if (me.error) return <ErrorBox error={me.error} retry={me.reload} />;
  if (!me.data) return <Loading />;
  const { kind } = me.data.me.tenant;
  const manage = me.data.me.role === 'OWNER' || me.data.me.role === 'ADMIN';
  if (kind === 'ASSOCIATION') return <AssociationPortal sub={sub} manage={manage} />;
  if (kind === 'EXPORTER') return <MemberPortal sub={sub} manage={manage} />;
  return <p className="card">{t('portal.notForKind')}</p>;
}

export function Tabs({ tabs, sub }: { tabs: [string, string][]; sub: string }) {
  return (
    <nav className="row" aria-label="portal" style={{ gap: 12, marginBottom: 12 }}>
      {tabs.map(([key, label]) => (
        <a key={key} href={`/portal/${key}`} aria-current={sub === key ? 'page' : undefined} className={sub === key ? 'btn btn-primary' : 'btn'}
          onClick={(e) => { e.preventDefault(); history.pushState(null, '', `/portal/${key}`); window.dispatchEvent(new PopStateEvent('popstate')); }}>
          {label}
        </a>
      ))}
    </nav>
  );
}
