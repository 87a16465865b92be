// The work queue's cards: one recommendation to decide on each, with its decisions, the unit's own
// words (its justification, its pending request, its evidence) and the whole timeline one click away.
// Destructive decisions (close as not implemented, withdraw) ask once more.
import { ReactNode, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LIMITS } from '@gov/domain/common/limits';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { ResultOf, graphql } from '../../graphql/graphql';
import { WrittenRecommendation } from '../../graphql/fragments';
import { useDraft } from '../../auth/return-to';
import { ChangedSince, RecommendationBasis, useRecommendationChanges, useSeen } from '../../components/changed-since';
import { Refusal, RefusalNote, useCommand } from '../../components/command';
import { ConfirmButton } from '../../components/confirm';
import { DateField } from '../../components/date-field';
import { isDay } from '../../components/day';
import { EvidenceList } from '../../components/evidence-list';
import { LocalText, pickText, useFormat } from '../../components/format';
import { TimelineOnDemand } from '../../components/timeline';
import { StatusBadge } from '../../components/ui';
import '../../components/forms.css';
import { QueueItem, QueueUnit } from './queue-query';

const Decide = graphql(
  `
    mutation DecideExtension($input: DecideDeadlineExtensionInput!) {
      decideDeadlineExtension(input: $input) {
        recommendation {
          ...WrittenRecommendation
        }
      }
    }
  `,
  [WrittenRecommendation],
);
const Verify = graphql(
  `
    mutation Verify($input: RecommendationNoteInput!) {
      verifyImplementation(input: $input) {
        recommendation {
          ...WrittenRecommendation
        }
      }
    }
  `,
  [WrittenRecommendation],
);
const Return = graphql(
  `
    mutation ReturnImpl($input: RecommendationReasonInput!) {
      returnImplementation(input: $input) {
        recommendation {
          ...WrittenRecommendation
        }
      }
    }
  `,
  [WrittenRecommendation],
);
const Close = graphql(
  `
    mutation CloseNotImplemented($input: RecommendationReasonInput!) {
      closeRecommendationNotImplemented(input: $input) {
        recommendation {
          ...WrittenRecommendation
        }
      }
    }
  `,
  [WrittenRecommendation],
);
const Withdraw = graphql(
  `
    mutation Withdraw($input: RecommendationReasonInput!) {
      withdrawRecommendation(input: $input) {
        recommendation {
          ...WrittenRecommendation
        }
      }
    }
  `,
  [WrittenRecommendation],
);
const Reopen = graphql(
  `
    mutation Reopen($input: RecommendationReasonInput!) {
      reopenRecommendation(input: $input) {
        recommendation {
          ...WrittenRecommendation
        }
      }
    }
  `,
  [WrittenRecommendation],
);
const Reassign = graphql(
  `
    mutation Reassign($input: AssignResponsibilityInput!) {
      assignResponsibility(input: $input) {
        recommendation {
          ...WrittenRecommendation
        }
      }
    }
  `,
  [WrittenRecommendation],
);

const Justification = graphql(`
  query DisputeJustification($id: ID!) {
    recommendation(id: $id) {
      id
      timeline {
        kind
        at
        ... on TimelineDisputed {
          justification
        }
      }
    }
  }
`);

export type Rec = ResultOf<typeof QueueItem>;
export type Unit = ResultOf<typeof QueueUnit>;
type Written = { recommendation: RecommendationBasis } | null | undefined;

interface Decision {
  label: string;
  /** Needs the reason filled in (the API requires one). */
  needsReason: boolean;
  /** Resolves to what the write returned, nothing when it was refused. */
  run: (reason: string) => Promise<Written>;
  /** What the domain would refuse, said before sending (translated), or null. */
  check?: () => string | null;
  /** A decision that ends the recommendation's course: asked once more. */
  confirm?: { question: string; yes: string };
}

/**
 * One recommendation to decide on: a reason (kept as a draft) and the decisions its section offers.
 * A decision refused because someone wrote meanwhile shows who did what since the card was opened
 * and retries on the fresh state with the reason as typed.
 */
/** What every card of the queue gets from the list. */
export interface CardProps {
  r: Rec;
  /** The card shows a cached answer the server is about to refresh. */
  stale: boolean;
  reload: () => void;
}

