// The secretary's work queue, with counts: extension requests to grant or refuse, implementation
// reports to verify or return (the evidence opens in place), disputed recommendations to reassign,
// close as not implemented or withdraw, and closed ones to reopen.
import { ReactNode, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LIMITS } from '@gov/domain/common/limits';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { ResultOf, VariablesOf, graphql } from '../../graphql/graphql';
import { RecommendationCase, RecommendationHeadline, RecommendationPage, TextFields, WrittenRecommendation } from '../../graphql/fragments';
import { useDraft } from '../../auth/return-to';
import { ChangedSince, RecommendationBasis, useRecommendationChanges, useSeen } from '../../components/changed-since';
import { Refusal, RefusalNote, useCommand } from '../../components/command';
import { EvidenceList } from '../../components/evidence-list';
import { LocalText, pickText, useFormat } from '../../components/format';
import { PAGE_SIZE, Pager, useCursor } from '../../components/pager';
import { Figure, Result, StatusBadge } from '../../components/ui';
import { useBodyScope } from './body-scope';
import '../../components/forms.css';

/** One section of the queue: a page of its recommendations and how many there are in all. */
const QueueSection = graphql(
  `
    fragment QueueSection on RecommendationConnection @_unmask {
      ...RecommendationPage
      edges {
        node {
          ...RecommendationHeadline
          ...RecommendationCase
          coExecutorUnitIds
          adoptedAt
          percent
          overdue
        }
      }
    }
  `,
  [RecommendationPage, RecommendationHeadline, RecommendationCase],
);

// Statuses go in as variables: gql.tada does not check enum literals written inside a document.
const QueueQuery = graphql(
  `
    query SecretaryQueue(
      $bodyIds: [ID!]!
      $first: Int!
      $reported: [RecommendationStatus!]!
      $disputed: [RecommendationStatus!]!
      $closed: [RecommendationStatus!]!
      $extensionsAfter: String
      $reportsAfter: String
      $disputesAfter: String
      $closedAfter: String
    ) {
      extensions: recommendations(
        filter: { bodyIds: $bodyIds, extensionPending: true }
        orderBy: DUE_DATE_ASC
        first: $first
        after: $extensionsAfter
      ) {
        ...QueueSection
      }
      reports: recommendations(
        filter: { bodyIds: $bodyIds, statuses: $reported }
        orderBy: DUE_DATE_ASC
        first: $first
        after: $reportsAfter
      ) {
        ...QueueSection
      }
      disputes: recommendations(
        filter: { bodyIds: $bodyIds, statuses: $disputed }
        orderBy: DUE_DATE_ASC
        first: $first
        after: $disputesAfter
      ) {
        ...QueueSection
      }
      closed: recommendations(
        filter: { bodyIds: $bodyIds, statuses: $closed }
        orderBy: UPDATED_AT_DESC
        first: $first
        after: $closedAfter
      ) {
        ...QueueSection
      }
      units {
        id
        status
        name {
          ...TextFields
        }
      }
    }
  `,
  [TextFields, QueueSection],
);

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

type Data = ResultOf<typeof QueueQuery>;
type Section = Data['extensions'];
type Rec = Section['edges'][number]['node'];
type Unit = Data['units'][number];
type Written = { recommendation: RecommendationBasis } | null | undefined;

const STATUSES: Pick<VariablesOf<typeof QueueQuery>, 'reported' | 'disputed' | 'closed'> = {
  reported: ['IMPLEMENTATION_REPORTED'],
  disputed: ['DISPUTED'],
  closed: ['CLOSED_IMPLEMENTED', 'CLOSED_NOT_IMPLEMENTED', 'WITHDRAWN'],
};

interface Decision {
  label: string;
  /** Needs the reason filled in (the API requires one). */
  needsReason: boolean;
  /** Resolves to what the write returned, nothing when it was refused. */
  run: (reason: string) => Promise<Written>;
  /** What the domain would refuse, said before sending (translated), or null. */
  check?: () => string | null;
}

/**
 * One recommendation to decide on: a reason (kept as a draft) and the decisions its section offers.
 * A decision refused because someone wrote meanwhile shows who did what since the card was opened
 * and retries on the fresh state with the reason as typed.
 */
