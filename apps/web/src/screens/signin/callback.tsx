// Where the OpenID provider sends the browser back with the authorization code.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { finishOidcSignIn } from '../../auth/oidc';
import { takeReturn } from '../../auth/return-to';
import { fetchAuthConfig } from '../../auth/server-config';
import { homeOf, signIn } from '../../auth/session';
import { Loading } from '../../components/ui';

export function SignInCallback() {
  const { t } = useTranslation('signin');
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const started = useRef(false);
  useEffect(() => {
    // The code can be exchanged once only (StrictMode runs effects twice in development).
    if (started.current) return;
    started.current = true;
    fetchAuthConfig()
      .then((config) => {
        if (!config.oidc) throw new Error(t('unavailable'));
        return finishOidcSignIn(config.oidc, params);
      })
      .then((token) => {
        const session = signIn(token);
        void navigate(takeReturn() ?? homeOf(session), { replace: true });
      })
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, [navigate, params, t]);
  if (!error) return <Loading />;
  return (
    <>
      <h1>{t('title')}</h1>
      <p role="alert" className="error">
        {t('failed')} ({error})
      </p>
      <Link to="/signin">{t('title')}</Link>
    </>
  );
}
