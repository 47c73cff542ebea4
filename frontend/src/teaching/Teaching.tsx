import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { request, session } from '../api/client';
import type {
  CloseClassMutation, CloseClassMutationVariables, CreateAssignmentMutation, CreateAssignmentMutationVariables,
  CreateClassMutation, CreateClassMutationVariables, GradebookCsvQuery, GradebookCsvQueryVariables, JoinClassMutation,
  JoinClassMutationVariables, ResetStudentPasswordMutation, ResetStudentPasswordMutationVariables, RevealAnswersMutation,
  RevealAnswersMutationVariables, RotateJoinCodeMutation, RotateJoinCodeMutationVariables, StudentClassQuery,
  StudentClassQueryVariables, SubmitAnswerMutation, SubmitAnswerMutationVariables, TeacherClassQuery, TeacherClassQueryVariables,
  TeachingClassesQuery,
} from '../api/generated';
import { SectorSelect } from '../components/SectorSelect';
import { Empty, ErrorBox, Loading } from '../components/States';
import { formatDate } from '../format';
import { useAsync, useLang } from '../hooks';
import { Link, navigate } from '../router';
import { LabPage } from './Lab';
import { SnapshotData } from './SnapshotData';
import {
  CloseClassDoc, CreateAssignmentDoc, CreateClassDoc, GradebookCsvDoc, JoinClassDoc, ResetStudentPasswordDoc, RevealAnswersDoc,
  RotateJoinCodeDoc, StudentClassDoc, SubmitAnswerDoc, TeacherClassDoc, TeachingClassesDoc,
} from './operations';
import './i18n';

/** The paths of the teaching mode; /join works without signing in. */
export function isTeachingPath(path: string) {
  return path === '/join' || path === '/teaching' || path.startsWith('/teaching/');
}

export function TeachingPage({ path, signedIn, onSignedIn }: { path: string; signedIn: boolean; onSignedIn: () => void }) {
  if (path === '/join' || !signedIn) return <JoinPage onSignedIn={onSignedIn} />;
  if (path === '/teaching/lab') return <LabPage />;
  const m = /^\/teaching\/class\/([^/]+)$/.exec(path);
  return <ClassesPage classId={m ? decodeURIComponent(m[1]) : undefined} />;
}

function JoinPage({ onSignedIn }: { onSignedIn: () => void }) {
  const { t } = useTranslation();
  const [code, setCode] = useState(() => new URLSearchParams(location.search).get('code') ?? '');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  async function join(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const r = await request<JoinClassMutation, JoinClassMutationVariables>(JoinClassDoc, { input: { code, name, email, password } });
      session.set(r.joinClass.token);
      onSignedIn();
      navigate('/teaching');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form className="card" style={{ maxWidth: 420, margin: '40px auto' }} onSubmit={join}>
      <h1>{t('teach.joinTitle')}</h1>
      {error !== undefined && <ErrorBox error={error} />}
      <Field id="join-code" label={t('teach.code')} value={code} onChange={setCode} />
      <Field id="join-name" label={t('teach.yourName')} value={name} onChange={setName} />
      <Field id="join-email" label={t('teach.email')} value={email} onChange={setEmail} type="email" />
      <Field id="join-password" label={t('teach.password')} value={password} onChange={setPassword} type="password" />
      <button className="btn btn-primary" type="submit" disabled={busy} data-testid="join-submit">{t('teach.join')}</button>{' '}
      <Link to="/signin">{t('teach.haveAccount')}</Link>
    </form>
  );
}

function Field({ id, label, value, onChange, type = 'text', mono = false }: { id: string; label: string; value: string; onChange: (v: string) => void; type?: string; mono?: boolean }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} type={type} value={value} onChange={(e) => onChange(e.target.value)} style={mono ? { fontFamily: 'monospace' } : undefined} />
    </div>
  );
}

function isTeacherRole(role: string) {
  return role === 'TEACHER' || role === 'OWNER' || role === 'ADMIN';
}

