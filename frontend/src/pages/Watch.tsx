import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { request } from '../api/client';
import type {
  BrandsQuery, BrandsQueryVariables, CheckAlertsMutation, CreateWatchlistMutation, CreateWatchlistMutationVariables,
  DeleteWatchlistMutation, DeleteWatchlistMutationVariables, JobQuery, JobQueryVariables, MarkAlertReadMutation,
  MarkAlertReadMutationVariables, WatchKind, WatchQuery, WatchQueryVariables,
} from '../api/generated';
import { BrandsDoc, CheckAlertsDoc, CreateWatchlistDoc, DeleteWatchlistDoc, JobDoc, MarkAlertReadDoc, WatchDoc } from '../api/operations.watch';
import { SectorSelect } from '../components/SectorSelect';
import { Empty, ErrorBox, Loading } from '../components/States';
import { formatDate, formatMoney, formatNumber, formatPercent } from '../format';
import { useAsync, useLang } from '../hooks';
import { addTranslations } from '../i18n';

addTranslations(
  'watch',
  {
    title: '品牌监测', own: '我的品牌', competitors: '竞争对手', add: '添加监测', kind: '监测类型',
    kinds: { BRAND_TOP20: '品牌进入前 20', LISTING_PRICE: '商品价格变动', IMPORTS_JUMP: '进口额跃升' },
    brand: '品牌', role: '角色', roles: { own: '我的品牌', competitor: '竞争对手' }, listingId: '商品 ID', market: '市场（两位国家代码）', threshold: '阈值 %',
    watchlists: '监测列表', noWatch: '还没有监测。添加你的品牌和主要竞争对手，新品牌进入前 20 或价格变动时会收到提醒。', remove: '删除',
    alerts: '提醒', unreadOnly: '只看未读', noAlerts: '暂时没有提醒。点击“立即检查”运行一次检查。', markRead: '标为已读', read: '已读', check: '立即检查', checking: '检查中… {{p}}%', checked: '检查完成',
    top: '{{sector}} 行业品牌排行（{{market}}）', cols: { brand: '品牌', listings: '商品数', share: '份额', median: '中位价', reviews: '评论数' }, noBrands: '该行业还没有带品牌的商品。',
    follow: '关注',
  },
  {
    title: 'Brand watch', own: 'Own brand', competitors: 'Competitors', add: 'Add watch', kind: 'Watch',
    kinds: { BRAND_TOP20: 'Brand enters top 20', LISTING_PRICE: 'Listing price moves', IMPORTS_JUMP: 'Imports jump' },
    brand: 'Brand', role: 'Role', roles: { own: 'Own brand', competitor: 'Competitor' }, listingId: 'Listing ID', market: 'Market (2-letter country code)', threshold: 'Threshold %',
    watchlists: 'Watchlists', noWatch: 'Nothing watched yet. Add your brand and main competitors to be alerted when a brand enters the top 20 or a price moves.', remove: 'Remove',
    alerts: 'Alerts', unreadOnly: 'Unread only', noAlerts: 'No alerts yet. Press "Check now" to run the checks once.', markRead: 'Mark read', read: 'Read', check: 'Check now', checking: 'Checking… {{p}}%', checked: 'Check finished',
    top: 'Brands in {{sector}} ({{market}})', cols: { brand: 'Brand', listings: 'Listings', share: 'Share', median: 'Median price', reviews: 'Reviews' }, noBrands: 'No branded listings in this sector yet.',
    follow: 'Follow',
  },
);

const OWN_KEY = 'exportscope.ownBrand';

