import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { request } from '../api/client';
import type {
  AnswerInvitationMutation, AnswerInvitationMutationVariables, BenchmarksQuery, EndMembershipMutation, EndMembershipMutationVariables,
  InboxQuery, MarkRespondedMutation, MarkRespondedMutationVariables, MemberHomeQuery, PortalReportDocumentQuery,
  PortalReportDocumentQueryVariables, SaveMemberProfileMutation, SaveMemberProfileMutationVariables,
} from '../api/generated';
import { MarketReportView } from '../components/ReportView';
import { Empty, ErrorBox, Loading } from '../components/States';
import { formatDate } from '../format';
import { useAction, useAsync, useLang } from '../hooks';
import { isMarketReport } from '../report';
import {
  AnswerInvitationDoc, BenchmarksDoc, EndMembershipDoc, InboxDoc, MarkRespondedDoc, MemberHomeDoc, PortalReportDoc, SaveMemberProfileDoc,
} from './operations';
import { Tabs } from './PortalPage';
import { sectorName, splitList } from './util';

export function MemberPortal({ sub, manage }: { sub: string; manage: boolean }) {
  const { t } = useTranslation();
  const tab = ['profile', 'invitations', 'benchmarks'].includes(sub) ? sub : 'inbox';
  return (
    <>
      <h1>{t('portal.nav')}</h1>
      <Tabs sub={tab} tabs={[['inbox', t('portal.tabs.inbox')], ['profile', t('portal.tabs.profile')], ['invitations', t('portal.tabs.invitations')], ['benchmarks', t('portal.tabs.benchmarks')]]} />
      {tab === 'inbox' && <Inbox />}
      {tab === 'profile' && <Profile manage={manage} />}
      {tab === 'invitations' && <Invitations manage={manage} />}
      {tab === 'benchmarks' && <Benchmarks />}
    </>
  );
}

function Inbox() {
  const { t } = useTranslation();
  const lang = useLang();
  const res = useAsync((signal) => request<InboxQuery>(InboxDoc, undefined, signal), []);
  const { error, run } = useAction(res.reload);
  const mark = (id: string) => run(() => request<MarkRespondedMutation, MarkRespondedMutationVariables>(MarkRespondedDoc, { id }));
  if (res.error) return <ErrorBox error={res.error} retry={res.reload} />;
  if (!res.data) return <Loading />;
  return (
    <section data-testid="inbox">
      <h2>{t('portal.inbox.title')}</h2>
      {error != null && <ErrorBox error={error} />}
      {res.data.inquiryInbox.length === 0 ? <Empty>{t('portal.inbox.empty')}</Empty> : res.data.inquiryInbox.map((q) => (
        <article key={q.id} className="card" data-inquiry={q.id}>
          <h3>{q.product}</h3>
          <p className="muted">{formatDate(q.createdAt, lang)} · {sectorName(res.data!.sectors, q.sector, lang)} · {t('portal.inbox.from', { assoc: q.associationName })}</p>
          <p>{t('portal.inbox.qty')}: {q.quantity} · {t('portal.inbox.dest')}: {q.destination}</p>
          <p>{t('portal.inbox.contact')}: {q.contactName} &lt;<a href={`mailto:${q.contactEmail}`}>{q.contactEmail}</a>&gt;</p>
          {q.message && <p style={{ whiteSpace: 'pre-wrap' }}>{q.message}</p>}
          {q.respondedAt ? <span className="badge">{t('portal.inbox.responded')} {formatDate(q.respondedAt, lang)}</span>
            : <button type="button" className="btn" onClick={() => mark(q.id)}>{t('portal.inbox.mark')}</button>}
        </article>
      ))}
    </section>
  );
}

type ProfileForm = { companyZh: string; companyEn: string; sectors: string[]; productsZh: string; productsEn: string; certifications: string; exportMarkets: string; capacityZh: string; capacityEn: string; price: string };

