// A recommendation as its unit works it, on a phone first: why it came back (a returned report, a
// refused extension), the facts, the next action open and the other possible ones on demand (the
// domain's per-status table mirrored; the server's refusal stays the authority), what is not
// possible now and why, the evidence (a returned report's files marked) and the timeline with every reason.
import { ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LIMITS } from '@gov/domain/common/limits';
import { Link, useParams } from 'react-router';
import { useQuery } from 'urql';
import { ResultOf, graphql } from '../../graphql/graphql';
import { RecommendationCase, RecommendationFacts, WrittenRecommendation } from '../../graphql/fragments';
import { ActionForm } from '../../components/action-form';
import { ChangedSince, RecommendationBasis, useRecommendationChanges, useSeen } from '../../components/changed-since';
import { Refusal, useCommand } from '../../components/command';
import { EvidenceList } from '../../components/evidence-list';
import { EvidenceUpload, UploadedFile, useFilesDraft } from '../../components/evidence-upload';
import { LocalNames, LocalText, useFormat } from '../../components/format';
import { Timeline, TimelineFields } from '../../components/timeline';
import { Progress, Result, StatusBadge } from '../../components/ui';
import { ActingUnitPicker, useActingUnit } from './acting-unit';
import { isClosed } from '@gov/domain/recommendation/recommendation';

export const UnitRecommendationQuery = graphql(
  `
    query UnitRecommendation($id: ID!) {
      recommendation(id: $id) {
        ...RecommendationFacts
        ...RecommendationCase
        timeline {
          ...TimelineFields
        }
      }
    }
  `,
  [RecommendationFacts, RecommendationCase, TimelineFields],
);

const Accept = graphql(
  `
    mutation Accept($input: AcceptRecommendationInput!) {
      acceptRecommendation(input: $input) {
        recommendation {
          ...WrittenRecommendation
        }
      }
    }
  `,
  [WrittenRecommendation],
);
const Dispute = graphql(
  `
    mutation Dispute($input: DisputeRecommendationInput!) {
      disputeRecommendation(input: $input) {
        recommendation {
          ...WrittenRecommendation
        }
      }
    }
  `,
  [WrittenRecommendation],
);
const Progress_ = graphql(
  `
    mutation ReportProgress($input: ReportProgressInput!) {
      reportProgress(input: $input) {
        recommendation {
          ...WrittenRecommendation
        }
      }
    }
  `,
  [WrittenRecommendation],
);
const Extension = graphql(
  `
    mutation RequestExtension($input: RequestDeadlineExtensionInput!) {
      requestDeadlineExtension(input: $input) {
        recommendation {
          ...WrittenRecommendation
        }
      }
    }
  `,
  [WrittenRecommendation],
);
const Implementation = graphql(
  `
    mutation ReportImplementation($input: ReportImplementationInput!) {
      reportImplementation(input: $input) {
        recommendation {
          ...WrittenRecommendation
        }
      }
    }
  `,
  [WrittenRecommendation],
);
const Comment = graphql(
  `
    mutation AddComment($input: AddCommentInput!) {
      addComment(input: $input) {
        recommendation {
          ...WrittenRecommendation
        }
      }
    }
  `,
  [WrittenRecommendation],
);

/** Mirrors the domain's per-command statuses (libs/domain/src/recommendation). */
const ALLOWED: Record<string, string[]> = {
  accept: ['ASSIGNED'],
  dispute: ['ASSIGNED'],
  progress: ['ACCEPTED', 'IN_PROGRESS'],
  extension: ['ASSIGNED', 'ACCEPTED', 'IN_PROGRESS'],
  implementation: ['ACCEPTED', 'IN_PROGRESS'],
};

/** The next action for each status (open at once); the unit's other possible actions open on demand. */
const NEXT: Record<string, string[]> = { ASSIGNED: ['accept', 'dispute'], ACCEPTED: ['progress'], IN_PROGRESS: ['progress'] };
const ORDER = ['accept', 'dispute', 'progress', 'implementation', 'extension', 'comment'];

