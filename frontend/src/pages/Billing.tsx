import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { request } from '../api/client';
import type { BillingPortalMutation, BillingQuery, CheckoutMutation, CheckoutMutationVariables, PaidPlan } from '../api/generated';
import { BillingDoc, BillingPortalDoc, CheckoutDoc } from '../api/operations.billing';
import { ErrorBox, Loading } from '../components/States';
import { formatNumber } from '../format';
import { useAsync, useLang } from '../hooks';
import { addTranslations } from '../i18n';

addTranslations(
  'billing',
  {
    title: '订阅与用量', plan: '当前套餐', plans: { FREE: '免费版', PRO: '专业版', ASSOCIATION: '协会版', EDUCATION: '教育版' }, status: '订阅状态',
    usage: '本月用量（{{period}}）', reports: '报告', seats: '席位', unlimited: '不限', of: '{{used}} / {{limit}}',
    entitlements: '套餐权益', sectors: '可用行业数', apiAccess: 'API 访问', portal: '协会门户', classes: '班级数', yes: '有', no: '无',
    upgrade: '升级', upgradeTo: '升级到{{plan}}', manage: '管理订阅与发票', redirecting: '正在跳转到 Stripe…', near: '即将达到上限',
  },
  {
    title: 'Billing and usage', plan: 'Current plan', plans: { FREE: 'Free', PRO: 'Pro', ASSOCIATION: 'Association', EDUCATION: 'Education' }, status: 'Subscription status',
    usage: 'Usage this month ({{period}})', reports: 'Reports', seats: 'Seats', unlimited: 'unlimited', of: '{{used}} of {{limit}}',
    entitlements: 'What the plan includes', sectors: 'Sectors', apiAccess: 'API access', portal: 'Association portal', classes: 'Classes', yes: 'Yes', no: 'No',
    upgrade: 'Upgrade', upgradeTo: 'Upgrade to {{plan}}', manage: 'Manage subscription and invoices', redirecting: 'Redirecting to Stripe…', near: 'Close to the limit',
  },
);

const PAID: PaidPlan[] = ['PRO', 'ASSOCIATION', 'EDUCATION'];

/** used of limit as a meter; a null limit is unlimited. */
export function Meter({ label, used, limit }: { label: string; used: number; limit: number | null }) {
  const { t } = useTranslation();
  const lang = useLang();
  const pct = limit ? Math.min(100, (used / limit) * 100) : 0;
  return (
    <div className="stat">
      <span>{label}</span>
      <strong>{limit == null ? `${formatNumber(used, lang, 0)} · ${t('billing.unlimited')}` : t('billing.of', { used: formatNumber(used, lang, 0), limit: formatNumber(limit, lang, 0) })}</strong>
      {limit != null && (
        <div className="progress" role="meter" aria-label={label} aria-valuemin={0} aria-valuemax={limit} aria-valuenow={used}><div style={{ width: `${pct}%` }} /></div>
      )}
      {limit != null && pct >= 80 && <span className="muted">{t('billing.near')}</span>}
    </div>
  );
}

export function BillingPage() {
  const { t } = useTranslation();
  const res = useAsync((signal) => request<BillingQuery>(BillingDoc, undefined, signal), []);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  async function go(f: () => Promise<string>) {
    setError(undefined);
    setBusy(true);
    try {
      const url = await f();
      location.assign(url);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  }
  const b = res.data?.billing;
  const lim = (n: number | null) => (n == null ? t('billing.unlimited') : String(n));
  return (
    <>
      <h1>{t('billing.title')}</h1>
      {error != null && <ErrorBox error={error} />}
      {res.error != null ? <ErrorBox error={res.error} retry={res.reload} /> : !b ? <Loading /> : (
        <>
          <section className="card row" data-testid="billing-plan">
            <div className="stat"><span>{t('billing.plan')}</span><strong>{t(`billing.plans.${b.plan}`)}</strong></div>
            {b.status && <div className="stat"><span>{t('billing.status')}</span><strong>{b.status}</strong></div>}
            <Meter label={t('billing.reports')} used={b.usage.reportsThisMonth} limit={b.usage.reportLimit} />
            <Meter label={t('billing.seats')} used={b.usage.seats} limit={b.usage.seatLimit} />
          </section>
          <p className="muted">{t('billing.usage', { period: b.usage.period })}</p>
          <section className="card">
            <h2>{t('billing.entitlements')}</h2>
            <table>
              <tbody>
                <tr><th scope="row">{t('billing.sectors')}</th><td>{lim(b.entitlements.sectors)}</td></tr>
                <tr><th scope="row">{t('billing.reports')}</th><td>{lim(b.entitlements.reportsPerMonth)}</td></tr>
                <tr><th scope="row">{t('billing.seats')}</th><td>{lim(b.entitlements.seats)}</td></tr>
                <tr><th scope="row">{t('billing.apiAccess')}</th><td>{b.entitlements.apiAccess ? t('billing.yes') : t('billing.no')}</td></tr>
                <tr><th scope="row">{t('billing.portal')}</th><td>{b.entitlements.portal ? t('billing.yes') : t('billing.no')}</td></tr>
                <tr><th scope="row">{t('billing.classes')}</th><td>{lim(b.entitlements.classes)}</td></tr>
              </tbody>
            </table>
          </section>
          <section className="card row">
            {PAID.filter((p) => p !== b.plan).map((p) => (
              <button key={p} type="button" className="btn btn-primary" disabled={busy} onClick={() => go(async () => (await request<CheckoutMutation, CheckoutMutationVariables>(CheckoutDoc, { plan: p })).checkout)}>
                {t('billing.upgradeTo', { plan: t(`billing.plans.${p}`) })}
              </button>
            ))}
            {b.plan !== 'FREE' && (
              <button type="button" className="btn" disabled={busy} onClick={() => go(async () => (await request<BillingPortalMutation>(BillingPortalDoc)).billingPortal)}>{t('billing.manage')}</button>
            )}
            {busy && <span className="muted" role="status">{t('billing.redirecting')}</span>}
          </section>
        </>
      )}
    </>
  );
}
