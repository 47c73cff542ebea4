import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { request } from '../api/client';
import type { ReportKind, ReportsListQuery, ReportsListQueryVariables } from '../api/generated';
import { ReportsListDoc } from '../api/operations.reports';
import { ReportProgress } from '../components/ReportProgress';
import { MarketReportView, MarketsHint } from '../components/ReportView';
import { SectorSelect } from '../components/SectorSelect';
import { Empty, ErrorBox, Loading } from '../components/States';
import { formatDate } from '../format';
import { useAsync, useLang } from '../hooks';
import { addTranslations } from '../i18n';
import { isMarketReport } from '../report';
import { createReport, downloadExport, useReport } from '../reports';
import { Link, navigate } from '../router';

addTranslations(
  'rc',
  {
    kind: '报告类型', kinds: { MARKET: '市场报告', BRAND: '品牌报告' }, brand: '品牌', createBtn: '生成报告', list: '全部报告',
    cols: { created: '创建时间', kind: '类型', subject: '对象', status: '状态', progress: '进度' }, all: '全部市场',
    total: '共 {{n}} 份', download: '下载', print: '打印', live: '实时进度（WebSocket）', polling: '实时连接不可用，每秒刷新',
    brandNote: '品牌报告已生成，可下载 CSV / XLSX 查看全部数据。', failed: '报告生成失败：{{message}}', downloading: '下载中…',
    printTitle: '市场报告 · Market report',
  },
  {
    kind: 'Kind', kinds: { MARKET: 'Market report', BRAND: 'Brand report' }, brand: 'Brand', createBtn: 'Create report', list: 'All reports',
    cols: { created: 'Created', kind: 'Kind', subject: 'Subject', status: 'Status', progress: 'Progress' }, all: 'all markets',
    total: '{{n}} reports', download: 'Download', print: 'Print', live: 'Live progress (WebSocket)', polling: 'Live connection unavailable; refreshing every second',
    brandNote: 'The brand report is ready: download the CSV / XLSX for all its figures.', failed: 'The report failed: {{message}}', downloading: 'Downloading…',
    printTitle: '市场报告 · Market report',
  },
);

const PAGE = 20;