/** The last decision on the unit's report or request, when it went against the unit: what and why. */
function lastSetback(timeline: ReadonlyArray<ResultOf<typeof TimelineFields>>): { kind: string; at: string; reason: string } | null {
  const decisions = timeline.filter((e) =>
    ['RETURNED', 'EXTENSION_REFUSED', 'EXTENSION_GRANTED', 'VERIFIED', 'IMPLEMENTATION_REPORTED'].includes(e.kind),
  );
  const last = decisions[decisions.length - 1];
  return last && (last.kind === 'RETURNED' || last.kind === 'EXTENSION_REFUSED') && 'reason' in last && last.reason
    ? { kind: last.kind, at: last.at, reason: last.reason }
    : null;
}

/** An action opened on demand: a button that shows its form. */
function OnDemand({ label, children }: { label: string; children: ReactNode }) {
  const [open, setOpen] = useState(false);
  return open ? (
    <>{children}</>
  ) : (
    <button type="button" aria-expanded={false} onClick={() => setOpen(true)}>
      {label}
    </button>
  );
}

export default function UnitRecommendationPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('unit');
  const { date } = useFormat();
  const { unitId } = useActingUnit();
  const [result, refetch] = useQuery({ query: UnitRecommendationQuery, variables: { id } });
  const [done, setDone] = useState<string | null>(null);
  const { seen, wrote, seenNow } = useSeen<RecommendationBasis>(result.data?.recommendation, result.stale);
  const changes = useRecommendationChanges();
  const [evidenceRound, setEvidenceRound] = useState(0);
  const [progressFiles, setProgressFiles, clearProgressFiles] = useFilesDraft(`unit.${id}.progress.files`);
  const [implFiles, setImplFiles, clearImplFiles] = useFilesDraft(`unit.${id}.implementation.files`);
  const accept = useCommand(Accept);
  const dispute = useCommand(Dispute);
  const progress = useCommand(Progress_);
  const extension = useCommand(Extension);
  const implementation = useCommand(Implementation);
  const comment = useCommand(Comment);
  const reload = () => refetch({ requestPolicy: 'network-only' });
  /** Written: say so. Either way show the fresh state (a stale revision's refusal then shows what changed). */
  const after = (written: { recommendation: RecommendationBasis } | undefined, message: string) => {
    setDone(written ? message : null);
    // The person's own write is what they now have seen.
    wrote(written?.recommendation);
    reload();
    return !!written;
  };
  return (
    <Result result={result} ready="unit-recommendation">
      {({ recommendation: r }) => {
        const base = { recommendationId: r.id, expectedRevision: r.revision ?? undefined, actingUnitId: unitId ?? undefined };
        const why = (action: string) =>
          (ALLOWED[action] ?? []).includes(r.status)
            ? action === 'extension' && r.pendingExtension
              ? t('why.extensionPending', { date: date(r.pendingExtension.requestedDueDate) })
              : null
            : t('why.status', { status: t(`common:status.${r.status}`) });
        /** What every action form says the same way: its texts, whether the status allows it, and how it went. */
        const formOf = (action: string, command: { busy: boolean; refusal: Refusal | null }, gated = true) => ({
          id: `unit.${r.id}.${action}`,
          title: t(`${action}.title`),
          submitLabel: t(`${action}.submit`),
          disabledReason: gated ? why(action) : undefined,
          busy: command.busy,
          refusal: command.refusal,
        });
        const files = (list: UploadedFile[]) => list.map((f) => ({ name: f.name, sha256: f.sha256 }));
        const forms: Record<string, ReactNode> = {
          accept: (
            <ActionForm
              key="accept"
              {...formOf('accept', accept)}
              fields={[{ name: 'note', label: t('accept.note'), kind: 'textarea', max: LIMITS.text }]}
              onSubmit={async (v) => {
                const ok = await accept.submit({ ...base, note: v.note || undefined });
                return after(ok?.acceptRecommendation, 'accept');
              }}
            />
          ),
          dispute: (
            <ActionForm
              key="dispute"
              {...formOf('dispute', dispute)}
              fields={[{ name: 'justification', label: t('dispute.justification'), kind: 'textarea', required: true, max: LIMITS.text }]}
              onSubmit={async (v) =>
                after((await dispute.submit({ ...base, justification: v.justification! }))?.disputeRecommendation, 'dispute')
              }
            />
          ),
          progress: (
            <ActionForm
              key="progress"
              {...formOf('progress', progress)}
              fields={[
                { name: 'percent', label: t('progress.percent'), kind: 'percent', required: true },
                { name: 'note', label: t('progress.note'), kind: 'textarea', required: true, max: LIMITS.text },
              ]}
              extra={<EvidenceUpload key={`p${evidenceRound}`} initial={progressFiles} onChange={setProgressFiles} />}
              onSubmit={async (v) => {
                const ok = await progress.submit({ ...base, percent: Number(v.percent), note: v.note!, evidence: files(progressFiles) });
                if (ok) {
                  clearProgressFiles();
                  setEvidenceRound((n) => n + 1);
                }
                return after(ok?.reportProgress, 'progress');
              }}
            />
          ),
          extension: (
            <ActionForm
              key="extension"
              {...formOf('extension', extension)}
              fields={[
                { name: 'date', label: t('extension.date'), kind: 'date', required: true, after: r.dueDate ?? undefined },
                { name: 'reason', label: t('extension.reason'), kind: 'textarea', required: true, max: LIMITS.text },
              ]}
              onSubmit={async (v) =>
                after(
                  (await extension.submit({ ...base, requestedDueDate: v.date!, reason: v.reason! }))?.requestDeadlineExtension,
                  'extension',
                )
              }
            />
          ),
          implementation: (
            <ActionForm
              key="implementation"
              {...formOf('implementation', implementation)}
              fields={[{ name: 'summary', label: t('implementation.summary'), kind: 'textarea', required: true, max: LIMITS.summary }]}
              extra={<EvidenceUpload key={`i${evidenceRound}`} initial={implFiles} onChange={setImplFiles} />}
              onSubmit={async (v) => {
                const ok = await implementation.submit({ ...base, summary: v.summary!, evidence: files(implFiles) });
                if (ok) {
                  clearImplFiles();
                  setEvidenceRound((n) => n + 1);
                }
                return after(ok?.reportImplementation, 'implementation');
              }}
            />
          ),
          comment: (
            <ActionForm
              key="comment"
              {...formOf('comment', comment, false)}
              fields={[{ name: 'text', label: t('comment.text'), kind: 'textarea', required: true, max: LIMITS.text }]}
              onSubmit={async (v) => after((await comment.submit({ ...base, text: v.text! }))?.addComment, 'comment')}
            />
          ),
        };
        // Possible now: the next action open, the others on demand; the rest said with the reason.
        const setback = lastSetback(r.timeline);
        const possible = ORDER.filter((a) => a === 'comment' || !why(a));
        // A returned report is answered by reporting again: that, not progress, is the next action.
        const nextOf = setback?.kind === 'RETURNED' ? ['implementation'] : (NEXT[r.status] ?? []);
        const next = possible.filter((a) => nextOf.includes(a));
        const others = possible.filter((a) => !next.includes(a));
        // Accepting and disputing are only ever out of reach once the unit has answered: not worth listing.
        const unavailable = ORDER.filter((a) => !possible.includes(a) && a !== 'accept' && a !== 'dispute');
        const returns = r.timeline.filter((e) => e.kind === 'RETURNED').map((e) => e.position);
        return (
          <>
            <nav aria-label={t('common:breadcrumbs')} className="crumbs">
              <Link to={`/unit?unit=${unitId ?? ''}`}>{t('inbox.title')}</Link>
            </nav>
            <h1>{t('recommendationNumber', { number: r.number })}</h1>
            <ChangedSince
              streamId={`recommendation-${r.id}`}
              seen={seen?.revision}
              current={r.revision}
              facts={seen ? changes(seen, r) : []}
              onSeen={seenNow}
            />
            <ActingUnitPicker />
            {setback ? (
              <div role="note" className="notice setback">
                <strong>{t(`setback.${setback.kind}`, { date: date(setback.at) })}</strong>
                <p>{setback.reason}</p>
              </div>
            ) : null}
            <p className="rec-text">
              <LocalText value={r.text} />
            </p>
            <div className="rec-meta">
              <StatusBadge status={r.status} overdue={r.overdue} />
              <Progress percent={r.percent} />
            </div>
            <dl className="facts">
              <dt>{t('body')}</dt>
              <dd>
                <LocalText value={r.body?.name} />
                {r.meeting ? `, ${t('meetingNumber', { number: r.meeting.number })}` : ''}
              </dd>
              <dt>{t('lead')}</dt>
              <dd>{r.leadUnit ? <LocalText value={r.leadUnit.name} /> : '—'}</dd>
              <dt>{t('coExecutors')}</dt>
              <dd>
                <LocalNames items={r.coExecutorUnits} />
              </dd>
              <dt>{t('dueDate')}</dt>
              <dd>
                {date(r.dueDate)}
                {r.overdue ? ` (${t('daysOverdue', { count: r.daysOverdue })})` : ''}
                {r.extensions ? ` · ${t('originalDueDate', { date: date(r.originalDueDate) })}` : ''}
              </dd>
              {r.pendingExtension ? (
                <>
                  <dt>{t('pendingExtension')}</dt>
                  <dd>
                    {date(r.pendingExtension.requestedDueDate)}: {r.pendingExtension.reason}
                  </dd>
                </>
              ) : null}
            </dl>
            {done ? (
              <p role="status" className="notice">
                {t(`${done}.done`)}
              </p>
            ) : null}
            <section aria-labelledby="actions-h">
              <h2 id="actions-h">{next.length ? t('nextAction') : t('actions')}</h2>
              {next.length ? <div className="actions-grid">{next.map((a) => forms[a])}</div> : null}
              {/* A closed recommendation asks nothing more of the unit: say so first, instead of listing every action it refuses. */}
              {isClosed(r.status) ? <p className="muted">{t('closedNothingToDo')}</p> : null}
              {others.length ? (
                <div className="other-actions">
                  {/* "Other" only beside a next action; alone, they are simply the actions. */}
                  {next.length ? <h3>{t('otherActions')}</h3> : null}
                  <div className="row-actions">
                    {others.map((a) => (
                      <OnDemand key={a} label={t(`${a}.title`)}>
                        {forms[a]}
                      </OnDemand>
                    ))}
                  </div>
                </div>
              ) : null}
              {unavailable.length && !isClosed(r.status) ? (
                <div className="unavailable">
                  <h3>{t('notNow')}</h3>
                  <ul className="list">
                    {unavailable.map((a) => (
                      <li key={a}>
                        {t(`${a}.title`)}: <span className="muted">{why(a)}</span>
                      </li>
                    ))}
                  </ul>
                </div>
              ) : null}
            </section>
            <section aria-labelledby="evidence-h">
              <h2 id="evidence-h">{t('evidence.title')}</h2>
              <EvidenceList items={r.evidence} returns={returns} />
            </section>
            <section aria-labelledby="timeline-h">
              <h2 id="timeline-h">{t('timelineTitle')}</h2>
              <Timeline recommendationId={r.id} entries={r.timeline} chain={false} />
            </section>
          </>
        );
      }}
    </Result>
  );
}