function ClassesPage({ classId }: { classId?: string }) {
  const { t } = useTranslation();
  const res = useAsync((signal) => request<TeachingClassesQuery>(TeachingClassesDoc, undefined, signal), []);
  if (res.loading && !res.data) return <Loading />;
  if (res.error || !res.data) return <ErrorBox error={res.error} retry={res.reload} />;
  const teacher = isTeacherRole(res.data.me.role);
  if (res.data.me.tenant.kind !== 'TRAINING_BASE') return <Empty>{t('teach.notTrainingBase')}</Empty>;
  if (classId) return teacher ? <TeacherClass id={classId} /> : <StudentClass id={classId} />;
  return (
    <>
      <h1>{t('teach.classes')}</h1>
      <p><Link to="/teaching/lab">{t('teach.lab')}</Link></p>
      {teacher && <NewClass />}
      {res.data.teachingClasses.length === 0 ? <Empty>{t('teach.noClasses')}</Empty> : (
        <ul className="card" data-testid="class-list">
          {res.data.teachingClasses.map((c) => (
            <li key={c.id}>
              <Link to={`/teaching/class/${encodeURIComponent(c.id)}`}>{c.name}</Link>{' '}
              <span className="muted">{c.sectors.join(', ')} · {t('teach.students', { n: c.students })} · {c.closed ? t('teach.closed') : t('teach.open')}</span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function NewClass() {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [sector, setSector] = useState('magnesium');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  async function create(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const r = await request<CreateClassMutation, CreateClassMutationVariables>(CreateClassDoc, { input: { name, sectors: [sector] } });
      navigate(`/teaching/class/${encodeURIComponent(r.createClass.id)}`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form className="card" onSubmit={create}>
      <h2>{t('teach.newClass')}</h2>
      {error !== undefined && <ErrorBox error={error} />}
      <div className="row">
        <Field id="class-name" label={t('teach.className')} value={name} onChange={setName} />
        <SectorSelect id="class-sector" value={sector} onChange={setSector} />
        <button className="btn btn-primary" type="submit" disabled={busy} data-testid="create-class">{t('teach.create')}</button>
      </div>
    </form>
  );
}

type Template = TeacherClassQuery['teachingTemplates'][number];
type CustomQ = { prompt: string; expected: string; tolerance: string; unit: string };

function TeacherClass({ id }: { id: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const res = useAsync((signal) => request<TeacherClassQuery, TeacherClassQueryVariables>(TeacherClassDoc, { id }, signal), [id]);
  const [error, setError] = useState<unknown>();
  const [temp, setTemp] = useState('');
  if (res.loading && !res.data) return <Loading />;
  if (res.error || !res.data) return <ErrorBox error={res.error} retry={res.reload} />;
  const d = res.data;
  const c = d.teachingClass;

  async function act(f: () => Promise<unknown>) {
    setError(undefined);
    try {
      await f();
      res.reload();
    } catch (err) {
      setError(err);
    }
  }
  async function downloadCsv() {
    await act(async () => {
      const r = await request<GradebookCsvQuery, GradebookCsvQueryVariables>(GradebookCsvDoc, { classId: id });
      const a = document.createElement('a');
      a.href = URL.createObjectURL(new Blob(['\ufeff' + r.teachingGradebookCsv], { type: 'text/csv;charset=utf-8' }));
      a.download = `gradebook-${c.name}.csv`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
    });
  }
  const titles = new Map(d.teachingDashboard.gradebook.assignments.map((a) => [a.id, a.title]));
  return (
    <>
      <p><Link to="/teaching">{t('teach.back')}</Link></p>
      <h1>{c.name}</h1>
      {error !== undefined && <ErrorBox error={error} />}
      <div className="card row">
        <div>
          <div className="muted">{t('teach.joinCode')}</div>
          <strong style={{ fontFamily: 'monospace', fontSize: 24 }} data-testid="join-code">{c.joinCode}</strong>
        </div>
        <span className="muted">{c.closed ? t('teach.closed') : t('teach.open')} · {t('teach.students', { n: c.students })} · {t('teach.snapshot', { date: formatDate(c.createdAt, lang) })}</span>
        {!c.closed && <button className="btn" type="button" onClick={() => act(() => request<RotateJoinCodeMutation, RotateJoinCodeMutationVariables>(RotateJoinCodeDoc, { classId: id }))}>{t('teach.rotate')}</button>}
        {!c.closed && <button className="btn" type="button" onClick={() => confirm(t('teach.closeConfirm')) && act(() => request<CloseClassMutation, CloseClassMutationVariables>(CloseClassDoc, { classId: id }))}>{t('teach.close')}</button>}
      </div>
      {!c.closed && <NewAssignment classId={id} templates={d.teachingTemplates} sectors={c.sectors} onCreated={res.reload} />}

      <section className="card" aria-labelledby="dash-h">
        <h2 id="dash-h">{t('teach.dashboard')}</h2>
        <table data-testid="dashboard">
          <thead><tr><th>{t('teach.title')}</th><th>{t('teach.done')}</th><th>{t('teach.started')}</th><th>{t('teach.average')}</th><th /></tr></thead>
          <tbody>
            {d.teachingDashboard.assignments.map((p) => (
              <tr key={p.assignment.id}>
                <td>{p.assignment.title}<div className="muted">{p.assignment.questions.map((q) => `${q.position}. ${q.prompt} → ${expectedText(q.expected)}`).join(' | ')}</div></td>
                <td>{p.done} / {d.teachingDashboard.students}</td>
                <td>{p.started}</td>
                <td>{p.average}%</td>
                <td>{p.assignment.revealed ? t('teach.revealed') : (
                  <button className="btn" type="button" onClick={() => act(() => request<RevealAnswersMutation, RevealAnswersMutationVariables>(RevealAnswersDoc, { assignmentId: p.assignment.id }))}>{t('teach.reveal')}</button>
                )}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section className="card" aria-labelledby="gb-h">
        <h2 id="gb-h">{t('teach.gradebook')} <button className="btn" type="button" onClick={downloadCsv} data-testid="csv">{t('teach.downloadCsv')}</button></h2>
        <table data-testid="gradebook">
          <thead><tr><th>{t('teach.student')}</th>{d.teachingDashboard.gradebook.assignments.map((a) => <th key={a.id}>{a.title}</th>)}<th>{t('teach.total')}</th></tr></thead>
          <tbody>
            {d.teachingDashboard.gradebook.rows.map((r) => (
              <tr key={r.student.id}>
                <td>{r.student.name}<div className="muted">{r.student.email}</div></td>
                {r.cells.map((cell) => <td key={cell.assignmentId} title={titles.get(cell.assignmentId)}>{cell.answered === 0 ? '–' : `${cell.score}% (${cell.correct}/${cell.questions})`}</td>)}
                <td><strong>{r.total}%</strong></td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section className="card" aria-labelledby="roster-h">
        <h2 id="roster-h">{t('teach.roster')}</h2>
        {temp && <p role="status" data-testid="temp-password">{temp}</p>}
        <ul>
          {d.teachingStudents.map((s) => (
            <li key={s.id}>
              {s.name} <span className="muted">{s.email}</span>{' '}
              <button className="btn-link" type="button" onClick={() => act(async () => {
                const r = await request<ResetStudentPasswordMutation, ResetStudentPasswordMutationVariables>(ResetStudentPasswordDoc, { classId: id, studentId: s.id });
                setTemp(t('teach.tempPassword', { name: s.name, password: r.resetStudentPassword }));
              })}>{t('teach.resetPassword')}</button>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

function expectedText(e: { value: number | null; order: string[] | null; store: string | null; pass: number | null } | null): string {
  if (!e) return '?';
  if (e.order) return e.order.join(', ');
  if (e.store) return `${e.store} ≥ ${Math.round((e.pass ?? 0) * 100)}%`;
  return e.value == null ? '?' : String(e.value);
}

function NewAssignment({ classId, templates, sectors, onCreated }: { classId: string; templates: Template[]; sectors: string[]; onCreated: () => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const [key, setKey] = useState(templates[0]?.key ?? 'custom');
  const [title, setTitle] = useState('');
  const [params, setParams] = useState<Record<string, string>>({ sector: sectors[0] ?? '' });
  const [questions, setQuestions] = useState<CustomQ[]>([{ prompt: '', expected: '', tolerance: '0', unit: '' }]);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const tpl = templates.find((x) => x.key === key);
  async function create(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await request<CreateAssignmentMutation, CreateAssignmentMutationVariables>(CreateAssignmentDoc, {
        input: {
          classId, template: key, title: title || (lang === 'zh' ? tpl?.titleZh : tpl?.titleEn) || key,
          params: (tpl?.params ?? []).filter((p) => params[p]).map((p) => ({ key: p, value: params[p] })),
          questions: key === 'custom' ? questions.map((q) => ({ prompt: q.prompt, unit: q.unit, expected: Number(q.expected), tolerance: Number(q.tolerance) })) : undefined,
        },
      });
      setTitle('');
      onCreated();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  const setQ = (i: number, patch: Partial<CustomQ>) => setQuestions((qs) => qs.map((q, j) => (j === i ? { ...q, ...patch } : q)));
  return (
    <form className="card" onSubmit={create} data-testid="new-assignment">
      <h2>{t('teach.newAssignment')}</h2>
      {error !== undefined && <ErrorBox error={error} />}
      <div className="row">
        <div className="field">
          <label htmlFor="tpl">{t('teach.template')}</label>
          <select id="tpl" value={key} onChange={(e) => setKey(e.target.value)}>
            {templates.map((x) => <option key={x.key} value={x.key}>{lang === 'zh' ? x.titleZh : x.titleEn}</option>)}
          </select>
        </div>
        <Field id="a-title" label={t('teach.title')} value={title} onChange={setTitle} />
      </div>
      {tpl && <p className="muted">{lang === 'zh' ? tpl.descriptionZh : tpl.descriptionEn}</p>}
      <div className="row">
        {(tpl?.params ?? []).map((p) => (
          <Field key={p} id={`param-${p}`} label={t(`teach.param.${p}`)} value={params[p] ?? ''} onChange={(v) => setParams((ps) => ({ ...ps, [p]: v }))} />
        ))}
      </div>
      {key === 'custom' && questions.map((q, i) => (
        <div className="row" key={i}>
          <Field id={`q-prompt-${i}`} label={`${t('teach.question')} ${i + 1}`} value={q.prompt} onChange={(v) => setQ(i, { prompt: v })} />
          <Field id={`q-expected-${i}`} label={t('teach.expected')} value={q.expected} onChange={(v) => setQ(i, { expected: v })} />
          <Field id={`q-tol-${i}`} label={t('teach.tolerance')} value={q.tolerance} onChange={(v) => setQ(i, { tolerance: v })} />
          <Field id={`q-unit-${i}`} label={t('teach.unit')} value={q.unit} onChange={(v) => setQ(i, { unit: v })} />
          {questions.length > 1 && <button className="btn" type="button" onClick={() => setQuestions((qs) => qs.filter((_, j) => j !== i))}>{t('teach.removeQuestion')}</button>}
        </div>
      ))}
      <div className="row">
        {key === 'custom' && <button className="btn" type="button" data-testid="add-question" onClick={() => setQuestions((qs) => [...qs, { prompt: '', expected: '', tolerance: '0', unit: '' }])}>{t('teach.addQuestion')}</button>}
        <button className="btn btn-primary" type="submit" disabled={busy} data-testid="create-assignment">{t('teach.create')}</button>
      </div>
    </form>
  );
}

type Feedback = SubmitAnswerMutation['submitAnswer'];

function StudentClass({ id }: { id: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const res = useAsync((signal) => request<StudentClassQuery, StudentClassQueryVariables>(StudentClassDoc, { id }, signal), [id]);
  const [feedback, setFeedback] = useState<Record<string, Feedback>>({});
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, unknown>>({});
  if (res.loading && !res.data) return <Loading />;
  if (res.error || !res.data) return <ErrorBox error={res.error} retry={res.reload} />;
  const d = res.data;
  const answers = new Map(d.teachingMyAnswers.map((a) => [a.questionId, a]));

  async function submit(questionId: string) {
    setErrors((es) => ({ ...es, [questionId]: undefined }));
    try {
      const r = await request<SubmitAnswerMutation, SubmitAnswerMutationVariables>(SubmitAnswerDoc, { questionId, value: drafts[questionId] ?? '' });
      setFeedback((f) => ({ ...f, [questionId]: r.submitAnswer }));
    } catch (err) {
      setErrors((es) => ({ ...es, [questionId]: err }));
    }
  }
  return (
    <>
      <p><Link to="/teaching">{t('teach.back')}</Link> · <Link to="/teaching/lab">{t('teach.lab')}</Link></p>
      <h1>{d.teachingClass.name}</h1>
      <p className="muted">{t('teach.snapshot', { date: formatDate(d.teachingClass.createdAt, lang) })}</p>
      <SnapshotData classId={id} sectors={d.teachingClass.sectors} assignments={d.teachingAssignments.map((a) => ({ id: a.id, title: a.title }))} />
      {d.teachingAssignments.length === 0 && <Empty>{t('teach.assignments')}: 0</Empty>}
      {d.teachingAssignments.map((a) => (
        <section key={a.id} className="card" data-testid="assignment">
          <h2>{a.title}</h2>
          {a.dueAt && <p className="muted">{t('teach.dueAt')}: {formatDate(a.dueAt, lang)}</p>}
          {a.questions.map((q) => {
            const fb = feedback[q.id];
            const ans = fb?.answer ?? answers.get(q.id);
            const exp = fb?.expected ?? q.expected;
            return (
              <div key={q.id} className="question" data-testid="question" style={{ marginBottom: 16 }}>
                <p><strong>{q.position}.</strong> <span className="muted">[{t(`teach.kinds.${q.kind}`)}]</span> {q.prompt} {q.unit && <span className="muted">({q.unit})</span>}</p>
                {errors[q.id] !== undefined && <ErrorBox error={errors[q.id]} />}
                <div className="row">
                  {q.kind === 'ADAPTER' ? (
                    <textarea aria-label={t('teach.answer')} placeholder={t('teach.adapterHint')} rows={10} cols={70} style={{ fontFamily: 'monospace' }}
                      value={drafts[q.id] ?? ''} onChange={(e) => setDrafts((x) => ({ ...x, [q.id]: e.target.value }))} />
                  ) : (
                    <input aria-label={t('teach.answer')} placeholder={q.kind === 'RANKING' ? t('teach.rankingHint') : ''} value={drafts[q.id] ?? ''}
                      onChange={(e) => setDrafts((x) => ({ ...x, [q.id]: e.target.value }))} />
                  )}
                  <button className="btn btn-primary" type="button" disabled={d.teachingClass.closed} onClick={() => submit(q.id)}>{t('teach.submit')}</button>
                </div>
                {ans ? (
                  <p data-testid="feedback" className={ans.correct ? 'ok' : 'bad'}>
                    <strong>{ans.correct ? t('teach.right') : t('teach.wrong')}</strong> · {t('teach.score', { score: Math.round(ans.score * 100) })} ·{' '}
                    {t('teach.yourAnswer', { value: ans.value.length > 60 ? ans.value.slice(0, 60) + '…' : ans.value })}
                    {ans.detail && <> · {ans.detail}</>}
                    {exp && <> · {t('teach.expectedIs', { value: expectedText(exp) })}{q.kind === 'NUMERIC' && t('teach.tol', { tol: q.tolerance })}</>}
                  </p>
                ) : <p className="muted">{t('teach.notAnswered')}</p>}
              </div>
            );
          })}
        </section>
      ))}
    </>
  );
}
