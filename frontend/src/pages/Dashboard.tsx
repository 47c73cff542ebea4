import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ReportProgress } from '../components/ReportProgress';
import { MarketReportView } from '../components/ReportView';
import { SectorSelect } from '../components/SectorSelect';
import { Empty, ErrorBox, Loading } from '../components/States';
import { isMarketReport } from '../report';
import { createMarketReport, findLatestMarketReport, latestReportId, useReport } from '../reports';

const SECTOR_KEY = 'exportscope.sector';

export function DashboardPage() {
  const { t } = useTranslation();
  const [sector, setSectorState] = useState(() => localStorage.getItem(SECTOR_KEY) ?? 'magnesium');
  const [id, setId] = useState(() => latestReportId(sector));
  const [error, setError] = useState<unknown>();
  const { report, error: loadError } = useReport(id);
  // Another browser or member may have built one: look in the tenant's list.
  useEffect(() => {
    if (id) return;
    const ac = new AbortController();
    findLatestMarketReport(sector, ac.signal).then((found) => !ac.signal.aborted && found && setId(found), () => {});
    return () => ac.abort();
  }, [id, sector]);

  const setSector = (s: string) => {
    localStorage.setItem(SECTOR_KEY, s);
    setSectorState(s);
    setId(latestReportId(s));
  };
  async function build() {
    setError(undefined);
    try {
      setId((await createMarketReport(sector, null)).id);
    } catch (err) {
      setError(err);
    }
  }
  const running = report && (report.status === 'QUEUED' || report.status === 'RUNNING');

  return (
    <>
      <h1>{t('dash.title')}</h1>
      <div className="card row">
        <SectorSelect id="dash-sector" value={sector} onChange={setSector} />
        <button type="button" className="btn btn-primary" onClick={build} disabled={!!running}>{id ? t('dash.rebuild') : t('dash.build')}</button>
      </div>
      {error != null && <ErrorBox error={error} />}
      {!id ? (
        <Empty>{t('dash.none', { sector })}</Empty>
      ) : loadError != null ? (
        <ErrorBox error={loadError} />
      ) : !report ? (
        <Loading />
      ) : report.status !== 'DONE' ? (
        <div className="card"><ReportProgress report={report} /></div>
      ) : isMarketReport(report.result) ? (
        <MarketReportView report={report.result} />
      ) : (
        <Empty>{t('dash.none', { sector })}</Empty>
      )}
    </>
  );
}
