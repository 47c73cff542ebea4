import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { request } from '../api/client';
import type {
  TeachingListingsQuery, TeachingListingsQueryVariables, TeachingMarketReportQuery, TeachingMarketReportQueryVariables,
} from '../api/generated';
import { MarketReportView } from '../components/ReportView';
import { ErrorBox } from '../components/States';
import { isMarketReport } from '../report';
import { TeachingListingsDoc, TeachingMarketReportDoc } from './operations';
import './i18n';

type Listings = TeachingListingsQuery['teachingListings'];

/**
 * The data students answer from: listings and market reports of the
 * class's frozen snapshot, or of one assignment's.
 */
export function SnapshotData({ classId, sectors, assignments }: { classId: string; sectors: string[]; assignments: { id: string; title: string }[] }) {
  const { t } = useTranslation();
  const [snap, setSnap] = useState('');
  const [sector, setSector] = useState(sectors[0] ?? '');
  const [market, setMarket] = useState('');
  const [query, setQuery] = useState('');
  const [marketplace, setMarketplace] = useState('');
  const [country, setCountry] = useState('');
  const [report, setReport] = useState<unknown>();
  const [listings, setListings] = useState<Listings>();
  const [error, setError] = useState<unknown>();
  const assignmentId = snap || null;

  async function run(f: () => Promise<void>) {
    setError(undefined);
    try {
      await f();
    } catch (err) {
      setError(err);
    }
  }
  const buildReport = (e: React.FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const r = await request<TeachingMarketReportQuery, TeachingMarketReportQueryVariables>(TeachingMarketReportDoc,
        { classId, assignmentId, sector, market: market.trim().toUpperCase() || null });
      setReport(r.teachingMarketReport);
    });
  };
  const search = (e: React.FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const filter: Record<string, string[]> = { sectors: [sector] };
      if (marketplace.trim()) filter.marketplaces = [marketplace.trim()];
      if (country.trim()) filter.countries = [country.trim().toUpperCase()];
      const r = await request<TeachingListingsQuery, TeachingListingsQueryVariables>(TeachingListingsDoc,
        { classId, assignmentId, query: query.trim() || null, filter, first: 50 });
      setListings(r.teachingListings);
    });
  };
  return (
    <section className="card" aria-labelledby="snap-h">
      <h2 id="snap-h">{t('teach.data')}</h2>
      <div className="row">
        <div className="field">
          <label htmlFor="snap">{t('teach.dataOf')}</label>
          <select id="snap" value={snap} onChange={(e) => setSnap(e.target.value)}>
            <option value="">{t('teach.classSnapshot')}</option>
            {assignments.map((a) => <option key={a.id} value={a.id}>{a.title}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="snap-sector">{t('teach.sectors')}</label>
          <select id="snap-sector" value={sector} onChange={(e) => setSector(e.target.value)}>
            {sectors.map((s) => <option key={s} value={s}>{s}</option>)}
          </select>
        </div>
      </div>
      {error !== undefined && <ErrorBox error={error} />}
      <form className="row" onSubmit={search}>
        <div className="field"><label htmlFor="snap-q">{t('teach.searchText')}</label><input id="snap-q" value={query} onChange={(e) => setQuery(e.target.value)} /></div>
        <div className="field"><label htmlFor="snap-mp">{t('teach.param.marketplace')}</label><input id="snap-mp" value={marketplace} onChange={(e) => setMarketplace(e.target.value)} /></div>
        <div className="field"><label htmlFor="snap-c">{t('teach.param.country')}</label><input id="snap-c" value={country} onChange={(e) => setCountry(e.target.value)} size={4} /></div>
        <button className="btn" type="submit">{t('teach.searchListings')}</button>
      </form>
      {listings && (
        <>
          <p className="muted">{t('teach.listingsTotal', { n: listings.totalCount })}</p>
          <table>
            <tbody>
              {listings.edges.map(({ node: l }) => (
                <tr key={l.id}><td>{l.title}</td><td>{l.marketplace}</td><td>{l.country}</td><td>{l.price?.usd ?? ''}</td></tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <form className="row" onSubmit={buildReport}>
        <div className="field"><label htmlFor="snap-m">{t('teach.param.market')}</label><input id="snap-m" value={market} onChange={(e) => setMarket(e.target.value)} size={4} /></div>
        <button className="btn" type="submit">{t('teach.buildReport')}</button>
      </form>
      {isMarketReport(report) && <MarketReportView report={report} />}
    </section>
  );
}
