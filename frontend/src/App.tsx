import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { request, session, setUnauthenticatedHandler } from './api/client';
import type { SignOutMutation } from './api/generated';
import { SignOutDoc } from './api/operations';
import { useLang } from './hooks';
import { setLang } from './i18n';
import { AuthPage } from './pages/Auth';
import { DashboardPage } from './pages/Dashboard';
import { ListingsPage } from './pages/Listings';
import { ReportPage, ReportsPage } from './pages/Reports';
import { PortalPage } from './portal/PortalPage';
import { Link, navigate, usePath } from './router';
import { isTeachingPath, TeachingPage } from './teaching/Teaching';

export function App() {
  const { t } = useTranslation();
  const lang = useLang();
  const path = usePath();
  const [signedIn, setSignedIn] = useState(() => session.token != null);

  useEffect(() => {
    setUnauthenticatedHandler(() => {
      setSignedIn(false);
      navigate('/signin');
    });
  }, []);
  useEffect(() => {
    document.title = t('app.name');
  }, [t, lang]);

  const isAuthPath = path === '/signin' || path === '/signup';
  useEffect(() => {
    if (!signedIn && !isAuthPath && path !== '/join') navigate('/signin');
  }, [signedIn, isAuthPath, path]);

  async function signOut() {
    try {
      await request<SignOutMutation>(SignOutDoc);
    } catch {
      // the session ends locally either way
    }
    session.clear();
    setSignedIn(false);
    navigate('/signin');
  }

  let page: React.ReactNode;
  if (isTeachingPath(path)) page = <TeachingPage path={path} signedIn={signedIn} onSignedIn={() => setSignedIn(true)} />;
  else if (!signedIn || isAuthPath) page = <AuthPage mode={path === '/signup' ? 'signup' : 'signin'} onSignedIn={() => setSignedIn(true)} />;
  else if (path === '/listings') page = <ListingsPage />;
  else if (path === '/reports') page = <ReportsPage />;
  else if (path.startsWith('/reports/')) page = <ReportPage id={decodeURIComponent(path.slice('/reports/'.length))} />;
  else if (path === '/portal' || path.startsWith('/portal/')) page = <PortalPage sub={path.slice('/portal/'.length)} />;
  else page = <DashboardPage />;

  const nav = [
    ['/', t('nav.dashboard')],
    ['/listings', t('nav.listings')],
    ['/reports', t('nav.reports')],
    ['/portal', t('portal.nav')],
    ['/teaching', t('teach.nav')],
  ] as const;
  return (
    <>
      <a className="skip" href="#main">{t('app.skip')}</a>
      <header className="topbar">
        <span className="brand">{t('app.name')}</span>
        <nav aria-label="main">
          {signedIn && nav.map(([to, label]) => (
            <Link key={to} to={to} aria-current={(to === '/' ? path === '/' : path.startsWith(to)) ? 'page' : undefined}>{label}</Link>
          ))}
        </nav>
        <button type="button" className="btn" data-testid="lang-switch" aria-label={t('nav.languageLabel')} lang={lang === 'zh' ? 'en' : 'zh-CN'} onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>
          {t('nav.language')}
        </button>
        {signedIn && <button type="button" className="btn" onClick={signOut}>{t('nav.signOut')}</button>}
      </header>
      <main id="main" tabIndex={-1}>{page}</main>
    </>
  );
}
