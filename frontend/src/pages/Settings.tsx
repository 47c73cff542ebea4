import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { request } from '../api/client';
import type {
  ApiKeysQuery, CreateApiKeyMutation, CreateApiKeyMutationVariables, InviteMemberMutation, InviteMemberMutationVariables,
  RemoveMemberMutation, RemoveMemberMutationVariables, RevokeApiKeyMutation, RevokeApiKeyMutationVariables, RevokeInvitationMutation,
  RevokeInvitationMutationVariables, Role, SellerListsQuery, SetMemberRoleMutation, SetMemberRoleMutationVariables, TeamQuery,
  UploadAuthorisedSellersMutation, UploadMinPricesMutation,
} from '../api/generated';
import {
  ApiKeysDoc, CreateApiKeyDoc, InviteMemberDoc, RemoveMemberDoc, RevokeApiKeyDoc, RevokeInvitationDoc, SellerListsDoc, SetMemberRoleDoc,
  TeamDoc, UploadAuthorisedSellersDoc, UploadMinPricesDoc,
} from '../api/operations.settings';
import { Empty, ErrorBox, Loading } from '../components/States';
import { formatDate, formatNumber } from '../format';
import { useAction, useAsync, useLang } from '../hooks';
import { addTranslations } from '../i18n';

addTranslations(
  'settings',
  {
    title: '设置', members: '成员与角色', email: '邮箱', role: '角色', since: '加入时间', remove: '移除', you: '（你）',
    roles: { OWNER: '所有者', ADMIN: '管理员', ANALYST: '分析师', VIEWER: '只读', TEACHER: '教师', STUDENT: '学生' },
    invitations: '邀请', inviteLink: '或发送链接：', invite: '发送邀请', inviteToken: '邀请令牌（只显示这一次，请发给对方）：', noInvitations: '没有待处理的邀请。', expires: '到期', revoke: '撤销',
    invStatus: { pending: '待接受', accepted: '已接受', revoked: '已撤销' }, invitedBy: '邀请人',
    apiKeys: 'API 密钥', keyName: '名称', create: '创建密钥', secret: '新密钥（只显示这一次）：', noKeys: '还没有 API 密钥。', revoked: '已撤销', prefix: '前缀',
    uploads: '授权卖家与最低价', sellers: '授权卖家', minPrices: '最低价', upload: '上传 CSV', file: 'CSV 文件',
    sellersHelp: '表头：brand,seller[,marketplace]。合格的行会替换上一次上传的列表。', minHelp: '表头：brand,currency,min_price[,gtin,sku,country]。',
    accepted: '已保存 {{n}} 行。', rowErrors: '{{n}} 行未保存：', row: '行', column: '列', message: '原因', current: '当前 {{n}} 条', tooBig: '文件超过 2 MB。', confirmRemove: '确定移除 {{email}}？',
  },
  {
    title: 'Settings', members: 'Members and roles', email: 'Email', role: 'Role', since: 'Joined', remove: 'Remove', you: ' (you)',
    roles: { OWNER: 'Owner', ADMIN: 'Admin', ANALYST: 'Analyst', VIEWER: 'Viewer', TEACHER: 'Teacher', STUDENT: 'Student' },
    invitations: 'Invitations', inviteLink: 'or send the link:', invite: 'Send invitation', inviteToken: 'Invitation token (shown only now; send it to the invitee):', noInvitations: 'No pending invitations.', expires: 'Expires', revoke: 'Revoke',
    invStatus: { pending: 'Pending', accepted: 'Accepted', revoked: 'Revoked' }, invitedBy: 'Invited by',
    apiKeys: 'API keys', keyName: 'Name', create: 'Create key', secret: 'New key (shown only now):', noKeys: 'No API keys yet.', revoked: 'Revoked', prefix: 'Prefix',
    uploads: 'Authorised sellers and minimum prices', sellers: 'Authorised sellers', minPrices: 'Minimum prices', upload: 'Upload CSV', file: 'CSV file',
    sellersHelp: 'Header: brand,seller[,marketplace]. Good rows replace the previous list.', minHelp: 'Header: brand,currency,min_price[,gtin,sku,country].',
    accepted: '{{n}} rows stored.', rowErrors: '{{n}} rows were not stored:', row: 'Row', column: 'Column', message: 'Why', current: '{{n}} stored', tooBig: 'The file is larger than 2 MB.', confirmRemove: 'Remove {{email}}?',
  },
);

type UploadResult = UploadAuthorisedSellersMutation['uploadAuthorisedSellers'];
const ROLES: Role[] = ['OWNER', 'ADMIN', 'ANALYST', 'VIEWER', 'TEACHER', 'STUDENT'];
const MAX_CSV = 2 * 1024 * 1024;

