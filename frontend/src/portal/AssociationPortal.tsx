import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { request } from '../api/client';
import type {
  EndMembershipMutation, EndMembershipMutationVariables, InvitePortalMemberMutation, InvitePortalMemberMutationVariables, MyPortalQuery,
  PortalFigure, PortalMembersQuery, PublishReportMutation, PublishReportMutationVariables, SavePortalMutation, SavePortalMutationVariables,
  ReportsListQuery, ReportsListQueryVariables, SetPortalLogoMutation, SetPortalLogoMutationVariables,
} from '../api/generated';
import { ReportsListDoc } from '../api/operations.reports';
import { Empty, ErrorBox, Loading } from '../components/States';
import { formatDate } from '../format';
import { useAsync, useLang } from '../hooks';
import { EndMembershipDoc, InvitePortalMemberDoc, MyPortalDoc, PortalMembersDoc, PublishReportDoc, SavePortalDoc, SetPortalLogoDoc } from './operations';
import { Tabs } from './PortalPage';
import { pct, sectorName } from './util';

const FIGURES: PortalFigure[] = ['IMPORTS', 'CHINA_SHARE', 'OPPORTUNITY', 'PRICES'];

export function AssociationPortal({ sub, manage }: { sub: string; manage: boolean }) {
  const { t } = useTranslation();
  const tab = sub === 'members' || sub === 'reports' ? sub : 'settings';
  return (
    <>
      <h1>{t('portal.nav')}</h1>
      <Tabs sub={tab} tabs={[['settings', t('portal.tabs.settings')], ['members', t('portal.tabs.members')], ['reports', t('portal.tabs.reports')]]} />
      {tab === 'settings' && <Settings manage={manage} />}
      {tab === 'members' && <Members manage={manage} />}
      {tab === 'reports' && <Publish manage={manage} />}
    </>
  );
}

type Form = SavePortalMutationVariables['input'];