function DecisionCard({
  card: { r, stale, reload },
  children,
  decisions,
  commands,
  noReason,
  onDemand,
}: {
  card: CardProps;
  children?: ReactNode;
  decisions: Decision[];
  /** The card's commands: busy while any is on its way, showing the first refusal. */
  commands: ReadonlyArray<{ busy: boolean; refusal: Refusal | null }>;
  /** No decision here takes a reason or a note. */
  noReason?: boolean;
  /** A rare decision (reopening a closed one): the card shows this button until it is asked for. */
  onDemand?: string;
}) {
  const busy = commands.some((c) => c.busy);
  const refusal = commands.find((c) => c.refusal)?.refusal ?? null;
  const { t } = useTranslation('secretary');
  const { date } = useFormat();
  const id = useId();
  const [reason, setReason, clear] = useDraft(`secretary.queue.${r.id}.reason`);
  const [missing, setMissing] = useState(false);
  const [tried, setTried] = useState<string | null>(null);
  const { seen, wrote, seenNow } = useSeen<RecommendationBasis>(r, stale);
  const changes = useRecommendationChanges();
  const [problem, setProblem] = useState<string | null>(null);
  // A reason already typed (a draft) keeps the form open.
  const [asked, setAsked] = useState(!onDemand || !!reason);
  const decide = async (d: Decision) => {
    if (d.needsReason && !reason.trim()) return setMissing(true);
    setMissing(false);
    const refused = d.check?.() ?? null;
    setProblem(refused);
    if (refused) return;
    setTried(d.label);
    const written = await d.run(reason.trim());
    if (written) {
      wrote(written.recommendation);
      clear();
      setReason('');
    }
    reload();
  };
  const retry = decisions.find((d) => d.label === tried);
  return (
    <li className="card queue-item">
      <h3 id={`${id}-h`}>
        <Link to={`/recommendations/${r.id}`}>
          {t('numberShort', { number: r.number })} <LocalText value={r.text} />
        </Link>
      </h3>
      <p>
        <StatusBadge status={r.status} overdue={r.overdue} /> {r.leadUnit ? <LocalText value={r.leadUnit.name} /> : null}
        {r.dueDate ? ` · ${t('queue.due', { date: date(r.dueDate) })}` : null}
      </p>
      <ChangedSince
        streamId={`recommendation-${r.id}`}
        seen={seen?.revision}
        current={r.revision}
        facts={seen ? changes(seen, r) : []}
        onSeen={seenNow}
      />
      {children}
      {asked ? null : (
        <p>
          <button type="button" aria-expanded={false} onClick={() => setAsked(true)}>
            {onDemand}
          </button>
        </p>
      )}
      {asked ? (
        <div className="form wide" role="group" aria-labelledby={`${id}-h`}>
          {noReason ? null : (
            <>
              <label htmlFor={`${id}-reason`}>{t('queue.reason')}</label>
              <textarea
                id={`${id}-reason`}
                rows={2}
                value={reason}
                maxLength={LIMITS.text}
                aria-invalid={missing || undefined}
                aria-describedby={missing ? `${id}-missing` : undefined}
                onChange={(e) => setReason(e.target.value)}
              />
            </>
          )}
          {missing ? (
            <span id={`${id}-missing`} className="error">
              {t('queue.reasonRequired')}
            </span>
          ) : null}
          {problem ? (
            <span className="error" role="alert">
              {problem}
            </span>
          ) : null}
          <div className="row-actions">
            {decisions.map((d) =>
              d.confirm ? (
                <ConfirmButton
                  key={d.label}
                  label={d.label}
                  question={d.confirm.question}
                  confirmLabel={d.confirm.yes}
                  busy={busy}
                  onConfirm={() => decide(d)}
                />
              ) : (
                <button key={d.label} type="button" aria-busy={busy} onClick={() => void decide(d)}>
                  {d.label}
                </button>
              ),
            )}
          </div>
          <RefusalNote refusal={refusal} onRetry={retry ? () => void decide(retry) : undefined} />
        </div>
      ) : null}
      <TimelineOnDemand recommendationId={r.id} />
    </li>
  );
}

export function ExtensionCard(card: CardProps) {
  const { r } = card;
  const { t } = useTranslation('secretary');
  const { date } = useFormat();
  const decide = useCommand(Decide);
  const base = { recommendationId: r.id, expectedRevision: r.revision ?? undefined };
  return (
    <DecisionCard
      card={card}
      commands={[decide]}
      decisions={[
        {
          label: t('queue.grant'),
          needsReason: false,
          run: async (reason) => (await decide.submit({ ...base, approve: true, reason: reason || undefined }))?.decideDeadlineExtension,
        },
        {
          label: t('queue.refuse'),
          needsReason: true,
          run: async (reason) => (await decide.submit({ ...base, approve: false, reason }))?.decideDeadlineExtension,
        },
      ]}
    >
      <p>
        {t('queue.requested', { date: date(r.pendingExtension?.requestedDueDate) })}: {r.pendingExtension?.reason}
      </p>
    </DecisionCard>
  );
}

export function ReportCard(card: CardProps) {
  const { r } = card;
  const { t } = useTranslation('secretary');
  const verify = useCommand(Verify);
  const back = useCommand(Return);
  const base = { recommendationId: r.id, expectedRevision: r.revision ?? undefined };
  return (
    <DecisionCard
      card={card}
      commands={[verify, back]}
      decisions={[
        {
          label: t('queue.verify'),
          needsReason: false,
          run: async (note) => (await verify.submit({ ...base, note: note || undefined }))?.verifyImplementation,
        },
        {
          label: t('queue.return'),
          needsReason: true,
          run: async (reason) => (await back.submit({ ...base, reason }))?.returnImplementation,
        },
      ]}
    >
      <EvidenceList items={r.evidence} />
    </DecisionCard>
  );
}