function Profile({ manage }: { manage: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  const res = useAsync((signal) => request<MemberHomeQuery>(MemberHomeDoc, undefined, signal), []);
  const [f, setF] = useState<ProfileForm>({ companyZh: '', companyEn: '', sectors: [], productsZh: '', productsEn: '', certifications: '', exportMarkets: '', capacityZh: '', capacityEn: '', price: '' });
  const [msg, setMsg] = useState('');
  const [error, setError] = useState<unknown>();
  const p = res.data?.memberProfile;
  useEffect(() => {
    if (p) {
      setF({ companyZh: p.companyZh, companyEn: p.companyEn, sectors: p.sectors, productsZh: p.productsZh.join(', '), productsEn: p.productsEn.join(', '),
        certifications: p.certifications.join(', '), exportMarkets: p.exportMarkets.join(', '), capacityZh: p.capacityZh, capacityEn: p.capacityEn, price: p.priceUsdPerTon == null ? '' : String(p.priceUsdPerTon) });
    }
  }, [p]);
  if (res.error) return <ErrorBox error={res.error} retry={res.reload} />;
  if (!res.data) return <Loading />;
  async function save(e: React.FormEvent) {
    e.preventDefault();
    setError(undefined);
    setMsg('');
    try {
      await request<SaveMemberProfileMutation, SaveMemberProfileMutationVariables>(SaveMemberProfileDoc, { input: {
        companyZh: f.companyZh, companyEn: f.companyEn, sectors: f.sectors, productsZh: splitList(f.productsZh), productsEn: splitList(f.productsEn),
        certifications: splitList(f.certifications), exportMarkets: splitList(f.exportMarkets), capacityZh: f.capacityZh, capacityEn: f.capacityEn,
        priceUsdPerTon: f.price.trim() === '' ? null : Number(f.price),
      } });
      setMsg(t('portal.profile.saved'));
    } catch (err) {
      setError(err);
    }
  }
  const field = (k: Exclude<keyof ProfileForm, 'sectors'>, label: string, extra?: React.InputHTMLAttributes<HTMLInputElement>) => (
    <div className="field">
      <label htmlFor={`profile-${k}`}>{label}</label>
      <input id={`profile-${k}`} value={f[k]} onChange={(e) => setF({ ...f, [k]: e.target.value })} disabled={!manage} {...extra} />
    </div>
  );
  return (
    <form className="card" onSubmit={save} data-testid="profile">
      <h2>{t('portal.profile.title')}</h2>
      {field('companyZh', t('portal.profile.companyZh'), { required: true, maxLength: 100 })}
      {field('companyEn', t('portal.profile.companyEn'), { required: true, maxLength: 100 })}
      <fieldset><legend>{t('portal.profile.sectors')}</legend>
        {res.data.sectors.map((s) => (
          <label key={s.slug} style={{ marginRight: 12 }}><input type="checkbox" checked={f.sectors.includes(s.slug)} disabled={!manage}
            onChange={() => setF({ ...f, sectors: f.sectors.includes(s.slug) ? f.sectors.filter((x) => x !== s.slug) : [...f.sectors, s.slug] })} /> {s.name[lang]}</label>
        ))}
      </fieldset>
      {field('productsZh', t('portal.profile.productsZh'))}
      {field('productsEn', t('portal.profile.productsEn'))}
      {field('certifications', t('portal.profile.certs'))}
      {field('exportMarkets', t('portal.profile.markets'))}
      {field('capacityZh', t('portal.profile.capacityZh'))}
      {field('capacityEn', t('portal.profile.capacityEn'))}
      {field('price', t('portal.profile.price'), { type: 'number', min: 0, step: 'any' })}
      {error != null && <ErrorBox error={error} />}
      {msg && <p role="status">{msg}</p>}
      {manage && <button className="btn btn-primary" type="submit">{t('portal.profile.save')}</button>}
    </form>
  );
}

function Invitations({ manage }: { manage: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  const res = useAsync((signal) => request<MemberHomeQuery>(MemberHomeDoc, undefined, signal), []);
  const { error, run } = useAction(res.reload);
  const answer = (id: string, accept: boolean) => run(() => request<AnswerInvitationMutation, AnswerInvitationMutationVariables>(AnswerInvitationDoc, { id, accept }));
  const leave = (id: string) => run(() => request<EndMembershipMutation, EndMembershipMutationVariables>(EndMembershipDoc, { id }));
  if (res.error) return <ErrorBox error={res.error} retry={res.reload} />;
  if (!res.data) return <Loading />;
  return (
    <section className="card">
      <h2>{t('portal.invitations.title')}</h2>
      {error != null && <ErrorBox error={error} />}
      {res.data.myMemberships.length === 0 ? <Empty>{t('portal.invitations.empty')}</Empty> : (
        <ul>
          {res.data.myMemberships.map((m) => (
            <li key={m.id} data-membership={m.id}>
              {m.associationName} · {t(`portal.members.statuses.${m.status}`)} · {formatDate(m.acceptedAt ?? m.invitedAt, lang)}{' '}
              {manage && m.status === 'INVITED' && <>
                <button type="button" className="btn btn-primary" onClick={() => answer(m.id, true)}>{t('portal.invitations.accept')}</button>{' '}
                <button type="button" className="btn" onClick={() => answer(m.id, false)}>{t('portal.invitations.decline')}</button>
              </>}
              {manage && m.status === 'ACTIVE' && <button type="button" className="btn-link" onClick={() => leave(m.id)}>{t('portal.invitations.leave')}</button>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

type Metric = BenchmarksQuery['peerBenchmarks'][number]['price'];

function MetricView({ label, m, digits }: { label: string; m: Metric; digits: number }) {
  const { t } = useTranslation();
  const n = (x: number | null) => (x == null ? '–' : x.toLocaleString(undefined, { maximumFractionDigits: digits }));
  if (!m.available) {
    return <div><h3>{label}</h3><p className="muted">{m.contributors < m.minContributors ? t('portal.bench.hidden', { k: m.minContributors, n: m.contributors }) : t('portal.bench.noOwn')}</p></div>;
  }
  return (
    <div>
      <h3>{label}</h3>
      <table>
        <tbody>
          <tr><th scope="row">{t('portal.bench.own')}</th><td>{n(m.own)}</td></tr>
          <tr><th scope="row">{t('portal.bench.p25')}</th><td>{n(m.p25)}</td></tr>
          <tr><th scope="row">{t('portal.bench.median')}</th><td>{n(m.median)}</td></tr>
          <tr><th scope="row">{t('portal.bench.p75')}</th><td>{n(m.p75)}</td></tr>
        </tbody>
      </table>
      <p>{t('portal.bench.percentile', { p: m.percentile })}</p>
    </div>
  );
}

function Benchmarks() {
  const { t } = useTranslation();
  const lang = useLang();
  const res = useAsync((signal) => request<BenchmarksQuery>(BenchmarksDoc, undefined, signal), []);
  const [open, setOpen] = useState<PortalReportDocumentQuery['portalReport']>();
  const [error, setError] = useState<unknown>();
  async function read(id: string) {
    setError(undefined);
    try {
      const r = await request<PortalReportDocumentQuery, PortalReportDocumentQueryVariables>(PortalReportDoc, { id });
      setOpen(r.portalReport);
    } catch (err) {
      setError(err);
    }
  }
  if (res.error) return <ErrorBox error={res.error} retry={res.reload} />;
  if (!res.data) return <Loading />;
  return (
    <>
      <section data-testid="benchmarks">
        <h2>{t('portal.bench.title')}</h2>
        {res.data.peerBenchmarks.length === 0 && <Empty>{t('portal.bench.empty')}</Empty>}
        {res.data.peerBenchmarks.map((b) => (
          <div key={b.associationName} className="card">
            <h3>{b.associationName}</h3>
            <div className="grid">
              <MetricView label={t('portal.bench.price')} m={b.price} digits={0} />
              <MetricView label={t('portal.bench.spread')} m={b.marketSpread} digits={1} />
            </div>
          </div>
        ))}
      </section>
      <section className="card">
        <h2>{t('portal.bench.reports')}</h2>
        {res.data.portalReports.length === 0 ? <Empty>{t('portal.bench.noReports')}</Empty> : (
          <ul>
            {res.data.portalReports.map((r) => (
              <li key={r.id}>{lang === 'en' ? r.titleEn : r.titleZh} · {r.associationName} · {formatDate(r.createdAt, lang)}{' '}
                <button type="button" className="btn-link" onClick={() => read(r.id)}>{t('portal.bench.read')}</button></li>
            ))}
          </ul>
        )}
        {error != null && <ErrorBox error={error} />}
      </section>
      {open && isMarketReport(open.document) && (
        <section><h2>{lang === 'en' ? open.report.titleEn : open.report.titleZh}</h2><MarketReportView report={open.document} /></section>
      )}
    </>
  );
}