function DecisionCard({
  r,
  stale,
  children,
  decisions,
  refusal,
  busy,
  reload,
}: {
  r: Rec;
  /** The card shows a cached answer the server is about to refresh. */
  stale: boolean;
  children?: ReactNode;
  decisions: Decision[];
  refusal: Refusal | null;
  busy: boolean;
  reload: () => void;
}) {
  const { t } = useTranslation('secretary');
  const { date } = useFormat();
  const id = useId();
  const [reason, setReason, clear] = useDraft(`secretary.queue.${r.id}.reason`);
  const [missing, setMissing] = useState(false);
  const [tried, setTried] = useState<string | null>(null);
  const { seen, wrote, seenNow } = useSeen<RecommendationBasis>(r, stale);
  const changes = useRecommendationChanges();
  const [problem, setProblem] = useState<string | null>(null);
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
        <StatusBadge status={r.status} overdue={r.overdue} /> {r.leadUnit ? <LocalText value={r.leadUnit.name} /> : null} ·{' '}
        {t('queue.due', { date: date(r.dueDate) })}
      </p>
      <ChangedSince
        streamId={`recommendation-${r.id}`}
        seen={seen?.revision}
        current={r.revision}
        facts={seen ? changes(seen, r) : []}
        onSeen={seenNow}
      />
      {children}
      <div className="form wide" role="group" aria-labelledby={`${id}-h`}>
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
          {decisions.map((d) => (
            <button key={d.label} type="button" aria-busy={busy} onClick={() => void decide(d)}>
              {d.label}
            </button>
          ))}
        </div>
        <RefusalNote refusal={refusal} onRetry={retry ? () => void decide(retry) : undefined} />
      </div>
    </li>
  );
}

