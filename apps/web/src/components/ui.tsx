// Small shared pieces: figures, status, progress, loading and error states.
import { ReactNode } from 'react';
import { ScreenReady } from './screen-ready';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { CombinedError } from 'urql';
import { useSession } from '../auth/session';
import { rememberReturn } from '../auth/return-to';
import { useFormat } from './format';

/** A headline number with what it counts; `note` says how it is worked out (a rate's division). */
export function Figure({ label, value, tone, note }: { label: string; value: ReactNode; tone?: 'bad' | 'good'; note?: string }) {
  return (
    <div className={`figure${tone ? ` figure-${tone}` : ''}`}>
      <div className="figure-value">{value}</div>
      <div className="figure-label">{label}</div>
      {note ? <div className="figure-note">{note}</div> : null}
    </div>
  );
}

/**
 * The two implementation rates, each named by what it divides: the same words on the public pages
 * and the dashboard (`implementationRate` is implemented ÷ (implemented + closed not implemented)).
 */
export function RateFigures({ stats }: { stats: { total: number; implemented: number; implementationRate?: number | null } | undefined }) {
  const { t } = useTranslation();
  const { percent } = useFormat();
  return (
    <>
      <Figure
        label={t('rates.ofAdopted')}
        note={t('rates.ofAdoptedNote')}
        value={percent(stats?.total ? stats.implemented / stats.total : null)}
      />
      <Figure label={t('rates.ofClosed')} note={t('rates.ofClosedNote')} value={percent(stats?.implementationRate)} />
    </>
  );
}

export function StatusBadge({ status, overdue }: { status: string; overdue?: boolean }) {
  const { t } = useTranslation();
  return (
    <span className="badges">
      <span className={`badge status-${status.toLowerCase()}`}>{t(`status.${status}`)}</span>
      {overdue ? <span className="badge overdue">{t('overdue')}</span> : null}
    </span>
  );
}

export function Progress({ percent }: { percent: number }) {
  const { t } = useTranslation();
  const { number } = useFormat();
  return (
    <span className="progress">
      <progress max={100} value={percent} aria-label={t('progress')} />
      <span>{number(percent)}%</span>
    </span>
  );
}

export function Loading() {
  const { t } = useTranslation();
  return (
    <p role="status" className="muted">
      {t('loading')}
    </p>
  );
}

/** What someone not signed in is told where a screen needs a sign-in: the way to it, and back here after. */
export function SignInPrompt({ text }: { text: string }) {
  const { t } = useTranslation();
  const { pathname, search } = useLocation();
  return (
    <p role="alert">
      {text}{' '}
      <Link to="/signin" onClick={() => rememberReturn(`${pathname}${search}`)}>
        {t('signIn')}
      </Link>
    </p>
  );
}

export function ErrorNote({ error }: { error: CombinedError }) {
  const { t } = useTranslation();
  const session = useSession();
  const code = error.graphQLErrors[0]?.extensions?.code;
  const refused = code === 'UNAUTHENTICATED' || code === 'FORBIDDEN';
  if (refused && !session) return <SignInPrompt text={t('notAllowed')} />;
  return (
    <p role="alert" className="error">
      {code === 'NOT_FOUND' ? t('notFound') : refused ? t('forbidden') : t('loadFailed')}
    </p>
  );
}

/** An address the app has no screen for: said under a heading, with the way home. */
export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <>
      <h1>{t('notFoundTitle')}</h1>
      <p role="alert">
        {t('notFound')} <Link to="/">{t('toHome')}</Link>
      </p>
    </>
  );
}

/** Loading, error or the content, for one query result. */
/** Loading, error or the content, for one query result; `ready` names the screen whose own content this is. */
export function Result<T>({
  result,
  children,
  ready,
}: {
  result: { data?: T; error?: CombinedError; fetching: boolean };
  children: (data: T) => ReactNode;
  ready?: string;
}) {
  if (result.error && !result.data) return <ErrorNote error={result.error} />;
  if (!result.data) return <Loading />;
  return (
    <>
      {children(result.data)}
      {ready ? <ScreenReady name={ready} /> : null}
    </>
  );
}
