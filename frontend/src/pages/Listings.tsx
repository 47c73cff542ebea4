import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { request } from '../api/client';
import type { ListingFilter, ListingSort, ListingsQuery, ListingsQueryVariables } from '../api/generated';
import { ListingsDoc } from '../api/operations';
import { Empty, ErrorBox, Loading } from '../components/States';
import { formatMoney, formatNumber } from '../format';
import { useAsync, useLang } from '../hooks';
import { Link } from '../router';

const PAGE = 20;
const FACETS = ['marketplace', 'country', 'brand', 'sellerCountry', 'sectors'] as const;
type FacetField = (typeof FACETS)[number];
const filterKey: Record<FacetField, keyof ListingFilter> = {
  marketplace: 'marketplaces', country: 'countries', brand: 'brands', sellerCountry: 'sellerCountries', sectors: 'sectors',
};
const SORTS: ListingSort[] = ['RELEVANCE', 'NEWEST', 'PRICE_ASC', 'PRICE_DESC', 'RATING_DESC', 'REVIEWS_DESC'];

export function ListingsPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const [draft, setDraft] = useState('');
  const [query, setQuery] = useState('');
  const [selected, setSelected] = useState<Partial<Record<FacetField, string[]>>>({});
  const [minPrice, setMinPrice] = useState('');
  const [maxPrice, setMaxPrice] = useState('');
  const [minRating, setMinRating] = useState('');
  const [sort, setSort] = useState<ListingSort>('RELEVANCE');
  // cursors[i] is the `after` of page i+1; page 1 has none.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const page = cursors.length;

  const filter: ListingFilter = {};
  for (const f of FACETS) {
    const v = selected[f];
    if (v?.length) (filter[filterKey[f]] as string[]) = v;
  }
  // A price bound that is not a number, or a range upside down, is named and not sent.
  const badMin = minPrice.trim() !== '' && !(Number.isFinite(+minPrice) && +minPrice >= 0);
  const badMax = maxPrice.trim() !== '' && !(Number.isFinite(+maxPrice) && +maxPrice >= 0);
  const upsideDown = !badMin && !badMax && minPrice.trim() !== '' && maxPrice.trim() !== '' && +minPrice > +maxPrice;
  if (minPrice.trim() !== '' && !badMin && !upsideDown) filter.minPriceUSD = +minPrice;
  if (maxPrice.trim() !== '' && !badMax && !upsideDown) filter.maxPriceUSD = +maxPrice;
  if (minRating !== '') filter.minRating = +minRating;
  const after = cursors[cursors.length - 1];
  const key = JSON.stringify([query, filter, sort, after]);
  const res = useAsync(
    (signal) => request<ListingsQuery, ListingsQueryVariables>(ListingsDoc, { query: query || null, filter, sort, first: PAGE, after }, signal),
    [key],
  );

  const resetPages = () => setCursors([null]);
  const toggle = (f: FacetField, k: string) => {
    setSelected((s) => {
      const cur = s[f] ?? [];
      return { ...s, [f]: cur.includes(k) ? cur.filter((x) => x !== k) : [...cur, k] };
    });
    resetPages();
  };
  const data = res.data?.listings;

  return (
    <>
      <h1>{t('listings.title')}</h1>
      <form
        className="row card"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setQuery(draft.trim());
          resetPages();
        }}
      >
        <div className="field" style={{ flex: 1, margin: 0 }}>
          <label htmlFor="q" className="sr-only">{t('listings.search')}</label>
          <input id="q" type="search" placeholder={t('listings.search')} value={draft} maxLength={200} onChange={(e) => setDraft(e.target.value)} />
        </div>
        <button className="btn btn-primary" type="submit">{t('listings.searchButton')}</button>
        <div className="field" style={{ margin: 0 }}>
          <label htmlFor="sort">{t('listings.sort')}</label>
          <select id="sort" value={sort} onChange={(e) => { setSort(e.target.value as ListingSort); resetPages(); }}>
            {SORTS.map((s) => <option key={s} value={s}>{t(`listings.sorts.${s}`)}</option>)}
          </select>
        </div>
      </form>
      <div className="layout">
        <aside className="card" aria-label="filters">
          <div className="row">
            <div className="field" style={{ flex: 1 }}>
              <label htmlFor="minp">{t('listings.minPrice')}</label>
              <input id="minp" inputMode="decimal" size={6} aria-invalid={badMin || upsideDown} value={minPrice} onChange={(e) => { setMinPrice(e.target.value); resetPages(); }} />
            </div>
            <div className="field" style={{ flex: 1 }}>
              <label htmlFor="maxp">{t('listings.maxPrice')}</label>
              <input id="maxp" inputMode="decimal" size={6} aria-invalid={badMax || upsideDown} value={maxPrice} onChange={(e) => { setMaxPrice(e.target.value); resetPages(); }} />
            </div>
          </div>
          {(badMin || badMax || upsideDown) && (
            <p className="alert" role="alert" data-testid="price-error">{upsideDown ? t('listings.priceOrder') : t('listings.priceBad')}</p>
          )}
          <div className="field">
            <label htmlFor="minr">{t('listings.minRating')}</label>
            <select id="minr" value={minRating} onChange={(e) => { setMinRating(e.target.value); resetPages(); }}>
              <option value="">—</option>
              {['4.5', '4', '3.5', '3'].map((r) => <option key={r} value={r}>≥ {r}★</option>)}
            </select>
          </div>
          {data?.facets
            .filter((f) => (FACETS as readonly string[]).includes(f.field) && f.buckets.length > 0)
            .map((f) => (
              <fieldset className="facet" key={f.field} data-facet={f.field}>
                <legend>{t(`listings.facets.${f.field}`)}</legend>
                {f.buckets.slice(0, 8).map((b) => (
                  <label key={b.key}>
                    <input type="checkbox" checked={selected[f.field as FacetField]?.includes(b.key) ?? false} onChange={() => toggle(f.field as FacetField, b.key)} />
                    <span>{b.key}</span>
                    <span className="count">{formatNumber(b.count, lang, 0)}</span>
                  </label>
                ))}
              </fieldset>
            ))}
          <button type="button" className="btn" onClick={() => { setSelected({}); setMinPrice(''); setMaxPrice(''); setMinRating(''); resetPages(); }}>{t('listings.clear')}</button>
        </aside>
        <section className="card" aria-live="polite" aria-busy={res.loading}>
          {res.error != null ? (
            <ErrorBox error={res.error} retry={res.reload} />
          ) : !data ? (
            <Loading />
          ) : data.edges.length === 0 ? (
            <Empty>{t('listings.empty')}</Empty>
          ) : (
            <>
              <p className="muted" data-testid="total">{t('listings.total', { n: formatNumber(data.totalCount, lang, 0) })}</p>
              <div style={{ overflowX: 'auto' }}>
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t('listings.cols.title')}</th>
                      <th scope="col">{t('listings.cols.brand')}</th>
                      <th scope="col">{t('listings.cols.market')}</th>
                      <th scope="col" className="num">{t('listings.cols.price')}</th>
                      <th scope="col" className="num">{t('listings.cols.priceUSD')}</th>
                      <th scope="col" className="num">{t('listings.cols.rating')}</th>
                      <th scope="col" className="num">{t('listings.cols.reviews')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.edges.map(({ node: l }) => (
                      <tr key={l.id}>
                        <td><Link to={`/listings/${encodeURIComponent(l.id)}`} data-testid="listing-link">{l.title}</Link><div className="muted">{l.seller}{l.sellerCountry ? ` · ${l.sellerCountry}` : ''}</div></td>
                        <td>{l.brand ?? '—'}</td>
                        <td>{l.marketplace} · {l.country}</td>
                        <td className="num">{l.price ? formatMoney(l.price.amount, l.price.currency, lang, false) : '—'}</td>
                        <td className="num">{l.price?.usd != null ? formatMoney(l.price.usd, 'USD', lang, false) : '—'}</td>
                        <td className="num">{l.rating != null ? formatNumber(l.rating, lang, 1) : '—'}</td>
                        <td className="num">{formatNumber(l.reviewCount, lang, 0)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <nav className="row" aria-label="pagination" style={{ marginTop: 12 }}>
                <button type="button" className="btn" disabled={page === 1} onClick={resetPages}>{t('listings.first')}</button>
                <span className="muted">{t('listings.page', { n: page })}</span>
                <button type="button" className="btn" disabled={!data.pageInfo.hasNextPage} onClick={() => setCursors((c) => [...c, data.pageInfo.endCursor])}>{t('listings.more')}</button>
              </nav>
            </>
          )}
        </section>
      </div>
    </>
  );
}