function ExtensionCard({ r, stale, reload }: { r: Rec; stale: boolean; reload: () => void }) {
  const { t } = useTranslation('secretary');
  const { date } = useFormat();
  const decide = useCommand(Decide);
  const base = { recommendationId: r.id, expectedRevision: r.revision ?? undefined };
  return (
    <DecisionCard
      r={r}
      stale={stale}
      reload={reload}
      busy={decide.busy}
      refusal={decide.refusal}
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

function ReportCard({ r, stale, reload }: { r: Rec; stale: boolean; reload: () => void }) {
  const { t } = useTranslation('secretary');
  const verify = useCommand(Verify);
  const back = useCommand(Return);
  const base = { recommendationId: r.id, expectedRevision: r.revision ?? undefined };
  return (
    <DecisionCard
      r={r}
      stale={stale}
      reload={reload}
      busy={verify.busy || back.busy}
      refusal={verify.refusal ?? back.refusal}
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

function DisputeCard({ r, stale, units, reload }: { r: Rec; stale: boolean; units: Unit[]; reload: () => void }) {
  const { t, i18n } = useTranslation('secretary');
  const close = useCommand(Close);
  const withdraw = useCommand(Withdraw);
  const reassign = useCommand(Reassign);
  const [lead, setLead] = useDraft(`secretary.queue.${r.id}.lead`, r.leadUnit?.id ?? '');
  const [due, setDue] = useDraft(`secretary.queue.${r.id}.due`, r.dueDate ?? '');
  const { date } = useFormat();
  const base = { recommendationId: r.id, expectedRevision: r.revision ?? undefined };
  // The domain refuses a due date before the day the recommendation was adopted.
  const adoptedOn = r.adoptedAt.slice(0, 10);
  return (
    <DecisionCard
      r={r}
      stale={stale}
      reload={reload}
      busy={close.busy || withdraw.busy || reassign.busy}
      refusal={reassign.refusal ?? close.refusal ?? withdraw.refusal}
      decisions={[
        {
          label: t('queue.reassign'),
          needsReason: false,
          check: () => (!due ? t('adopt.needDue') : due < adoptedOn ? t('adopt.dueBefore', { date: date(adoptedOn) }) : null),
          run: async () =>
            // The co-executors stay (less the new lead, who cannot be both).
            (
              await reassign.submit({
                ...base,
                leadUnitId: lead,
                coExecutorUnitIds: r.coExecutorUnitIds.filter((u) => u !== lead),
                dueDate: due,
              })
            )?.assignResponsibility,
        },
        {
          label: t('queue.closeNotImplemented'),
          needsReason: true,
          run: async (reason) => (await close.submit({ ...base, reason }))?.closeRecommendationNotImplemented,
        },
        {
          label: t('queue.withdraw'),
          needsReason: true,
          run: async (reason) => (await withdraw.submit({ ...base, reason }))?.withdrawRecommendation,
        },
      ]}
    >
      <div className="filters">
        <label>
          {t('adopt.lead')}{' '}
          <select value={lead} onChange={(e) => setLead(e.target.value)}>
            {units
              .filter((u) => u.status === 'ACTIVE')
              .map((u) => (
                <option key={u.id} value={u.id}>
                  {pickText(u.name, i18n.language).text}
                </option>
              ))}
          </select>
        </label>
        <label>
          {t('adopt.due')} <input type="date" value={due} onChange={(e) => setDue(e.target.value)} />
        </label>
      </div>
    </DecisionCard>
  );
}

function ClosedCard({ r, stale, reload }: { r: Rec; stale: boolean; reload: () => void }) {
  const { t } = useTranslation('secretary');
  const reopen = useCommand(Reopen);
  return (
    <DecisionCard
      r={r}
      stale={stale}
      reload={reload}
      busy={reopen.busy}
      refusal={reopen.refusal}
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

export default function SecretaryQueue() {
  const { t } = useTranslation('secretary');
  const { number } = useFormat();
  const { bodyId } = useBodyScope();
  const variables = {
    bodyIds: [bodyId ?? ''],
    first: PAGE_SIZE,
    ...STATUSES,
    extensionsAfter: useCursor('extensions'),
    reportsAfter: useCursor('reports'),
    disputesAfter: useCursor('disputes'),
    closedAfter: useCursor('closed'),
  };
  const [result, refetch] = useQuery({ query: QueueQuery, variables, pause: !bodyId });
  const reload = () => refetch({ requestPolicy: 'network-only' });
  if (!bodyId) return <p role="alert">{t('noBody')}</p>;
  return (
    <>
      <nav aria-label={t('common:breadcrumbs')} className="crumbs">
        <Link to={`/secretary?body=${bodyId}`}>{t('meetings.title')}</Link>
      </nav>
      <h1>{t('queue.title')}</h1>
      <Result result={result}>
        {(data) => {
          const stale = result.stale;
          // Counts are each section's totalCount: the whole set, whichever page is on screen.
          const sections: Array<['extensions' | 'reports' | 'disputes' | 'closed', Section, (r: Rec) => ReactNode]> = [
            ['extensions', data.extensions, (r) => <ExtensionCard key={r.id} r={r} stale={stale} reload={reload} />],
            ['reports', data.reports, (r) => <ReportCard key={r.id} r={r} stale={stale} reload={reload} />],
            ['disputes', data.disputes, (r) => <DisputeCard key={r.id} r={r} stale={stale} units={data.units} reload={reload} />],
            ['closed', data.closed, (r) => <ClosedCard key={r.id} r={r} stale={stale} reload={reload} />],
          ];
          return (
            <>
              <div className="figures">
                {sections.map(([key, section]) => (
                  <Figure
                    key={key}
                    label={t(`queue.${key}`)}
                    value={number(section.totalCount)}
                    tone={section.totalCount && key !== 'closed' ? 'bad' : undefined}
                  />
                ))}
              </div>
              {sections.map(([key, section, render]) => (
                <section key={key} aria-labelledby={`q-${key}`}>
                  <h2 id={`q-${key}`}>
                    {t(`queue.${key}`)} ({number(section.totalCount)})
                  </h2>
                  {section.edges.length ? (
                    <ul className="list queue">{section.edges.map((e) => render(e.node))}</ul>
                  ) : (
                    <p className="muted">{t('queue.empty')}</p>
                  )}
                  <Pager
                    param={key}
                    pageInfo={section.pageInfo}
                    label={t(`queue.${key}`)}
                    shown={section.edges.length}
                    total={section.totalCount}
                  />
                </section>
              ))}
            </>
          );
        }}
      </Result>
    </>
  );
}