export function ReportsPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const [kind, setKind] = useState<ReportKind>('MARKET');
  const [sector, setSector] = useState('magnesium');
  const [market, setMarket] = useState('');
  const [brand, setBrand] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const after = cursors[cursors.length - 1];
  const list = useAsync((signal) => request<ReportsListQuery, ReportsListQueryVariables>(ReportsListDoc, { first: PAGE, after }, signal), [after]);

  async function create(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const r = await createReport({
        kind, sector, market: market.trim().toUpperCase() || null, brand: kind === 'BRAND' ? brand.trim() || null : null,
      });
      navigate(`/reports/${encodeURIComponent(r.id)}`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  const data = list.data?.reports;

  return (
    <>
      <h1>{t('reports.title')}</h1>
      <form className="card row" onSubmit={create}>
        <div className="field" style={{ margin: 0 }}>
          <label htmlFor="report-kind">{t('rc.kind')}</label>
          <select id="report-kind" value={kind} onChange={(e) => setKind(e.target.value as ReportKind)}>
            <option value="MARKET">{t('rc.kinds.MARKET')}</option>
            <option value="BRAND">{t('rc.kinds.BRAND')}</option>
          </select>
        </div>
        <SectorSelect id="report-sector" value={sector} onChange={setSector} />
        <div className="field" style={{ margin: 0 }}>
          <label htmlFor="report-market">{t('reports.market')}</label>
          <input id="report-market" value={market} maxLength={2} pattern="[A-Za-z]{2}" onChange={(e) => setMarket(e.target.value)} />
        </div>
        {kind === 'BRAND' && (
          <div className="field" style={{ margin: 0 }}>
            <label htmlFor="report-brand">{t('rc.brand')}</label>
            <input id="report-brand" value={brand} required maxLength={100} onChange={(e) => setBrand(e.target.value)} />
          </div>
        )}
        <button className="btn btn-primary" type="submit" disabled={busy}>{kind === 'MARKET' ? t('reports.create') : t('rc.createBtn')}</button>
      </form>
      {error != null && <ErrorBox error={error} />}
      <section className="card" aria-busy={list.loading}>
        <h2>{t('rc.list')}</h2>
        {list.error != null ? <ErrorBox error={list.error} retry={list.reload} /> : !data ? <Loading /> : data.edges.length === 0 ? (
          <Empty>{t('reports.empty')}</Empty>
        ) : (
          <>
            <p className="muted">{t('rc.total', { n: data.totalCount })}</p>
            <div style={{ overflowX: 'auto' }}>
              <table data-testid="report-list">
                <thead>
                  <tr>
                    <th scope="col">{t('rc.cols.created')}</th><th scope="col">{t('rc.cols.kind')}</th><th scope="col">{t('rc.cols.subject')}</th>
                    <th scope="col">{t('rc.cols.status')}</th><th scope="col" className="num">{t('rc.cols.progress')}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.edges.map(({ node: r }) => (
                    <tr key={r.id}>
                      <td><Link to={`/reports/${encodeURIComponent(r.id)}`}>{formatDate(r.createdAt, lang)}</Link></td>
                      <td>{t(`rc.kinds.${r.kind}`)}</td>
                      <td>{r.sector} · {r.market ?? t('rc.all')}{r.brand ? ` · ${r.brand}` : ''}</td>
                      <td><span className={`badge badge-${r.status}`}>{t(`reports.statuses.${r.status}`)}</span></td>
                      <td className="num">{Math.round(r.progress)}%</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <nav className="row" aria-label="pagination" style={{ marginTop: 12 }}>
              <button type="button" className="btn" disabled={cursors.length === 1} onClick={() => setCursors([null])}>{t('listings.first')}</button>
              <span className="muted">{t('listings.page', { n: cursors.length })}</span>
              <button type="button" className="btn" disabled={!data.pageInfo.hasNextPage} onClick={() => setCursors((c) => [...c, data.pageInfo.endCursor])}>{t('listings.more')}</button>
            </nav>
          </>
        )}
      </section>
    </>
  );
}

export function ReportPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const { report, error, via } = useReport(id);
  const [dlError, setDlError] = useState<unknown>();
  const [downloading, setDownloading] = useState('');

  async function download(url: string, ext: string) {
    setDlError(undefined);
    setDownloading(ext);
    try {
      await downloadExport(url, `exportscope-report-${id}.${ext}`);
    } catch (e) {
      setDlError(e);
    } finally {
      setDownloading('');
    }
  }

  return (
    <>
      <h1 className="no-print">{t('reports.title')}</h1>
      <h1 className="print-only">{t('rc.printTitle')}</h1>
      <p className="no-print"><Link to="/reports">← {t('rc.list')}</Link></p>
      {error != null ? <ErrorBox error={error} /> : !report ? <Loading /> : (
        <>
          <div className="card no-print">
            <ReportProgress report={report} />
            {via !== 'none' && <p className="muted" data-testid="report-via" data-via={via}>{via === 'socket' ? t('rc.live') : t('rc.polling')}</p>}
            {report.status === 'FAILED' && <p className="alert" role="alert">{t('rc.failed', { message: report.error ?? '' })}</p>}
            {report.status === 'FAILED' && report.market && <MarketsHint />}
            {report.exports && (
              <div className="row" style={{ marginTop: 12 }}>
                <button type="button" className="btn" data-testid="download-csv" disabled={!!downloading} onClick={() => download(report.exports!.csv, 'csv')}>{t('rc.download')} CSV</button>
                <button type="button" className="btn" data-testid="download-xlsx" disabled={!!downloading} onClick={() => download(report.exports!.xlsx, 'xlsx')}>{t('rc.download')} XLSX</button>
                <button type="button" className="btn" data-testid="print" onClick={() => window.print()}>{t('rc.print')}</button>
                {downloading && <span className="muted" role="status">{t('rc.downloading')}</span>}
              </div>
            )}
            {dlError != null && <ErrorBox error={dlError} />}
          </div>
          {report.status === 'DONE' && (isMarketReport(report.result) ? <MarketReportView report={report.result} /> : <Empty>{t('rc.brandNote')}</Empty>)}
        </>
      )}
    </>
  );
}
