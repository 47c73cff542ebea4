import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { EChartsCoreOption } from 'echarts/core';
import { request } from '../api/client';
import type { ListingDetailQuery, ListingDetailQueryVariables } from '../api/generated';
import { ListingDetailDoc } from '../api/operations.listing';
import { Chart } from '../components/Chart';
import { Empty, ErrorBox, Loading } from '../components/States';
import { formatDate, formatMoney, formatNumber, type Lang } from '../format';
import { useAsync, useLang } from '../hooks';
import { addTranslations } from '../i18n';
import { Link } from '../router';

addTranslations(
  'listing',
  {
    back: '返回商品检索', history: '价格与销售排名走势', noHistory: '这件商品还没有历史观测：下一次抓取后会出现走势。', price: '价格', rank: '销售排名',
    rankHint: '排名越小越畅销（纵轴倒置）。', fields: { brand: '品牌', seller: '卖家', market: '平台 / 站点', category: '类目', sectors: '行业', rating: '评分', reviews: '评论数', seen: '首次 / 最近抓取', open: '在平台上打开' },
    observations: '{{n}} 次观测',
  },
  {
    back: 'Back to listings', history: 'Price and sales-rank history', noHistory: 'No observations of this listing yet: the history appears after the next crawl.', price: 'Price', rank: 'Sales rank',
    rankHint: 'A smaller rank sells more (the axis is inverted).', fields: { brand: 'Brand', seller: 'Seller', market: 'Marketplace / country', category: 'Category', sectors: 'Sectors', rating: 'Rating', reviews: 'Reviews', seen: 'First / last seen', open: 'Open on the marketplace' },
    observations: '{{n}} observations',
  },
);

type History = ListingDetailQuery['listing']['history'];

/** The price (in the listing's currency) and sales-rank lines over time. */
export function historyOption(h: History, lang: Lang, names: { price: string; rank: string }): EChartsCoreOption {
  const currency = h.find((s) => s.price)?.price?.currency ?? '';
  const hasRank = h.some((s) => s.salesRank != null);
  return {
    color: ['#0b5cad', '#e07b00'],
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 70, right: hasRank ? 70 : 16, top: 32, bottom: 30 },
    xAxis: { type: 'time' },
    yAxis: [
      { type: 'value', name: currency, scale: true, axisLabel: { formatter: (v: number) => formatNumber(v, lang, 2) } },
      ...(hasRank ? [{ type: 'value', name: names.rank, inverse: true, scale: true }] : []),
    ],
    series: [
      { name: `${names.price} (${currency})`, type: 'line', step: 'end', data: h.filter((s) => s.price).map((s) => [s.time, s.price!.amount]) },
      ...(hasRank ? [{ name: names.rank, type: 'line', yAxisIndex: 1, data: h.filter((s) => s.salesRank != null).map((s) => [s.time, s.salesRank]) }] : []),
    ],
  };
}

export function ListingPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const res = useAsync((signal) => request<ListingDetailQuery, ListingDetailQueryVariables>(ListingDetailDoc, { id }, signal), [id]);
  const d = res.data?.listing;
  const option = useMemo(() => (d ? historyOption(d.history, lang, { price: t('listing.price'), rank: t('listing.rank') }) : null), [d, lang, t]);
  return (
    <>
      <p><Link to="/listings">← {t('listing.back')}</Link></p>
      {res.error != null ? <ErrorBox error={res.error} retry={res.reload} /> : !d ? <Loading /> : (
        <>
          <h1>{d.listing.title}</h1>
          <section className="card">
            <dl className="facts">
              <div><dt>{t('listings.cols.price')}</dt><dd>{d.listing.price ? `${formatMoney(d.listing.price.amount, d.listing.price.currency, lang, false)}${d.listing.price.usd != null && d.listing.price.currency !== 'USD' ? ` ≈ ${formatMoney(d.listing.price.usd, 'USD', lang, false)}` : ''}` : '—'}</dd></div>
              <div><dt>{t('listing.fields.brand')}</dt><dd>{d.listing.brand ?? '—'}</dd></div>
              <div><dt>{t('listing.fields.seller')}</dt><dd>{d.listing.seller ?? '—'}{d.listing.sellerCountry ? ` · ${d.listing.sellerCountry}` : ''}</dd></div>
              <div><dt>{t('listing.fields.market')}</dt><dd>{d.listing.marketplace} · {d.listing.country}</dd></div>
              <div><dt>{t('listing.fields.category')}</dt><dd>{d.listing.category ?? '—'}</dd></div>
              <div><dt>{t('listing.fields.sectors')}</dt><dd>{d.listing.sectors.join(', ') || '—'}</dd></div>
              <div><dt>{t('listing.fields.rating')}</dt><dd>{d.listing.rating != null ? formatNumber(d.listing.rating, lang, 1) : '—'} · {t('listing.fields.reviews')} {formatNumber(d.listing.reviewCount, lang, 0)}</dd></div>
              <div><dt>{t('listing.fields.seen')}</dt><dd>{formatDate(d.listing.firstSeen, lang)} / {formatDate(d.listing.lastSeen, lang)}</dd></div>
            </dl>
            <a href={d.listing.url} target="_blank" rel="noopener noreferrer">{t('listing.fields.open')}</a>
          </section>
          <section className="card" data-testid="listing-history">
            <h2>{t('listing.history')}</h2>
            {d.history.length === 0 || !option ? <Empty>{t('listing.noHistory')}</Empty> : (
              <>
                <p className="muted">{t('listing.observations', { n: formatNumber(d.history.length, lang, 0) })} · {t('listing.rankHint')}</p>
                <Chart option={option} label={t('listing.history')} />
              </>
            )}
          </section>
        </>
      )}
    </>
  );
}
