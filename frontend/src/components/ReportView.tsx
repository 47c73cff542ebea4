import { useMemo } from 'react';
import { request } from '../api/client';
import type { MarketsQuery } from '../api/generated';
import { MarketsDoc } from '../api/operations.reports';
import { useTranslation } from 'react-i18next';
import { formatDate, formatMoney, formatNumber, formatPercent } from '../format';
import { useAsync, useLang } from '../hooks';
import { gapOption, hasGap, hhiOption, opportunityOption, shareOption, sizeOption, trendOption, unitValueOption, val, type Figure, type MarketReport } from '../report';
import { Chart } from './Chart';
import { Empty } from './States';

/** A market report read with its charts and a table of the figures. */
export function MarketReportView({ report: r }: { report: MarketReport }) {
  const { t } = useTranslation();
  const lang = useLang();
  const usd = lang === 'zh' ? '美元' : 'USD';
  const parts = { size: t('dash.parts.size'), growth: t('dash.parts.growth'), gap: t('dash.parts.gap') };
  const opts = useMemo(
    () => ({
      size: sizeOption(r, lang, usd), opp: opportunityOption(r, parts), trend: trendOption(r, lang, usd), share: shareOption(r),
      unit: unitValueOption(r, { market: t('dash.unitMarket'), china: t('dash.unitChina') }),
      hhi: hhiOption(r),
      gap: gapOption(r, { retail: t('dash.gapRetail'), customs: t('dash.gapCustoms') }),
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [r, lang],
  );
  const score = new Map(r.opportunity.markets.map((m) => [m.market, m]));
  return (
    <div data-testid="market-report">
      <p className="muted">
        {r.sector.name[lang]} ·{' '}
        {t('dash.generated', {
          date: formatDate(r.generatedAt, lang), from: r.period.from, to: r.period.to,
          flows: formatNumber(r.records.tradeFlows, lang, 0), listings: formatNumber(r.records.listings, lang, 0),
        })}
      </p>
      {r.trade.markets.length === 0 ? (
        <Empty>
          {t('dash.noTradeFor', { sector: r.sector.name[lang], market: r.market || t('dash.allMarkets') })}
          <MarketsHint />
        </Empty>
      ) : (
        <>
          <div className="grid">
            <section className="card"><h2>{t('dash.opportunity')}</h2><Chart option={opts.opp} label={t('dash.opportunity')} /></section>
            <section className="card"><h2>{t('dash.sizes', { year: r.period.to })}</h2><Chart option={opts.size} label={t('dash.sizes', { year: r.period.to })} /></section>
            <section className="card"><h2>{t('dash.trend')}</h2><Chart option={opts.trend} label={t('dash.trend')} /></section>
            <section className="card"><h2>{t('dash.share')}</h2><Chart option={opts.share} label={t('dash.share')} /></section>
            <section className="card"><h2>{t('dash.unitValues')}</h2><Chart option={opts.unit} label={t('dash.unitValues')} /></section>
            <section className="card"><h2>{t('dash.hhi')}</h2><Chart option={opts.hhi} label={t('dash.hhi')} /><p className="muted">{t('dash.hhiHint')}</p></section>
            <section className="card">
              <h2>{t('dash.gap')}</h2>
              {hasGap(r) ? <Chart option={opts.gap} label={t('dash.gap')} /> : <Empty>{t('dash.noGap')}</Empty>}
              {(r.retailVsCustoms ?? []).map((g) => g.ratio.status !== 'ok' && g.ratio.reason ? <p key={g.market} className="muted">{g.market}: {g.ratio.reason}</p> : null)}
            </section>
          </div>
          <section className="card" style={{ overflowX: 'auto' }}>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('dash.cols.market')}</th>
                  <th scope="col" className="num">{t('dash.cols.size')}</th>
                  <th scope="col" className="num">{t('dash.cols.cagr')}</th>
                  <th scope="col" className="num">{t('dash.cols.chinaShare')}</th>
                  <th scope="col" className="num">{t('dash.cols.unitValue')}</th>
                  <th scope="col" className="num">{t('dash.cols.hhi')}</th>
                  <th scope="col" className="num">{t('dash.cols.score')}</th>
                </tr>
              </thead>
              <tbody>
                {r.trade.markets.map((m) => (
                  <tr key={m.market}>
                    <th scope="row">{m.market}</th>
                    <td className="num" title={m.size.definition}>{formatMoney(val(m.size), 'USD', lang)}</td>
                    <td className="num" title={m.cagr.reason || m.cagr.definition}>{formatPercent(val(m.cagr), lang, true)}</td>
                    <td className="num" title={m.chinaShare.reason || m.chinaShare.definition}>{formatPercent(val(m.chinaShare), lang)}</td>
                    <td className="num" title={m.unitValue.reason || m.unitValue.definition}>{formatNumber(val(m.unitValue), lang, 2)}</td>
                    <td className="num">{formatNumber(val(m.detail?.hhi), lang, 0)}</td>
                    <td className="num" title={score.get(m.market)?.reason}>{formatNumber(val(score.get(m.market)?.score), lang, 1)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p className="muted">{r.opportunity.method}</p>
          </section>
          <Provenance r={r} />
        </>
      )}
    </div>
  );
}

/** Where each figure comes from: the definitions and record counts in the document. */
function Provenance({ r }: { r: MarketReport }) {
  const { t } = useTranslation();
  const lang = useLang();
  const defs = new Map<string, Figure>();
  const first = r.trade.markets[0];
  if (first) {
    for (const [k, f] of Object.entries({ size: first.size, cagr: first.cagr, chinaShare: first.chinaShare, unitValue: first.unitValue, hhi: first.detail?.hhi })) {
      if (f?.definition) defs.set(k, f);
    }
  }
  const score = r.opportunity.markets.find((m) => m.score?.definition)?.score;
  return (
    <section className="card provenance" data-testid="provenance">
      <h2>{t('dash.provenance')}</h2>
      <p className="muted">{t('dash.records', { flows: formatNumber(r.records.tradeFlows, lang, 0), listings: formatNumber(r.records.listings, lang, 0), reviews: formatNumber(r.records.reviews, lang, 0) })}</p>
      <dl>
        {[...defs].map(([k, f]) => (
          <div key={k}><dt>{t(`dash.cols.${k}`)}</dt><dd>{f.definition}{f.records != null ? ` (${t('dash.recordsN', { n: formatNumber(f.records, lang, 0) })})` : ''}</dd></div>
        ))}
        {score?.definition && <div><dt>{t('dash.cols.score')}</dt><dd>{score.definition}</dd></div>}
      </dl>
      {r.notes && r.notes.length > 0 && <ul>{r.notes.map((n) => <li key={n} className="muted">{n}</li>)}</ul>}
    </section>
  );
}

/** The markets that do have data, so an empty report says where to look instead. */
export function MarketsHint() {
  const { t } = useTranslation();
  const lang = useLang();
  const res = useAsync((signal) => request<MarketsQuery>(MarketsDoc, undefined, signal), []);
  const ms = res.data?.markets ?? [];
  if (ms.length === 0) return null;
  return (
    <p data-testid="markets-hint">
      {t('dash.marketsWithData')} {ms.map((m) => `${m.name[lang]} (${m.code})`).join(lang === 'zh' ? '、' : ', ')}
    </p>
  );
}
