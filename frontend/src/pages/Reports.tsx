import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ReportProgress } from '../components/ReportProgress';
import { MarketReportView } from '../components/ReportView';
import { SectorSelect } from '../components/SectorSelect';
import { Empty, ErrorBox, Loading } from '../components/States';
import { formatDate } from '../format';
import { useLang } from '../hooks';
import { isMarketReport } from '../report';
import { createMarketReport, recentReports, useReport } from '../reports';
import { Link, navigate } from '../router';

export function ReportsPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const [sector, setSector] = useState('magnesium');
  const [market, setMarket] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const recent = recentReports();

  async function create(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const r = await createMarketReport(sector, market.trim().toUpperCase() || null);
      navigate(`/reports/${encodeURIComponent(r.id)}`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <h1>{t('reports.title')}</h1>
      <form className="card row" onSubmit={create}>
        <SectorSelect id="report-sector" value={sector} onChange={setSector} />
        <div className="field" style={{ margin: 0 }}>
          <label htmlFor="report-market">{t('reports.market')}</label>
          <input id="report-market" value={market} maxLength={2} pattern="[A-Za-z]{2}" onChange={(e) => setMarket(e.target.value)} />
        </div>
        <button className="btn btn-primary" type="submit" disabled={busy}>{t('reports.create')}</button>
      </form>
      {error != null && <ErrorBox error={error} />}
      <section className="card">
        <h2>{t('reports.recent')}</h2>
        {recent.length === 0 ? (
          <Empty>{t('reports.empty')}</Empty>
        ) : (
          <ul>
            {recent.map((r) => (
              <li key={r.id}>
                <Link to={`/reports/${encodeURIComponent(r.id)}`}>{r.sector}{r.market ? ` · ${r.market}` : ''} · {formatDate(r.createdAt, lang)}</Link>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

export function ReportPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const { report, error } = useReport(id);
  return (
    <>
      <h1>{t('reports.title')}</h1>
      <p><Link to="/reports">← {t('reports.recent')}</Link></p>
      {error != null ? <ErrorBox error={error} /> : !report ? <Loading /> : (
        <>
          <div className="card"><ReportProgress report={report} /></div>
          {report.status === 'DONE' && isMarketReport(report.result) && <MarketReportView report={report.result} />}
        </>
      )}
    </>
  );
}
