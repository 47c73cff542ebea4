import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { request, session } from '../api/client';
import type { AcceptInvitationMutation, AcceptInvitationMutationVariables, SignInMutation, SignInMutationVariables, SignUpMutation, SignUpMutationVariables, TenantKind } from '../api/generated';
import { SignInDoc, SignUpDoc } from '../api/operations';
import { AcceptInvitationDoc } from '../api/operations.settings';
import { ErrorBox } from '../components/States';
import { Link, navigate } from '../router';

export function AuthPage({ mode, onSignedIn }: { mode: 'signin' | 'signup' | 'accept'; onSignedIn: () => void }) {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  // An invitation link carries its token: /accept?token=esi_…
  const [token, setToken] = useState(() => new URLSearchParams(location.search).get('token') ?? '');
  const [password, setPassword] = useState('');
  const [tenantName, setTenantName] = useState('');
  const [tenantKind, setTenantKind] = useState<TenantKind>('EXPORTER');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const sessionToken =
        mode === 'signup'
          ? (await request<SignUpMutation, SignUpMutationVariables>(SignUpDoc, { input: { email, password, tenantName, tenantKind } })).signUp.token
          : mode === 'accept'
            ? (await request<AcceptInvitationMutation, AcceptInvitationMutationVariables>(AcceptInvitationDoc, { input: { token: token.trim(), password } })).acceptInvitation.token
            : (await request<SignInMutation, SignInMutationVariables>(SignInDoc, { email, password })).signIn.token;
      session.set(sessionToken);
      onSignedIn();
      navigate('/');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const title = mode === 'signup' ? t('auth.signUp') : mode === 'accept' ? t('auth.accept') : t('auth.signIn');
  return (
    <div className="card auth">
      <h1>{title}</h1>
      {error != null && <ErrorBox error={error} />}
      <form onSubmit={submit}>
        {mode === 'accept' ? (
          <div className="field">
            <label htmlFor="invite-token">{t('auth.inviteToken')}</label>
            <input id="invite-token" required autoComplete="off" value={token} onChange={(e) => setToken(e.target.value)} />
          </div>
        ) : (
          <div className="field">
            <label htmlFor="email">{t('auth.email')}</label>
            <input id="email" type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
          </div>
        )}
        <div className="field">
          <label htmlFor="password">{t('auth.password')}</label>
          <input id="password" type="password" autoComplete={mode === 'signin' ? 'current-password' : 'new-password'} required value={password} onChange={(e) => setPassword(e.target.value)} />
        </div>
        {mode === 'signup' && (
          <>
            <div className="field">
              <label htmlFor="tenantName">{t('auth.tenantName')}</label>
              <input id="tenantName" required value={tenantName} onChange={(e) => setTenantName(e.target.value)} />
            </div>
            <div className="field">
              <label htmlFor="tenantKind">{t('auth.tenantKind')}</label>
              <select id="tenantKind" value={tenantKind} onChange={(e) => setTenantKind(e.target.value as TenantKind)}>
                {(['EXPORTER', 'ASSOCIATION', 'TRAINING_BASE'] as const).map((k) => (
                  <option key={k} value={k}>{t(`auth.kinds.${k}`)}</option>
                ))}
              </select>
            </div>
          </>
        )}
        <button className="btn btn-primary" type="submit" disabled={busy}>
          {busy ? t('auth.working') : title}
        </button>
      </form>
      <p>
        {mode === 'signin' ? <Link to="/signup">{t('auth.toSignUp')}</Link> : <Link to="/signin">{t('auth.toSignIn')}</Link>}
        {mode === 'signin' && <><br /><Link to="/accept">{t('auth.toAccept')}</Link></>}
      </p>
    </div>
  );
}
