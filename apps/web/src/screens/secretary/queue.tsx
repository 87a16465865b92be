// The secretary's work queue, with counts: extension requests to grant or refuse, implementation
// reports to verify or return (the evidence opens in place), disputed recommendations to reassign,
// close as not implemented or withdraw, and closed ones to reopen.
import { FormEvent, ReactNode, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { ResultOf, graphql } from '../../graphql/graphql';
import { RecommendationCase, RecommendationHeadline, TextFields } from '../../graphql/fragments';
import { useDraft } from '../../auth/return-to';
import { Refusal, RefusalNote, useCommand } from '../../components/command';
import { EvidenceList } from '../../components/evidence-list';
import { LocalText, pickText, useFormat } from '../../components/format';
import { Figure, Result, StatusBadge } from '../../components/ui';
import { useBodyScope } from './body-scope';
import '../../components/forms.css';

const QueueQuery = graphql(
  `
    query SecretaryQueue($bodyId: ID!) {
      recommendations(filter: { bodyIds: [$bodyId] }, orderBy: DUE_DATE_ASC, first: 200) {
        totalCount
        edges {
          node {
            ...RecommendationHeadline
            ...RecommendationCase
            overdue
          }
        }
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
  [TextFields, RecommendationHeadline, RecommendationCase],
);

const Decide = graphql(`
  mutation DecideExtension($input: DecideDeadlineExtensionInput!) {
    decideDeadlineExtension(input: $input) {
      revision
    }
  }
`);
const Verify = graphql(`
  mutation Verify($input: RecommendationNoteInput!) {
    verifyImplementation(input: $input) {
      revision
    }
  }
`);
const Return = graphql(`
  mutation ReturnImpl($input: RecommendationReasonInput!) {
    returnImplementation(input: $input) {
      revision
    }
  }
`);
const Close = graphql(`
  mutation CloseNotImplemented($input: RecommendationReasonInput!) {
    closeRecommendationNotImplemented(input: $input) {
      revision
    }
  }
`);
const Withdraw = graphql(`
  mutation Withdraw($input: RecommendationReasonInput!) {
    withdrawRecommendation(input: $input) {
      revision
    }
  }
`);
const Reopen = graphql(`
  mutation Reopen($input: RecommendationReasonInput!) {
    reopenRecommendation(input: $input) {
      revision
    }
  }
`);
const Reassign = graphql(`
  mutation Reassign($input: AssignResponsibilityInput!) {
    assignResponsibility(input: $input) {
      revision
    }
  }
`);

type Rec = ResultOf<typeof QueueQuery>['recommendations']['edges'][number]['node'];
type Unit = ResultOf<typeof QueueQuery>['units'][number];
const CLOSED = ['CLOSED_IMPLEMENTED', 'CLOSED_NOT_IMPLEMENTED', 'WITHDRAWN'];

interface Decision {
  label: string;
  /** Needs the reason filled in (the API requires one). */
  needsReason: boolean;
  run: (reason: string) => Promise<unknown>;
}

/** One recommendation to decide on: a reason (kept as a draft) and the decisions its section offers. */
function DecisionCard({
  r,
  children,
  decisions,
  refusal,
  busy,
  reload,
}: {
  r: Rec;
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
  const decide = async (d: Decision, e?: FormEvent) => {
    e?.preventDefault();
    if (d.needsReason && !reason.trim()) return setMissing(true);
    setMissing(false);
    if (await d.run(reason.trim())) {
      clear();
      setReason('');
    }
    reload();
  };
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
      {children}
      <div className="form wide" role="group" aria-labelledby={`${id}-h`}>
        <label htmlFor={`${id}-reason`}>{t('queue.reason')}</label>
        <textarea
          id={`${id}-reason`}
          rows={2}
          value={reason}
          maxLength={10000}
          aria-invalid={missing || undefined}
          aria-describedby={missing ? `${id}-missing` : undefined}
          onChange={(e) => setReason(e.target.value)}
        />
        {missing ? (
          <span id={`${id}-missing`} className="error">
            {t('queue.reasonRequired')}
          </span>
        ) : null}
        <div className="row-actions">
          {decisions.map((d) => (
            <button key={d.label} type="button" aria-busy={busy} onClick={() => void decide(d)}>
              {d.label}
            </button>
          ))}
        </div>
        <RefusalNote refusal={refusal} />
      </div>
    </li>
  );
}

function ExtensionCard({ r, reload }: { r: Rec; reload: () => void }) {
  const { t } = useTranslation('secretary');
  const { date } = useFormat();
  const decide = useCommand(Decide);
  const base = { recommendationId: r.id, expectedRevision: r.revision ?? undefined };
  return (
    <DecisionCard
      r={r}
      reload={reload}
      busy={decide.busy}
      refusal={decide.refusal}
      decisions={[
        {
          label: t('queue.grant'),
          needsReason: false,
          run: (reason) => decide.submit({ ...base, approve: true, reason: reason || undefined }),
        },
        { label: t('queue.refuse'), needsReason: true, run: (reason) => decide.submit({ ...base, approve: false, reason }) },
      ]}
    >
      <p>
        {t('queue.requested', { date: date(r.pendingExtension?.requestedDueDate) })}: {r.pendingExtension?.reason}
      </p>
    </DecisionCard>
  );
}

function ReportCard({ r, reload }: { r: Rec; reload: () => void }) {
  const { t } = useTranslation('secretary');
  const verify = useCommand(Verify);
  const back = useCommand(Return);
  const base = { recommendationId: r.id, expectedRevision: r.revision ?? undefined };
  return (
    <DecisionCard
      r={r}
      reload={reload}
      busy={verify.busy || back.busy}
      refusal={verify.refusal ?? back.refusal}
      decisions={[
        { label: t('queue.verify'), needsReason: false, run: (note) => verify.submit({ ...base, note: note || undefined }) },
        { label: t('queue.return'), needsReason: true, run: (reason) => back.submit({ ...base, reason }) },
      ]}
    >
      <EvidenceList items={r.evidence} />
    </DecisionCard>
  );
}

function DisputeCard({ r, units, reload }: { r: Rec; units: Unit[]; reload: () => void }) {
  const { t, i18n } = useTranslation('secretary');
  const close = useCommand(Close);
  const withdraw = useCommand(Withdraw);
  const reassign = useCommand(Reassign);
  const [lead, setLead] = useDraft(`secretary.queue.${r.id}.lead`, r.leadUnit?.id ?? '');
  const [due, setDue] = useDraft(`secretary.queue.${r.id}.due`, r.dueDate ?? '');
  const base = { recommendationId: r.id, expectedRevision: r.revision ?? undefined };
  return (
    <DecisionCard
      r={r}
      reload={reload}
      busy={close.busy || withdraw.busy || reassign.busy}
      refusal={reassign.refusal ?? close.refusal ?? withdraw.refusal}
      decisions={[
        {
          label: t('queue.reassign'),
          needsReason: false,
          run: () => reassign.submit({ ...base, leadUnitId: lead, coExecutorUnitIds: [], dueDate: due }),
        },
        { label: t('queue.closeNotImplemented'), needsReason: true, run: (reason) => close.submit({ ...base, reason }) },
        { label: t('queue.withdraw'), needsReason: true, run: (reason) => withdraw.submit({ ...base, reason }) },
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

function ClosedCard({ r, reload }: { r: Rec; reload: () => void }) {
  const { t } = useTranslation('secretary');
  const reopen = useCommand(Reopen);
  return (
    <DecisionCard
      r={r}
      reload={reload}
      busy={reopen.busy}
      refusal={reopen.refusal}
      decisions={[
        {
          label: t('queue.reopen'),
          needsReason: true,
          run: (reason) => reopen.submit({ recommendationId: r.id, expectedRevision: r.revision ?? undefined, reason }),
        },
      ]}
    />
  );
}

export default function SecretaryQueue() {
  const { t } = useTranslation('secretary');
  const { number } = useFormat();
  const { bodyId } = useBodyScope();
  const [result, refetch] = useQuery({ query: QueueQuery, variables: { bodyId: bodyId ?? '' }, pause: !bodyId });
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
          const all = data.recommendations.edges.map((e) => e.node);
          const sections: Array<[string, Rec[], (r: Rec) => ReactNode]> = [
            ['extensions', all.filter((r) => r.pendingExtension), (r) => <ExtensionCard key={r.id} r={r} reload={reload} />],
            ['reports', all.filter((r) => r.status === 'IMPLEMENTATION_REPORTED'), (r) => <ReportCard key={r.id} r={r} reload={reload} />],
            [
              'disputes',
              all.filter((r) => r.status === 'DISPUTED'),
              (r) => <DisputeCard key={r.id} r={r} units={data.units} reload={reload} />,
            ],
            ['closed', all.filter((r) => CLOSED.includes(r.status)), (r) => <ClosedCard key={r.id} r={r} reload={reload} />],
          ];
          return (
            <>
              <div className="figures">
                {sections.map(([key, list]) => (
                  <Figure
                    key={key}
                    label={t(`queue.${key}`)}
                    value={number(list.length)}
                    tone={list.length && key !== 'closed' ? 'bad' : undefined}
                  />
                ))}
              </div>
              {sections.map(([key, list, render]) => (
                <section key={key} aria-labelledby={`q-${key}`}>
                  <h2 id={`q-${key}`}>
                    {t(`queue.${key}`)} ({number(list.length)})
                  </h2>
                  {list.length ? <ul className="list queue">{list.map(render)}</ul> : <p className="muted">{t('queue.empty')}</p>}
                </section>
              ))}
            </>
          );
        }}
      </Result>
    </>
  );
}
