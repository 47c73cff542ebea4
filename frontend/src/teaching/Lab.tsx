import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { request } from '../api/client';
import type { RunCrawlerLabMutation, RunCrawlerLabMutationVariables } from '../api/generated';
import { ErrorBox } from '../components/States';
import { Link } from '../router';
import { RunCrawlerLabDoc } from './operations';
import './i18n';

// A starting adapter for the US practice store: search results, then
// product pages. Students extend it (brand, seller, rating, …).
export const starterAdapter = `name: my-practice-us
markets:
  - {host: practicemart.us, country: US, locale: en-US, currency: USD}
search:
  url: "https://{host}/us/search?q={keyword}&page={page}"
pages:
  - name: search
    urls: ['^/us/search\\?']
    items: 'ol.s-results > li.s-result'
    follow: {css: 'h2.s-title a.s-link', attr: href}
    fields:
      title: 'h2.s-title a.s-link'
      price: 'span.s-price'
  - name: product
    urls: ['^/us/p/']
    fields:
      title: '#title'
      price: '#price'
`;

type Result = RunCrawlerLabMutation['runCrawlerLab'];

export function LabPage() {
  const { t } = useTranslation();
  const [yaml, setYaml] = useState(starterAdapter);
  const [keyword, setKeyword] = useState('magnesium oxide');
  const [start, setStart] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [res, setRes] = useState<Result>();
  async function run(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const r = await request<RunCrawlerLabMutation, RunCrawlerLabMutationVariables>(RunCrawlerLabDoc, { yaml, keyword: keyword || null, startUrl: start || null });
      setRes(r.runCrawlerLab);
    } catch (err) {
      setError(err);
      setRes(undefined);
    } finally {
      setBusy(false);
    }
  }
  return (
    <>
      <p><Link to="/teaching">{t('teach.back')}</Link></p>
      <h1>{t('teach.lab')}</h1>
      <p className="muted">{t('teach.labIntro')}</p>
      <form className="card" onSubmit={run}>
        <div className="field">
          <label htmlFor="lab-yaml">{t('teach.yaml')}</label>
          <textarea id="lab-yaml" data-testid="lab-yaml" value={yaml} onChange={(e) => setYaml(e.target.value)} rows={22} spellCheck={false}
            style={{ width: '100%', fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', fontSize: 13 }} />
        </div>
        <div className="row">
          <div className="field">
            <label htmlFor="lab-kw">{t('teach.param.keyword')}</label>
            <input id="lab-kw" value={keyword} onChange={(e) => setKeyword(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="lab-start">{t('teach.startUrl')}</label>
            <input id="lab-start" value={start} onChange={(e) => setStart(e.target.value)} size={40} />
          </div>
          <button className="btn btn-primary" type="submit" disabled={busy} data-testid="lab-run">{busy ? t('teach.running') : t('teach.run')}</button>
        </div>
      </form>
      {error !== undefined && <ErrorBox error={error} />}
      {res && (
        <div style={{ display: 'grid', gridTemplateColumns: 'minmax(0, 3fr) minmax(0, 1fr)', gap: 16 }}>
          <section className="card" style={{ overflowX: 'auto' }}>
            <h2>{t('teach.rows', { n: res.rows.length, pages: res.pages })}</h2>
            <table data-testid="lab-rows">
              <thead>
                <tr>{(['page', 'title', 'brand', 'seller', 'price', 'currency', 'rating', 'reviews', 'sku'] as const).map((c) => <th key={c}>{t(`teach.cols.${c}`)}</th>)}</tr>
              </thead>
              <tbody>
                {res.rows.map((r, i) => (
                  <tr key={i}>
                    <td title={r.pageUrl}>{r.page}</td><td>{r.title}</td><td>{r.brand}</td><td>{r.seller}</td>
                    <td>{r.price ?? ''}</td><td>{r.currency}</td><td>{r.rating ?? ''}</td><td>{r.reviewCount}</td><td>{r.sku}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section className="card" data-testid="lab-errors">
            <h2>{t('teach.errors', { n: res.errors.length })}</h2>
            {res.errors.length === 0 ? <p className="muted">{t('teach.noErrors')}</p> : (
              <ul>{res.errors.map((e, i) => <li key={i} style={{ fontFamily: 'monospace', fontSize: 12, wordBreak: 'break-all' }}>{e}</li>)}</ul>
            )}
          </section>
        </div>
      )}
    </>
  );
}