function RoleSelect({ id, value, onChange, label }: { id: string; value: Role; onChange: (r: Role) => void; label: string }) {
  const { t } = useTranslation();
  return (
    <>
      <label htmlFor={id} className="sr-only">{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value as Role)}>
        {ROLES.map((r) => <option key={r} value={r}>{t(`settings.roles.${r}`)}</option>)}
      </select>
    </>
  );
}

export function SettingsPage() {
  const { t } = useTranslation();
  return (
    <>
      <h1>{t('settings.title')}</h1>
      <Team />
      <ApiKeys />
      <Uploads />
    </>
  );
}

function Team() {
  const { t } = useTranslation();
  const lang = useLang();
  const res = useAsync((signal) => request<TeamQuery>(TeamDoc, undefined, signal), []);
  const { error, run } = useAction(res.reload);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('ANALYST');
  const [token, setToken] = useState('');
  const d = res.data;
  return (
    <>
      <section className="card" data-testid="members">
        <h2>{t('settings.members')}</h2>
        {error != null && <ErrorBox error={error} />}
        {res.error != null ? <ErrorBox error={res.error} retry={res.reload} /> : !d ? <Loading /> : (
          <table>
            <thead><tr><th scope="col">{t('settings.email')}</th><th scope="col">{t('settings.role')}</th><th scope="col">{t('settings.since')}</th><th scope="col" /></tr></thead>
            <tbody>
              {d.members.map((m) => (
                <tr key={m.id}>
                  <th scope="row">{m.email}{m.id === d.me.id ? t('settings.you') : ''}</th>
                  <td><RoleSelect id={`role-${m.id}`} label={`${t('settings.role')} ${m.email}`} value={m.role} onChange={(r) => run(() => request<SetMemberRoleMutation, SetMemberRoleMutationVariables>(SetMemberRoleDoc, { id: m.id, role: r }))} /></td>
                  <td>{formatDate(m.createdAt, lang)}</td>
                  <td>{m.id !== d.me.id && <button type="button" className="btn" onClick={() => window.confirm(t('settings.confirmRemove', { email: m.email })) && run(() => request<RemoveMemberMutation, RemoveMemberMutationVariables>(RemoveMemberDoc, { id: m.id }))}>{t('settings.remove')}</button>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="card">
        <h2>{t('settings.invitations')}</h2>
        <form className="row" onSubmit={(e) => {
          e.preventDefault();
          void run(async () => {
            const r = await request<InviteMemberMutation, InviteMemberMutationVariables>(InviteMemberDoc, { email: email.trim(), role });
            setToken(r.inviteMember.token);
            setEmail('');
          });
        }}>
          <div className="field" style={{ margin: 0 }}>
            <label htmlFor="inv-email">{t('settings.email')}</label>
            <input id="inv-email" type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
          </div>
          <div className="field" style={{ margin: 0 }}><RoleSelect id="inv-role" label={t('settings.role')} value={role} onChange={setRole} /></div>
          <button type="submit" className="btn btn-primary">{t('settings.invite')}</button>
        </form>
        {token && (
          <p role="status">
            {t('settings.inviteToken')} <span className="code" data-testid="invite-token">{token}</span>
            <br />{t('settings.inviteLink')} <span className="code" data-testid="invite-link">{`${location.origin}/accept?token=${encodeURIComponent(token)}`}</span>
          </p>
        )}
        {d && (d.invitations.length === 0 ? <Empty>{t('settings.noInvitations')}</Empty> : (
          <table>
            <tbody>
              {d.invitations.map((i) => (
                <tr key={i.id}>
                  <th scope="row">{i.email}</th>
                  <td>{t(`settings.roles.${i.role}`)}</td>
                  <td>{t(`settings.invStatus.${i.revokedAt ? 'revoked' : i.acceptedAt ? 'accepted' : 'pending'}`)}</td>
                  <td>{t('settings.expires')} {formatDate(i.expiresAt, lang)}{i.invitedBy ? ` · ${t('settings.invitedBy')} ${i.invitedBy.email}` : ''}</td>
                  <td>{!i.revokedAt && !i.acceptedAt && <button type="button" className="btn" onClick={() => run(() => request<RevokeInvitationMutation, RevokeInvitationMutationVariables>(RevokeInvitationDoc, { id: i.id }))}>{t('settings.revoke')}</button>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
      </section>
    </>
  );
}

function ApiKeys() {
  const { t } = useTranslation();
  const lang = useLang();
  const res = useAsync((signal) => request<ApiKeysQuery>(ApiKeysDoc, undefined, signal), []);
  const { error, run } = useAction(res.reload);
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('ANALYST');
  const [secret, setSecret] = useState('');
  return (
    <section className="card">
      <h2>{t('settings.apiKeys')}</h2>
      {error != null && <ErrorBox error={error} />}
      <form className="row" onSubmit={(e) => {
        e.preventDefault();
        void run(async () => {
          const r = await request<CreateApiKeyMutation, CreateApiKeyMutationVariables>(CreateApiKeyDoc, { input: { name: name.trim(), role } });
          setSecret(r.createApiKey.secret);
          setName('');
        });
      }}>
        <div className="field" style={{ margin: 0 }}>
          <label htmlFor="key-name">{t('settings.keyName')}</label>
          <input id="key-name" required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <div className="field" style={{ margin: 0 }}><RoleSelect id="key-role" label={t('settings.role')} value={role} onChange={setRole} /></div>
        <button type="submit" className="btn btn-primary">{t('settings.create')}</button>
      </form>
      {secret && <p role="status">{t('settings.secret')} <span className="code">{secret}</span></p>}
      {res.error != null ? <ErrorBox error={res.error} retry={res.reload} /> : !res.data ? <Loading /> : res.data.apiKeys.length === 0 ? <Empty>{t('settings.noKeys')}</Empty> : (
        <table>
          <tbody>
            {res.data.apiKeys.map((k) => (
              <tr key={k.id}>
                <th scope="row">{k.name}</th>
                <td><span className="code">{k.prefix}…</span></td>
                <td>{t(`settings.roles.${k.role}`)}</td>
                <td>{formatDate(k.createdAt, lang)}</td>
                <td>{k.revokedAt ? <span className="muted">{t('settings.revoked')}</span> : <button type="button" className="btn" onClick={() => run(() => request<RevokeApiKeyMutation, RevokeApiKeyMutationVariables>(RevokeApiKeyDoc, { id: k.id }))}>{t('settings.revoke')}</button>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** The result of an upload: rows stored and a table of the rows refused. */
export function UploadReport({ result }: { result: Pick<UploadResult, 'accepted' | 'errors'> }) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <div role="status" data-testid="upload-result">
      <p>{t('settings.accepted', { n: formatNumber(result.accepted, lang, 0) })}</p>
      {result.errors.length > 0 && (
        <>
          <p className="alert">{t('settings.rowErrors', { n: formatNumber(result.errors.length, lang, 0) })}</p>
          <table data-testid="row-errors">
            <thead><tr><th scope="col" className="num">{t('settings.row')}</th><th scope="col">{t('settings.column')}</th><th scope="col">{t('settings.message')}</th></tr></thead>
            <tbody>
              {result.errors.slice(0, 200).map((e, i) => (
                <tr key={`${e.row}-${i}`}><td className="num">{e.row}</td><td>{e.column ?? '—'}</td><td>{e.message}</td></tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}

function UploadForm({ id, title, help, count, send }: { id: string; title: string; help: string; count?: number; send: (csv: string) => Promise<UploadResult> }) {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [result, setResult] = useState<UploadResult | null>(null);
  async function submit(e: React.FormEvent) {
    e.preventDefault();
    if (!file) return;
    setError(undefined);
    setResult(null);
    if (file.size > MAX_CSV) {
      setError(new Error(t('settings.tooBig')));
      return;
    }
    setBusy(true);
    try {
      setResult(await send(await file.text()));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form className="card" onSubmit={submit} data-testid={`upload-${id}`}>
      <h3>{title}{count != null ? <span className="muted"> · {t('settings.current', { n: count })}</span> : null}</h3>
      <p className="muted">{help}</p>
      <div className="row">
        <div className="field" style={{ margin: 0 }}>
          <label htmlFor={`file-${id}`}>{t('settings.file')}</label>
          <input id={`file-${id}`} type="file" accept=".csv,text/csv" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        </div>
        <button type="submit" className="btn btn-primary" disabled={!file || busy}>{t('settings.upload')}</button>
      </div>
      {error != null && <ErrorBox error={error} />}
      {result && <UploadReport result={result} />}
    </form>
  );
}

function Uploads() {
  const { t } = useTranslation();
  const lists = useAsync((signal) => request<SellerListsQuery>(SellerListsDoc, undefined, signal), []);
  const after = <T,>(r: T) => {
    lists.reload();
    return r;
  };
  return (
    <section className="card">
      <h2>{t('settings.uploads')}</h2>
      {lists.error != null && <ErrorBox error={lists.error} retry={lists.reload} />}
      <div className="grid">
        <UploadForm id="sellers" title={t('settings.sellers')} help={t('settings.sellersHelp')} count={lists.data?.authorisedSellers.length}
          send={async (csv) => after((await request<UploadAuthorisedSellersMutation, { csv: string }>(UploadAuthorisedSellersDoc, { csv })).uploadAuthorisedSellers)} />
        <UploadForm id="minprices" title={t('settings.minPrices')} help={t('settings.minHelp')} count={lists.data?.minPrices.length}
          send={async (csv) => after((await request<UploadMinPricesMutation, { csv: string }>(UploadMinPricesDoc, { csv })).uploadMinPrices)} />
      </div>
    </section>
  );
}