function Settings({ manage }: { manage: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  const res = useAsync((signal) => request<MyPortalQuery>(MyPortalDoc, undefined, signal), []);
  const [form, setForm] = useState<Form>({ slug: '', hostName: '', nameZh: '', nameEn: '', introZh: '', introEn: '', logoUrl: '', primaryColor: '#1a5fb4', accentColor: '#e66100', featuredSectors: [], publicFigures: ['IMPORTS'] });
  const [msg, setMsg] = useState('');
  const [error, setError] = useState<unknown>();
  const portal = res.data?.myPortal;
  useEffect(() => {
    if (portal) {
      const { slug, hostName, nameZh, nameEn, introZh, introEn, logoUrl, primaryColor, accentColor, featuredSectors, publicFigures } = portal;
      setForm({ slug, hostName, nameZh, nameEn, introZh, introEn, logoUrl, primaryColor, accentColor, featuredSectors, publicFigures });
    }
  }, [portal]);
  if (res.error) return <ErrorBox error={res.error} retry={res.reload} />;
  if (!res.data) return <Loading />;
  const set = (k: keyof Form) => (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => setForm({ ...form, [k]: e.target.value });
  const toggle = <T,>(list: T[], v: T) => (list.includes(v) ? list.filter((x) => x !== v) : [...list, v]);

  async function save(e: React.FormEvent) {
    e.preventDefault();
    setError(undefined);
    setMsg('');
    try {
      await request<SavePortalMutation, SavePortalMutationVariables>(SavePortalDoc, { input: form });
      setMsg(t('portal.settings.saved'));
      res.reload();
    } catch (err) {
      setError(err);
    }
  }
  async function upload(e: React.ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    if (!file) return;
    setError(undefined);
    try {
      const buf = new Uint8Array(await file.arrayBuffer());
      let bin = '';
      for (const b of buf) bin += String.fromCharCode(b);
      await request<SetPortalLogoMutation, SetPortalLogoMutationVariables>(SetPortalLogoDoc, { data: btoa(bin) });
      setMsg(t('portal.settings.logoSaved'));
    } catch (err) {
      setError(err);
    }
  }
  const field = (k: keyof Form, label: string, extra?: React.InputHTMLAttributes<HTMLInputElement>) => (
    <div className="field">
      <label htmlFor={`portal-${k}`}>{label}</label>
      <input id={`portal-${k}`} value={(form[k] as string) ?? ''} onChange={set(k)} disabled={!manage} {...extra} />
    </div>
  );
  return (
    <form className="card" onSubmit={save} data-testid="portal-settings">
      <h2>{t('portal.settings.title')}</h2>
      {portal && <p><a href={portal.path} target="_blank" rel="noreferrer">{t('portal.settings.open')}: {portal.path}</a>{portal.hostName && <> · http://{portal.hostName}/</>}</p>}
      {field('slug', t('portal.settings.slug'), { required: true, pattern: '[a-z0-9][a-z0-9\\-]{1,38}[a-z0-9]' })}
      {field('hostName', t('portal.settings.host'))}
      {field('nameZh', t('portal.settings.nameZh'), { required: true, maxLength: 100 })}
      {field('nameEn', t('portal.settings.nameEn'), { required: true, maxLength: 100 })}
      <div className="field"><label htmlFor="portal-introZh">{t('portal.settings.introZh')}</label><textarea id="portal-introZh" value={form.introZh ?? ''} onChange={set('introZh')} maxLength={2000} disabled={!manage} /></div>
      <div className="field"><label htmlFor="portal-introEn">{t('portal.settings.introEn')}</label><textarea id="portal-introEn" value={form.introEn ?? ''} onChange={set('introEn')} maxLength={2000} disabled={!manage} /></div>
      {field('logoUrl', t('portal.settings.logoUrl'), { type: 'url' })}
      {portal && manage && <div className="field"><label htmlFor="portal-logo">{t('portal.settings.logoFile')}</label><input id="portal-logo" type="file" accept="image/png,image/jpeg,image/webp,image/gif" onChange={upload} /></div>}
      <div className="row">
        {field('primaryColor', t('portal.settings.primary'), { type: 'color' })}
        {field('accentColor', t('portal.settings.accent'), { type: 'color' })}
      </div>
      <fieldset><legend>{t('portal.settings.sectors')}</legend>
        {res.data.sectors.map((s) => (
          <label key={s.slug} style={{ marginRight: 12 }}><input type="checkbox" checked={form.featuredSectors.includes(s.slug)} disabled={!manage}
            onChange={() => setForm({ ...form, featuredSectors: toggle(form.featuredSectors, s.slug) })} /> {s.name[lang]}</label>
        ))}
      </fieldset>
      <fieldset><legend>{t('portal.settings.figures')}</legend>
        {FIGURES.map((f) => (
          <label key={f} style={{ marginRight: 12 }}><input type="checkbox" checked={form.publicFigures.includes(f)} disabled={!manage}
            onChange={() => setForm({ ...form, publicFigures: toggle(form.publicFigures, f) })} /> {t(`portal.settings.figs.${f}`)}</label>
        ))}
      </fieldset>
      {error != null && <ErrorBox error={error} />}
      {msg && <p role="status">{msg}</p>}
      {manage && <button className="btn btn-primary" type="submit">{t('portal.settings.save')}</button>}
    </form>
  );
}

function Members({ manage }: { manage: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  const res = useAsync((signal) => request<PortalMembersQuery>(PortalMembersDoc, undefined, signal), []);
  const [email, setEmail] = useState('');
  const [msg, setMsg] = useState('');
  const [error, setError] = useState<unknown>();
  async function invite(e: React.FormEvent) {
    e.preventDefault();
    setError(undefined);
    try {
      const r = await request<InvitePortalMemberMutation, InvitePortalMemberMutationVariables>(InvitePortalMemberDoc, { email });
      setMsg(t('portal.members.invited', { name: r.invitePortalMember.memberName }));
      setEmail('');
      res.reload();
    } catch (err) {
      setError(err);
    }
  }
  async function end(id: string) {
    try {
      await request<EndMembershipMutation, EndMembershipMutationVariables>(EndMembershipDoc, { id });
      res.reload();
    } catch (err) {
      setError(err);
    }
  }
  if (res.error) return <ErrorBox error={res.error} retry={res.reload} />;
  if (!res.data) return <Loading />;
  const st = res.data.portalInquiryStats;
  const byMember = new Map(st.byMember.map((m) => [m.membershipId, m]));
  return (
    <>
      {manage && (
        <form className="card row" onSubmit={invite}>
          <div className="field" style={{ margin: 0 }}>
            <label htmlFor="invite-email">{t('portal.members.inviteEmail')}</label>
            <input id="invite-email" type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
          </div>
          <button className="btn btn-primary" type="submit">{t('portal.members.inviteBtn')}</button>
          {msg && <span role="status">{msg}</span>}
        </form>
      )}
      {error != null && <ErrorBox error={error} />}
      <section className="card" data-testid="inquiry-stats">
        <h2>{t('portal.members.stats')}</h2>
        <p className="muted">{t('portal.members.privacy')}</p>
        <p>
          {t('portal.members.total')}: <strong>{st.inquiries}</strong> · {t('portal.members.unrouted')}: {st.unrouted} · {t('portal.members.deliveries')}: {st.deliveries} ·{' '}
          {t('portal.members.responseRate')}: <strong>{pct(st.responseRate)}</strong>
        </p>
        {st.bySector.length > 0 && <p>{t('portal.members.bySector')}: {st.bySector.map((s) => `${sectorName(res.data!.sectors, s.sector, lang)} ${s.inquiries}`).join(' · ')}</p>}
      </section>
      <section className="card">
        {res.data.portalMembers.length === 0 ? <Empty>{t('portal.members.none')}</Empty> : (
          <table>
            <thead><tr>{(['member', 'status', 'since', 'received', 'responded', 'rate'] as const).map((c) => <th key={c} scope="col">{t(`portal.members.cols.${c}`)}</th>)}<th /></tr></thead>
            <tbody>
              {res.data.portalMembers.map((m) => {
                const s = byMember.get(m.id);
                return (
                  <tr key={m.id}>
                    <td>{m.memberName}</td>
                    <td>{t(`portal.members.statuses.${m.status}`)}</td>
                    <td>{formatDate(m.acceptedAt ?? m.invitedAt, lang)}</td>
                    <td>{s?.received ?? 0}</td>
                    <td>{s?.responded ?? 0}</td>
                    <td>{pct(s?.responseRate)}</td>
                    <td>{manage && (m.status === 'ACTIVE' || m.status === 'INVITED') && <button type="button" className="btn-link" onClick={() => end(m.id)}>{t('portal.members.end')}</button>}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}

function Publish({ manage }: { manage: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  const res = useAsync((signal) => request<PortalMembersQuery>(PortalMembersDoc, undefined, signal), []);
  const [reportId, setReportId] = useState('');
  const [titleZh, setTitleZh] = useState('');
  const [titleEn, setTitleEn] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  // The tenant's finished reports, offered as choices for the report ID.
  const [recent, setRecent] = useState<ReportsListQuery['reports']['edges'][number]['node'][]>([]);
  useEffect(() => {
    const ctl = new AbortController();
    request<ReportsListQuery, ReportsListQueryVariables>(ReportsListDoc, { first: 50 }, ctl.signal)
      .then((r) => setRecent(r.reports.edges.map((e) => e.node).filter((n) => n.status === 'DONE')))
      .catch(() => {}); // the field still takes a typed ID
    return () => ctl.abort();
  }, []);
  const [msg, setMsg] = useState('');
  const [error, setError] = useState<unknown>();
  async function publish(e: React.FormEvent) {
    e.preventDefault();
    setError(undefined);
    try {
      await request<PublishReportMutation, PublishReportMutationVariables>(PublishReportDoc, { input: { reportId: reportId.trim(), titleZh, titleEn, memberIds: chosen } });
      setMsg(t('portal.publish.done'));
      res.reload();
    } catch (err) {
      setError(err);
    }
  }
  if (res.error) return <ErrorBox error={res.error} retry={res.reload} />;
  if (!res.data) return <Loading />;
  const active = res.data.portalMembers.filter((m) => m.status === 'ACTIVE');
  return (
    <>
      {manage && (
        <form className="card" onSubmit={publish}>
          <h2>{t('portal.publish.title')}</h2>
          <div className="field"><label htmlFor="pub-id">{t('portal.publish.reportId')}</label><input id="pub-id" required list="pub-recent" value={reportId} onChange={(e) => setReportId(e.target.value)} />
            <datalist id="pub-recent">{recent.map((r) => <option key={r.id} value={r.id}>{r.sector}{r.market ? ` · ${r.market}` : ''} · {formatDate(r.createdAt, lang)}</option>)}</datalist></div>
          <div className="field"><label htmlFor="pub-zh">{t('portal.publish.titleZh')}</label><input id="pub-zh" required maxLength={200} value={titleZh} onChange={(e) => setTitleZh(e.target.value)} /></div>
          <div className="field"><label htmlFor="pub-en">{t('portal.publish.titleEn')}</label><input id="pub-en" required maxLength={200} value={titleEn} onChange={(e) => setTitleEn(e.target.value)} /></div>
          <fieldset><legend>{t('portal.publish.members')}</legend>
            {active.map((m) => (
              <label key={m.id} style={{ marginRight: 12 }}><input type="checkbox" checked={chosen.includes(m.id)}
                onChange={() => setChosen(chosen.includes(m.id) ? chosen.filter((x) => x !== m.id) : [...chosen, m.id])} /> {m.memberName}</label>
            ))}
          </fieldset>
          {error != null && <ErrorBox error={error} />}
          {msg && <p role="status">{msg}</p>}
          <button className="btn btn-primary" type="submit">{t('portal.publish.btn')}</button>
        </form>
      )}
      <section className="card">
        <h2>{t('portal.publish.published')}</h2>
        <ul>
          {res.data.portalReports.map((r) => (
            <li key={r.id}>{lang === 'en' ? r.titleEn : r.titleZh} · {sectorName(res.data!.sectors, r.sector, lang)} · {r.audience === 'ALL' ? t('portal.publish.all') : t('portal.publish.chosen', { n: r.recipients })} · {formatDate(r.createdAt, lang)}</li>
          ))}
        </ul>
      </section>
    </>
  );
}
