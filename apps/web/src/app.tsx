import { Suspense, useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, useNavigate, useRoutes } from 'react-router';
import { Provider } from 'urql';
import { makeClient } from './client';
import { canReadAll, getSession, hasRole, scopedIds, signOut, useSession } from './auth/session';
import { rememberReturn } from './auth/return-to';
import { LANGUAGES, switchLanguage } from './i18n';
import { AsOfControl } from './components/as-of';
import { NotificationBell, receivesNotifications } from './components/notification-bell';
import { Loading, NotFoundPage } from './components/ui';
import { OrganisationProvider } from './components/organisation';
import { routes } from './routes';

/** Raised on window when the API refuses the session's token (HTTP 401, or a socket closed with 4401). */
const SESSION_EXPIRED = 'gov:session-expired';

function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <div role="group" aria-label={t('language')} className="lang-switch">
      {LANGUAGES.map((lang) => (
        <button
          key={lang}
          type="button"
          lang={lang}
          // The name in full on hover wherever the code alone is shown.
          title={t(`languageName.${lang}`)}
          aria-pressed={i18n.language === lang}
          onClick={() => void switchLanguage(lang)}
        >
          {/* A phone, and a signed-in header, show the short form: the header must stay short (one row on a desktop). */}
          <span className="long">{t(`languageName.${lang}`)}</span>
          <span className="short">{lang.toUpperCase()}</span>
        </button>
      ))}
    </div>
  );
}

function Header() {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  return (
    <header className="site-header">
      <div className={session ? 'bar signed-in' : 'bar'}>
        <Link to="/" className="brand">
          {t('appName')}
        </Link>
        <nav aria-label={t('mainNav')}>
          <NavLink to="/">{t('nav.public')}</NavLink>
          <NavLink to="/recommendations">{t('nav.recommendations')}</NavLink>
          {canReadAll(session) ? <NavLink to="/dashboard">{t('nav.dashboard')}</NavLink> : null}
          {session ? <NavLink to="/register">{t('nav.register')}</NavLink> : null}
          {hasRole(session, 'admin') ? <NavLink to="/admin">{t('nav.admin')}</NavLink> : null}
          {scopedIds(session, 'secretary').length ? <NavLink to="/secretary">{t('nav.secretary')}</NavLink> : null}
          {scopedIds(session, 'unit').length ? <NavLink to="/unit">{t('nav.unit')}</NavLink> : null}
        </nav>
        {receivesNotifications(session) ? <NotificationBell /> : null}
        <LanguageSwitch />
        {session ? (
          <span className="who">
            <span className="who-name" title={session.name}>
              {session.name}
            </span>
            <button
              type="button"
              onClick={() => {
                signOut();
                void navigate('/');
              }}
            >
              {t('signOut')}
            </button>
          </span>
        ) : (
          <Link to="/signin" className="signin-link">
            {t('signIn')}
          </Link>
        )}
      </div>
      {/* "As of" turns every view into a past state: a reader's tool (oversight, admin), not a unit's or a secretary's. */}
      {canReadAll(session) ? <AsOfControl /> : null}
    </header>
  );
}

export function App() {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  useEffect(() => {
    const expired = () => {
      // Several operations may notice at once: only the first, while still signed in, acts.
      if (!getSession()) return;
      // Back to sign-in, then back to the address shown now (read when it happens, not at the last
      // render): the screen's drafts are kept in sessionStorage.
      rememberReturn(`${window.location.pathname}${window.location.search}`);
      signOut();
      void navigate('/signin?expired=1');
    };
    window.addEventListener(SESSION_EXPIRED, expired);
    return () => window.removeEventListener(SESSION_EXPIRED, expired);
  }, [navigate]);
  // A new client (and live-update connection) only when the identity changes; it tells of an expired
  // token by an event, so it need not be rebuilt as the page (where to come back to) changes.
  const client = useMemo(() => makeClient(session, () => window.dispatchEvent(new Event(SESSION_EXPIRED))), [session]);
  const element = useRoutes([...routes, { path: '*', element: <NotFoundPage /> }]);
  return (
    <Provider value={client}>
      <a href="#main" className="skip">
        {t('skipToContent')}
      </a>
      <Header />
      <main id="main" tabIndex={-1}>
        <OrganisationProvider>
          <Suspense fallback={<Loading />}>{element}</Suspense>
        </OrganisationProvider>
      </main>
    </Provider>
  );
}
