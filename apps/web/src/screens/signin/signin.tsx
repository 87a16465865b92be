// Sign-in: OpenID Connect when the server names an issuer, else the development sign-in.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { homeOf, signIn } from '../../auth/session';
import { takeReturn } from '../../auth/return-to';
import { AuthConfig, fetchAuthConfig } from '../../auth/server-config';
import { Loading } from '../../components/ui';
import { ScreenReady } from '../../components/screen-ready';
import { DevSignIn } from './dev-signin';
import { startOidcSignIn } from '../../auth/oidc';

export function SignInPage() {
  const { t } = useTranslation('signin');
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [config, setConfig] = useState<AuthConfig | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    fetchAuthConfig().then(setConfig, () => setFailed(true));
  }, []);
  const done = (token: string) => {
    const session = signIn(token);
    void navigate(takeReturn() ?? homeOf(session), { replace: true });
  };
  return (
    <>
      <h1>{t('title')}</h1>
      {params.get('expired') ? (
        <p role="alert" className="notice">
          {t('expired')}
        </p>
      ) : null}
      {failed ? (
        <p role="alert" className="error">
          {t('failed')}
        </p>
      ) : !config ? (
        <Loading />
      ) : config.oidc ? (
        <>
          <ScreenReady name="signin" />
          <button type="button" className="primary" onClick={() => void startOidcSignIn(config.oidc!).catch(() => setFailed(true))}>
            {t('withProvider')}
          </button>
        </>
      ) : config.devSignIn ? (
        <DevSignIn onToken={done} />
      ) : (
        <p>
          <ScreenReady name="signin" />
          {t('unavailable')}
        </p>
      )}
    </>
  );
}
