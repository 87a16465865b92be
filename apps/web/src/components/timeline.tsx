// A recommendation's timeline from Recommendation.timeline: each kind with what it carries, who did
// it (and for which unit). Readers who may read the log also see whether its hash chain holds.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { graphql, ResultOf } from '../graphql/graphql';
import { TextFields } from '../graphql/fragments';
import { LocalText, useFormat } from './format';
import { verifyChain } from './hash-chain';

export const TimelineFields = graphql(
  `
    fragment TimelineFields on TimelineEntry @_unmask {
      __typename
      kind
      at
      recordedAt
      position
      actor {
        name
        role
        unit {
          id
          name {
            ...TextFields
          }
        }
        body {
          id
          name {
            ...TextFields
          }
        }
      }
      ... on TimelineAccepted {
        note
      }
      ... on TimelineAssigned {
        dueDate
        leadUnit {
          id
          name {
            ...TextFields
          }
        }
      }
      ... on TimelineClosedNotImplemented {
        reason
      }
      ... on TimelineComment {
        text
      }
      ... on TimelineDisputed {
        justification
      }
      ... on TimelineExtensionGranted {
        previousDueDate
        newDueDate
        note
      }
      ... on TimelineExtensionRefused {
        reason
        requestedDueDate
      }
      ... on TimelineExtensionRequested {
        reason
        requestedDueDate
      }
      ... on TimelineImplementationReported {
        summary
      }
      ... on TimelineProgress {
        percent
        note
      }
      ... on TimelineReopened {
        reason
        status
      }
      ... on TimelineReturned {
        reason
      }
      ... on TimelineVerified {
        note
      }
      ... on TimelineWithdrawn {
        reason
      }
    }
  `,
  [TextFields],
);

type Entry = ResultOf<typeof TimelineFields>;

const HistoryQuery = graphql(`
  query RecommendationChain($streamId: String!) {
    history(streamId: $streamId) {
      type
      data
      hash
      position
    }
  }
`);

/** Log position → whether that event's hash follows from the one before; null while checking. */
function useChain(recommendationId: string, enabled: boolean): Map<string, boolean> | 'unavailable' | null {
  const [result] = useQuery({ query: HistoryQuery, variables: { streamId: `recommendation-${recommendationId}` }, pause: !enabled });
  const [checks, setChecks] = useState<Map<string, boolean> | 'unavailable' | null>(null);
  const events = result.data?.history;
  useEffect(() => {
    if (!events) return;
    let live = true;
    void verifyChain(events).then((r) => {
      if (live) setChecks(r === 'unavailable' ? r : new Map(events.map((e, i) => [e.position, r[i] ?? false])));
    });
    return () => {
      live = false;
    };
  }, [events]);
  return checks;
}

function Detail({ entry }: { entry: Entry }) {
  const { t } = useTranslation();
  const { date, number } = useFormat();
  const lines: string[] = [];
  if ('dueDate' in entry && entry.dueDate) lines.push(t('timeline.dueDate', { date: date(entry.dueDate) }));
  if ('newDueDate' in entry && entry.newDueDate)
    lines.push(
      'previousDueDate' in entry && entry.previousDueDate
        ? t('timeline.movedDueDate', { from: date(entry.previousDueDate), to: date(entry.newDueDate) })
        : t('timeline.newDueDate', { date: date(entry.newDueDate) }),
    );
  if ('requestedDueDate' in entry && entry.requestedDueDate)
    lines.push(t('timeline.requestedDueDate', { date: date(entry.requestedDueDate) }));
  if ('percent' in entry && typeof entry.percent === 'number') lines.push(`${number(entry.percent)}%`);
  if ('status' in entry && entry.status) lines.push(t('timeline.reopenedTo', { status: t(`status.${entry.status}`) }));
  for (const text of [
    'summary' in entry ? entry.summary : null,
    'justification' in entry ? entry.justification : null,
    'reason' in entry ? entry.reason : null,
    'note' in entry ? entry.note : null,
    'text' in entry ? entry.text : null,
  ])
    if (text) lines.push(text);
  const lead = 'leadUnit' in entry ? entry.leadUnit : null;
  return (
    <>
      {lead ? (
        <span className="detail">
          <LocalText value={lead.name} />
        </span>
      ) : null}
      {lines.map((line, i) => (
        <span key={i} className="detail">
          {line}
        </span>
      ))}
    </>
  );
}

export function Timeline({ recommendationId, entries, chain }: { recommendationId: string; entries: readonly Entry[]; chain: boolean }) {
  const { t } = useTranslation();
  const { dateTime } = useFormat();
  const checks = useChain(recommendationId, chain);
  const whole = checks instanceof Map && entries.every((e) => checks.get(e.position)) && [...checks.values()].every(Boolean);
  return (
    <>
      {chain ? (
        <p role="status" className={whole ? 'chain-ok' : checks === null ? 'muted' : 'chain-bad'} data-testid="chain">
          {checks === null
            ? t('chain.checking')
            : checks === 'unavailable'
              ? t('chain.unavailable')
              : whole
                ? t('chain.verified')
                : t('chain.broken')}
        </p>
      ) : null}
      <ol className="timeline">
        {entries.map((e) => (
          <li key={e.position}>
            <span className="when">{dateTime(e.at)}</span>
            <strong>{t(`timeline.kind.${e.kind}`)}</strong>
            {e.actor ? (
              <span className="who-did">
                {/* The public sees which unit or body acted; a person's name only where the reader may see it. */}
                {[
                  e.actor.name,
                  e.actor.unit ? <LocalText key="unit" value={e.actor.unit.name} /> : null,
                  e.actor.body ? <LocalText key="body" value={e.actor.body.name} /> : null,
                  !e.actor.unit && !e.actor.body && e.actor.role
                    ? t(`timeline.role.${e.actor.role.split(':')[0] ?? ''}`, { defaultValue: e.actor.role })
                    : null,
                ]
                  .filter((part) => part !== null)
                  .flatMap((part, i) => (i ? [', ', part] : [part]))}
              </span>
            ) : null}
            {checks instanceof Map ? (
              <span className={checks.get(e.position) ? 'chain-mark ok' : 'chain-mark bad'}>
                {checks.get(e.position) ? t('chain.linkOk') : t('chain.linkBad')}
              </span>
            ) : null}
            <Detail entry={e} />
          </li>
        ))}
      </ol>
    </>
  );
}

const TimelineQuery = graphql(
  `
    query RecommendationTimeline($id: ID!) {
      recommendation(id: $id) {
        id
        timeline {
          ...TimelineFields
        }
      }
    }
  `,
  [TimelineFields],
);

function LoadedTimeline({ recommendationId }: { recommendationId: string }) {
  const { t } = useTranslation();
  const [result] = useQuery({ query: TimelineQuery, variables: { id: recommendationId }, requestPolicy: 'cache-and-network' });
  if (!result.data) return <p className="muted">{t('loading')}</p>;
  return <Timeline recommendationId={recommendationId} entries={result.data.recommendation.timeline} chain={false} />;
}

/** The whole timeline one click away: asked for only when opened. */
export function TimelineOnDemand({ recommendationId }: { recommendationId: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <details className="timeline-on-demand" onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
      <summary>{t('timeline.show')}</summary>
      {open ? <LoadedTimeline recommendationId={recommendationId} /> : null}
    </details>
  );
}
