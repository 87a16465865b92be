// A recommendation's timeline: every event with actor and time, and whether its hash chain holds.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from './format';
import { verifyChain } from './hash-chain';

export interface TimelineEvent {
  type: string;
  data: string;
  hash: string;
  revision: string;
  recordedAt: string;
  occurredAt?: string | null;
  actor?: { name: string; role?: string | null } | null;
}

export function Timeline({ events }: { events: readonly TimelineEvent[] }) {
  const { t } = useTranslation();
  const { dateTime } = useFormat();
  const [checks, setChecks] = useState<boolean[] | 'unavailable' | null>(null);
  useEffect(() => {
    let live = true;
    void verifyChain(events).then((r) => live && setChecks(r));
    return () => {
      live = false;
    };
  }, [events]);
  const whole = Array.isArray(checks) && checks.every(Boolean);
  return (
    <>
      <p role="status" className={whole ? 'chain-ok' : checks === null ? 'muted' : 'chain-bad'} data-testid="chain">
        {checks === null
          ? t('chain.checking')
          : checks === 'unavailable'
            ? t('chain.unavailable')
            : whole
              ? t('chain.verified')
              : t('chain.broken')}
      </p>
      <ol className="timeline">
        {events.map((e, i) => (
          <li key={e.revision}>
            <span className="when">{dateTime(e.occurredAt ?? e.recordedAt)}</span>
            <strong>{t(`event.${e.type}`, { defaultValue: e.type })}</strong>
            {e.actor ? <span className="who-did">{e.actor.name}</span> : null}
            {Array.isArray(checks) ? (
              <span className={checks[i] ? 'chain-mark ok' : 'chain-mark bad'} title={e.hash}>
                {checks[i] ? t('chain.linkOk') : t('chain.linkBad')}
              </span>
            ) : null}
          </li>
        ))}
      </ol>
    </>
  );
}
