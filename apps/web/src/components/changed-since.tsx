// What changed since the person opened a form: when a write is refused for a stale expectedRevision
// the screen reloads the fresh state, and this says who did what in between (from the stream's
// history), so the person can check and retry with what they typed. Their own writes move what
// they have seen forward, so those are never reported back to them.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { graphql } from '../graphql/graphql';
import { useFormat } from './format';
import './forms.css';

const StreamHistory = graphql(`
  query StreamHistory($streamId: String!) {
    history(streamId: $streamId) {
      type
      revision
      position
      recordedAt
      actor {
        name
      }
    }
  }
`);

/**
 * The state the person has seen: the first one read from the server (not a cached answer about to
 * be refreshed: pass `stale`), then each one their own write produced. `wrote` takes what a
 * successful write returned; `seenNow` accepts the state on screen.
 */
export function useSeen<T extends { revision?: string | null }>(current: T | undefined, stale = false) {
  const [seen, setSeen] = useState<T | null>(null);
  if (current && !stale && !seen) setSeen(current);
  return {
    seen,
    wrote: (written: T | null | undefined) => {
      if (written) setSeen(written);
    },
    seenNow: () => setSeen(current ?? null),
  };
}

/** A recommendation's facts a person compares: what the unit's and the secretary's writes return. */
export interface RecommendationBasis {
  revision?: string | null;
  status: string;
  percent: number;
  dueDate?: string | null;
}

/** The facts that differ between what was seen and what is now, in the reader's words. */
export function useRecommendationChanges() {
  const { t } = useTranslation();
  const { date } = useFormat();
  return (seen: RecommendationBasis, now: RecommendationBasis): string[] =>
    [
      seen.status !== now.status ? t('changed.status', { from: t(`status.${seen.status}`), to: t(`status.${now.status}`) }) : null,
      seen.percent !== now.percent ? t('changed.percent', { from: seen.percent, to: now.percent }) : null,
      seen.dueDate !== now.dueDate ? t('changed.dueDate', { from: date(seen.dueDate), to: date(now.dueDate) }) : null,
    ].filter((x): x is string => !!x);
}

export function ChangedSince({
  streamId,
  seen,
  current,
  facts = [],
  onSeen,
}: {
  /** The stream the screen writes to, e.g. meeting-<id>. */
  streamId: string;
  /** The revision the person has seen and the one now on screen. */
  seen: string | null | undefined;
  current: string | null | undefined;
  /** Facts that differ, worded by the screen (see useRecommendationChanges). */
  facts?: string[];
  onSeen: () => void;
}) {
  const { t } = useTranslation();
  const { dateTime } = useFormat();
  // Only a newer revision is a change: an older one is the screen not yet caught up with the person's own write.
  const changed = seen != null && current != null && BigInt(current) > BigInt(seen);
  const [history] = useQuery({ query: StreamHistory, variables: { streamId }, pause: !changed, requestPolicy: 'network-only' });
  if (!changed) return null;
  const since = BigInt(seen);
  const events = (history.data?.history ?? []).filter((e) => BigInt(e.revision) > since);
  return (
    <div role="alert" className="notice changed">
      <p>{t('changed.title')}</p>
      <ul>
        {events.map((e) => (
          <li key={e.position}>
            <span className="when">{dateTime(e.recordedAt)}</span>{' '}
            {t('changed.who', { who: e.actor?.name ?? t('changed.someone'), what: t(`event.${e.type}`, { defaultValue: e.type }) })}
          </li>
        ))}
        {facts.map((c) => (
          <li key={c}>{c}</li>
        ))}
        {history.fetching && !events.length ? <li className="muted">{t('loading')}</li> : null}
      </ul>
      <button type="button" onClick={onSeen}>
        {t('changed.seen')}
      </button>
    </div>
  );
}
