import { lazy, Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { request, session, setUnauthenticatedHandler } from './api/client';
import type { SignOutMutation } from './api/generated';
import { SignOutDoc } from './api/operations';
import { useLang } from './hooks';
import { setLang } from './i18n';
import { AuthPage } from './pages/Auth';
import { DashboardPage } from './pages/Dashboard';
import { ListingsPage } from './pages/Listings';
import { PortalPage } from './portal/PortalPage';
import { Link, navigate, usePath } from './router';
import { isTeachingPath, TeachingPage } from './teaching/Teaching';
import { Loading } from './components/States';

// Pages off the first screen load on demand.
const ListingPage = lazy(() => import('./pages/Listing').then((m) => ({ default: m.ListingPage })));
const ReportsPage = lazy(() => import('./pages/Reports').then((m) => ({ default: m.ReportsPage })));
const ReportPage = lazy(() => import('./pages/Reports').then((m) => ({ default: m.ReportPage })));
const WatchPage = lazy(() => import('./pages/Watch').then((m) => ({ default: m.WatchPage })));
const BillingPage = lazy(() => import('./pages/Billing').then((m) => ({ default: m.BillingPage })));
const SettingsPage = lazy(() => import('./pages/Settings').then((m) => ({ default: m.SettingsPage })));

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

  const isAuthPath = path === '/signin' || path === '/signup' || path === '/accept';
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
  else if (!signedIn || isAuthPath) page = <AuthPage mode={path === '/signup' ? 'signup' : path === '/accept' ? 'accept' : 'signin'} onSignedIn={() => setSignedIn(true)} />;
  else if (path === '/listings') page = <ListingsPage />;
  else if (path.startsWith('/listings/')) page = <ListingPage id={decodeURIComponent(path.slice('/listings/'.length))} />;
  else if (path === '/reports') page = <ReportsPage />;
  else if (path === '/watch') page = <WatchPage />;
  else if (path === '/billing') page = <BillingPage />;
  else if (path === '/settings') page = <SettingsPage />;
  else if (path.startsWith('/reports/')) page = <ReportPage id={decodeURIComponent(path.slice('/reports/'.length))} />;
  else if (path === '/portal' || path.startsWith('/portal/')) page = <PortalPage sub={path.slice('/portal/'.length)} />;
  else page = <DashboardPage />;

  const nav = [
    ['/', t('nav.dashboard')],
    ['/listings', t('nav.listings')],
    ['/reports', t('nav.reports')],
    ['/watch', t('nav.watch')],
    ['/billing', t('nav.billing')],
    ['/settings', t('nav.settings')],
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
      <main id="main" tabIndex={-1}><Suspense fallback={<Loading />}>{page}</Suspense></main>
    </>
  );
}