export function WatchPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const data = useAsync((signal) => request<WatchQuery, WatchQueryVariables>(WatchDoc, { unreadOnly, first: 50 }, signal), [unreadOnly]);
  const [sector, setSector] = useState('magnesium');
  const [own, setOwn] = useState(() => localStorage.getItem(OWN_KEY) ?? '');
  const [kind, setKind] = useState<WatchKind>('BRAND_TOP20');
  const [brand, setBrand] = useState('');
  const [role, setRole] = useState<'own' | 'competitor'>('competitor');
  const [listingId, setListingId] = useState('');
  const [market, setMarket] = useState('DE');
  const [threshold, setThreshold] = useState('10');
  const marketCode = /^[A-Za-z]{2}$/.test(market.trim()) ? market.trim().toUpperCase() : null;
  const brands = useAsync(
    (signal) => request<BrandsQuery, BrandsQueryVariables>(BrandsDoc, { filter: { sector, market: marketCode }, first: 20 }, signal),
    [sector, marketCode],
  );
  const [error, setError] = useState<unknown>();
  const [job, setJob] = useState<{ status: string; progress: number } | null>(null);

  async function add(input: CreateWatchlistMutationVariables['input'], asOwn: boolean) {
    setError(undefined);
    try {
      await request<CreateWatchlistMutation, CreateWatchlistMutationVariables>(CreateWatchlistDoc, { input });
      if (asOwn && input.brand) {
        localStorage.setItem(OWN_KEY, input.brand);
        setOwn(input.brand);
      }
      data.reload();
    } catch (e) {
      setError(e);
    }
  }
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    const th = Number(threshold);
    if (!Number.isFinite(th) || th <= 0) {
      setError(new Error(t('watch.threshold') + ' > 0'));
      return;
    }
    await add({
      kind, sector: kind === 'LISTING_PRICE' ? null : sector, market: market.trim().toUpperCase() || null,
      brand: kind === 'BRAND_TOP20' ? brand.trim() || null : null, listingId: kind === 'LISTING_PRICE' ? listingId.trim() : null, thresholdPct: th,
    }, kind === 'BRAND_TOP20' && role === 'own');
  }
  async function run(f: () => Promise<unknown>) {
    setError(undefined);
    try {
      await f();
      data.reload();
    } catch (e) {
      setError(e);
    }
  }
  async function check() {
    setError(undefined);
    try {
      let { checkAlerts: j } = await request<CheckAlertsMutation>(CheckAlertsDoc);
      setJob(j);
      while (j.status === 'QUEUED' || j.status === 'RUNNING') {
        await new Promise((r) => setTimeout(r, 1000));
        j = (await request<JobQuery, JobQueryVariables>(JobDoc, { id: j.id })).job;
        setJob(j);
      }
      if (j.status === 'FAILED') setError(new Error(j.error ?? 'FAILED'));
      data.reload();
    } catch (e) {
      setError(e);
    }
  }

  const lists = data.data?.watchlists ?? [];
  return (
    <>
      <h1>{t('watch.title')}</h1>
      {error != null && <ErrorBox error={error} />}
      <form className="card row" onSubmit={submit} aria-label={t('watch.add')}>
        <div className="field" style={{ margin: 0 }}>
          <label htmlFor="w-kind">{t('watch.kind')}</label>
          <select id="w-kind" value={kind} onChange={(e) => setKind(e.target.value as WatchKind)}>
            {(['BRAND_TOP20', 'LISTING_PRICE', 'IMPORTS_JUMP'] as const).map((k) => <option key={k} value={k}>{t(`watch.kinds.${k}`)}</option>)}
          </select>
        </div>
        {kind !== 'LISTING_PRICE' && <SectorSelect id="w-sector" value={sector} onChange={setSector} />}
        {kind === 'BRAND_TOP20' && (
          <>
            <div className="field" style={{ margin: 0 }}>
              <label htmlFor="w-brand">{t('watch.brand')}</label>
              <input id="w-brand" value={brand} required maxLength={100} onChange={(e) => setBrand(e.target.value)} />
            </div>
            <div className="field" style={{ margin: 0 }}>
              <label htmlFor="w-role">{t('watch.role')}</label>
              <select id="w-role" value={role} onChange={(e) => setRole(e.target.value as 'own' | 'competitor')}>
                <option value="own">{t('watch.roles.own')}</option>
                <option value="competitor">{t('watch.roles.competitor')}</option>
              </select>
            </div>
          </>
        )}
        {kind === 'LISTING_PRICE' && (
          <div className="field" style={{ margin: 0 }}>
            <label htmlFor="w-listing">{t('watch.listingId')}</label>
            <input id="w-listing" value={listingId} required onChange={(e) => setListingId(e.target.value)} />
          </div>
        )}
        {kind !== 'LISTING_PRICE' && (
          <div className="field" style={{ margin: 0 }}>
            <label htmlFor="w-market">{t('watch.market')}</label>
            <input id="w-market" value={market} required maxLength={2} pattern="[A-Za-z]{2}" size={4} onChange={(e) => setMarket(e.target.value)} />
          </div>
        )}
        <div className="field" style={{ margin: 0 }}>
          <label htmlFor="w-th">{t('watch.threshold')}</label>
          <input id="w-th" inputMode="decimal" size={5} value={threshold} onChange={(e) => setThreshold(e.target.value)} />
        </div>
        <button type="submit" className="btn btn-primary">{t('watch.add')}</button>
      </form>

      <div className="grid">
        <section className="card">
          <h2>{t('watch.watchlists')}</h2>
          {data.error != null ? <ErrorBox error={data.error} retry={data.reload} /> : !data.data ? <Loading /> : lists.length === 0 ? <Empty>{t('watch.noWatch')}</Empty> : (
            <table data-testid="watchlists">
              <tbody>
                {lists.map((w) => (
                  <tr key={w.id}>
                    <td>
                      <span className="badge">{w.brand && w.brand === own ? t('watch.own') : w.kind === 'BRAND_TOP20' ? t('watch.roles.competitor') : t(`watch.kinds.${w.kind}`)}</span>{' '}
                      {w.brand ?? w.listingId ?? ''} {w.sector ? `· ${w.sector}` : ''} {w.market ? `· ${w.market}` : ''}
                      <div className="muted">{t(`watch.kinds.${w.kind}`)} · ±{formatPercent(w.thresholdPct, lang)} · {formatDate(w.checkedAt ?? w.createdAt, lang)}</div>
                    </td>
                    <td><button type="button" className="btn" onClick={() => run(() => request<DeleteWatchlistMutation, DeleteWatchlistMutationVariables>(DeleteWatchlistDoc, { id: w.id }))}>{t('watch.remove')}</button></td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        <section className="card" aria-live="polite">
          <div className="row" style={{ justifyContent: 'space-between', alignItems: 'center' }}>
            <h2>{t('watch.alerts')}</h2>
            <label><input type="checkbox" checked={unreadOnly} onChange={(e) => setUnreadOnly(e.target.checked)} /> {t('watch.unreadOnly')}</label>
            <button type="button" className="btn" onClick={check} disabled={job != null && (job.status === 'QUEUED' || job.status === 'RUNNING')}>{t('watch.check')}</button>
          </div>
          {job && <p className="muted" role="status">{job.status === 'DONE' ? t('watch.checked') : t('watch.checking', { p: Math.round(job.progress) })}</p>}
          {data.error != null ? null : !data.data ? <Loading /> : data.data.alerts.length === 0 ? <Empty>{t('watch.noAlerts')}</Empty> : (
            <ul className="plain" data-testid="alerts">
              {data.data.alerts.map((a) => (
                <li key={a.id} className={`card${a.readAt ? '' : ' unread'}`}>
                  <div>{a.message}</div>
                  <div className="muted">{t(`watch.kinds.${a.kind}`)} · {formatDate(a.createdAt, lang)}</div>
                  {a.readAt ? <span className="muted">{t('watch.read')}</span> : (
                    <button type="button" className="btn-link" onClick={() => run(() => request<MarkAlertReadMutation, MarkAlertReadMutationVariables>(MarkAlertReadDoc, { id: a.id }))}>{t('watch.markRead')}</button>
                  )}
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>

      <section className="card">
        <h2>{t('watch.top', { sector, market: marketCode ?? '—' })}</h2>
        {brands.error != null ? <ErrorBox error={brands.error} retry={brands.reload} /> : !brands.data ? <Loading /> : brands.data.brands.length === 0 ? <Empty>{t('watch.noBrands')}</Empty> : (
          <table>
            <thead>
              <tr>
                <th scope="col">{t('watch.cols.brand')}</th><th scope="col" className="num">{t('watch.cols.listings')}</th><th scope="col" className="num">{t('watch.cols.share')}</th>
                <th scope="col" className="num">{t('watch.cols.median')}</th><th scope="col" className="num">{t('watch.cols.reviews')}</th><th scope="col" />
              </tr>
            </thead>
            <tbody>
              {brands.data.brands.map((b) => (
                <tr key={b.brand}>
                  <th scope="row">{b.brand}{b.brand === own ? ` (${t('watch.own')})` : ''}</th>
                  <td className="num">{formatNumber(b.listings, lang, 0)}</td>
                  <td className="num">{formatPercent(b.sharePct, lang)}</td>
                  <td className="num">{formatMoney(b.medianPriceUSD, 'USD', lang, false)}</td>
                  <td className="num">{formatNumber(b.reviews, lang, 0)}</td>
                  <td>
                    {!lists.some((w) => w.brand === b.brand) && (
                      <button type="button" className="btn-link" disabled={!marketCode} onClick={() => add({ kind: 'BRAND_TOP20', sector, market: marketCode, brand: b.brand, thresholdPct: 10 }, false)}>{t('watch.follow')}</button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