/** The lead unit and the due date of an assignment, kept as drafts per recommendation. */
function useAssignment(r: Rec) {
  const { t } = useTranslation('secretary');
  const { date } = useFormat();
  const [lead, setLead] = useDraft(`secretary.queue.${r.id}.lead`, r.leadUnit?.id ?? '');
  const [due, setDue] = useDraft(`secretary.queue.${r.id}.due`, r.dueDate ?? '');
  // The domain refuses a due date before the day the recommendation was adopted.
  const adoptedOn = r.adoptedAt.slice(0, 10);
  const check = () =>
    !lead
      ? t('queue.needLead')
      : !due
        ? t('adopt.needDue')
        : !isDay(due)
          ? t('common:dateField.invalid')
          : due < adoptedOn
            ? t('adopt.dueBefore', { date: date(adoptedOn) })
            : null;
  return { lead, setLead, due, setDue, check };
}

function AssignmentFields({ units, a }: { units: Unit[]; a: ReturnType<typeof useAssignment> }) {
  const { t, i18n } = useTranslation('secretary');
  return (
    <div className="filters">
      <label>
        {t('adopt.lead')}{' '}
        <select value={a.lead} onChange={(e) => a.setLead(e.target.value)}>
          <option value="">{t('queue.chooseLead')}</option>
          {units
            .filter((u) => u.status === 'ACTIVE')
            .map((u) => (
              <option key={u.id} value={u.id}>
                {pickText(u.name, i18n.language).text}
              </option>
            ))}
        </select>
      </label>
      <DateField label={t('adopt.due')} value={a.due} onChange={a.setDue} />
    </div>
  );
}

/** A recommendation adopted without units (assigned later, or its assignment was refused): assign it. */
export function UnassignedCard({ units, ...card }: CardProps & { units: Unit[] }) {
  const { r } = card;
  const { t } = useTranslation('secretary');
  const assign = useCommand(Reassign);
  const a = useAssignment(r);
  return (
    <DecisionCard
      card={card}
      commands={[assign]}
      noReason
      decisions={[
        {
          label: t('queue.assign'),
          needsReason: false,
          check: a.check,
          run: async () =>
            (await assign.submit({ recommendationId: r.id, expectedRevision: r.revision ?? undefined, leadUnitId: a.lead, dueDate: a.due }))
              ?.assignResponsibility,
        },
      ]}
    >
      <AssignmentFields units={units} a={a} />
    </DecisionCard>
  );
}

/** The unit's words: why it disputes the recommendation (the last dispute on its timeline). */
function DisputeJustificationNote({ id }: { id: string }) {
  const { t } = useTranslation('secretary');
  const { date } = useFormat();
  const [result] = useQuery({ query: Justification, variables: { id }, requestPolicy: 'cache-and-network' });
  const last = result.data?.recommendation.timeline.filter((e) => e.kind === 'DISPUTED').pop();
  if (!last || !('justification' in last)) return null;
  return (
    <blockquote className="justification">
      <p className="muted">{t('queue.justification', { date: date(last.at) })}</p>
      <p>{last.justification}</p>
    </blockquote>
  );
}

export function DisputeCard({ units, ...card }: CardProps & { units: Unit[] }) {
  const { r } = card;
  const { t } = useTranslation('secretary');
  const close = useCommand(Close);
  const withdraw = useCommand(Withdraw);
  const reassign = useCommand(Reassign);
  const a = useAssignment(r);
  const base = { recommendationId: r.id, expectedRevision: r.revision ?? undefined };
  return (
    <DecisionCard
      card={card}
      commands={[reassign, close, withdraw]}
      decisions={[
        {
          label: t('queue.reassign'),
          needsReason: false,
          check: a.check,
          run: async () =>
            // The co-executors stay (less the new lead, who cannot be both).
            (
              await reassign.submit({
                ...base,
                leadUnitId: a.lead,
                coExecutorUnitIds: r.coExecutorUnitIds.filter((u) => u !== a.lead),
                dueDate: a.due,
              })
            )?.assignResponsibility,
        },
        {
          label: t('queue.closeNotImplemented'),
          needsReason: true,
          confirm: { question: t('queue.closeQuestion'), yes: t('queue.closeConfirm') },
          run: async (reason) => (await close.submit({ ...base, reason }))?.closeRecommendationNotImplemented,
        },
        {
          label: t('queue.withdraw'),
          needsReason: true,
          confirm: { question: t('queue.withdrawQuestion'), yes: t('queue.withdrawConfirm') },
          run: async (reason) => (await withdraw.submit({ ...base, reason }))?.withdrawRecommendation,
        },
      ]}
    >
      <DisputeJustificationNote id={r.id} />
      <AssignmentFields units={units} a={a} />
    </DecisionCard>
  );
}

export function ClosedCard(card: CardProps) {
  const { r } = card;
  const { t } = useTranslation('secretary');
  const reopen = useCommand(Reopen);
  return (
    <DecisionCard
      card={card}
      commands={[reopen]}
      onDemand={t('queue.reopen')}
      decisions={[
        {
          label: t('queue.reopen'),
          needsReason: true,
          run: async (reason) =>
            (await reopen.submit({ recommendationId: r.id, expectedRevision: r.revision ?? undefined, reason }))?.reopenRecommendation,
        },
      ]}
    />
  );
}
