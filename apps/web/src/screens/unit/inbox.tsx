// A unit's inbox: its recommendations, lead and co-executor, open ones by due date with overdue
// marked, closed ones apart (latest first), as cards that fit a phone; the counts say what they count.
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { ResultOf, graphql } from '../../graphql/graphql';
import { RecommendationPage, RecommendationRow } from '../../graphql/fragments';
import { LocalText, useFormat } from '../../components/format';
import { PAGE_SIZE, Pager, useCursor } from '../../components/pager';
import { Figure, Progress, Result, SignInPrompt, StatusBadge } from '../../components/ui';
import { useSession } from '../../auth/session';
import { ActingUnitPicker, useActingUnit } from './acting-unit';

const InboxSection = graphql(
  `
    fragment InboxSection on RecommendationConnection @_unmask {
      ...RecommendationPage
      edges {
        node {
          ...RecommendationRow
          coExecutorUnitIds
        }
      }
    }
  `,
  [RecommendationPage, RecommendationRow],
);

// Statuses go in as variables: gql.tada does not check enum literals written inside a document.
const InboxQuery = graphql(
  `
    query UnitInbox(
      $unitId: ID!
      $openStatuses: [RecommendationStatus!]!
      $closedStatuses: [RecommendationStatus!]!
      $openAfter: String
      $closedAfter: String
      $first: Int
    ) {
      recommendationStats(filter: { unitId: $unitId }, groupBy: NONE) {
        total
        open
        overdue
        byStatus {
          status
          count
        }
      }
      open: recommendations(filter: { unitId: $unitId, statuses: $openStatuses }, orderBy: DUE_DATE_ASC, first: $first, after: $openAfter) {
        ...InboxSection
      }
      closed: recommendations(
        filter: { unitId: $unitId, statuses: $closedStatuses }
        orderBy: UPDATED_AT_DESC
        first: $first
        after: $closedAfter
      ) {
        ...InboxSection
      }
    }
  `,
  [InboxSection],
);

const OPEN = ['ASSIGNED', 'ACCEPTED', 'DISPUTED', 'IN_PROGRESS', 'IMPLEMENTATION_REPORTED'] as const;
const CLOSED = ['CLOSED_IMPLEMENTED', 'CLOSED_NOT_IMPLEMENTED', 'WITHDRAWN'] as const;

type Rec = ResultOf<typeof InboxSection>['edges'][number]['node'];

/** What the card says is next, where the status says it: the unit's answer is awaited, or the secretary's decision. */
const NEXT_NOTE: Record<string, 'answer' | 'secretary' | 'verification'> = {
  ASSIGNED: 'answer',
  DISPUTED: 'secretary',
  IMPLEMENTATION_REPORTED: 'verification',
};

function Card({ r, unitId }: { r: Rec; unitId: string }) {
  const { t } = useTranslation('unit');
  const { date } = useFormat();
  const note = NEXT_NOTE[r.status];
  return (
    <li className={`card rec-card${r.overdue ? ' rec-overdue' : ''}`}>
      <p className="rec-card-head">
        <StatusBadge status={r.status} overdue={r.overdue} />
        <span className="muted">{r.leadUnit?.id === unitId ? t('lead') : t('coExecutor')}</span>
      </p>
      {note ? <p className={note === 'answer' ? 'rec-card-next' : 'muted'}>{t(`inbox.next.${note}`)}</p> : null}
      <p className="rec-card-title">
        <Link to={`/unit/recommendations/${r.id}?unit=${unitId}`}>
          {t('numberShort', { number: r.number })} <LocalText value={r.text} />
        </Link>
      </p>
      <p className="muted">
        <LocalText value={r.body?.name} />
      </p>
      <p className="rec-card-foot">
        <span>{t('dueOn', { date: date(r.dueDate) })}</span>
        <Progress percent={r.percent} />
      </p>
    </li>
  );
}

export default function UnitInbox() {
  const { t } = useTranslation('unit');
  const { number } = useFormat();
  const { unitId } = useActingUnit();
  const session = useSession();
  const variables = {
    unitId: unitId ?? '',
    openStatuses: [...OPEN],
    closedStatuses: [...CLOSED],
    openAfter: useCursor('open'),
    closedAfter: useCursor('closed'),
    first: PAGE_SIZE,
  };
  const [result] = useQuery({ query: InboxQuery, variables, pause: !unitId });
  if (!unitId) return session ? <p role="alert">{t('noUnit')}</p> : <SignInPrompt text={t('common:notAllowed')} />;
  return (
    <>
      <h1>{t('inbox.title')}</h1>
      <ActingUnitPicker />
      <Result result={result} ready="unit-inbox">
        {({ recommendationStats: [stats], open, closed }) => {
          const count = (status: string) => stats?.byStatus.find((s) => s.status === status)?.count ?? 0;
          return (
            <>
              <section aria-labelledby="counts">
                <h2 id="counts" className="sr-only">
                  {t('inbox.counts')}
                </h2>
                {/* Each figure counts exactly what its label says: "open" is every recommendation not closed. */}
                <div className="figures">
                  <Figure label={t('inbox.open')} value={number(stats?.open ?? 0)} />
                  <Figure label={t('common:overdue')} value={number(stats?.overdue ?? 0)} tone={stats?.overdue ? 'bad' : undefined} />
                  {OPEN.filter((s) => count(s) > 0).map((s) => (
                    <Figure key={s} label={t(`inbox.byStatus.${s}`)} value={number(count(s))} />
                  ))}
                  {CLOSED.filter((s) => count(s) > 0).map((s) => (
                    <Figure key={s} label={t(`inbox.byStatus.${s}`)} value={number(count(s))} />
                  ))}
                </div>
              </section>
              <p role="status">{t('inbox.count', { count: open.totalCount + closed.totalCount })}</p>
              <section aria-labelledby="open-h">
                <h2 id="open-h">{t('inbox.openList', { count: open.totalCount })}</h2>
                {open.edges.length ? (
                  <ul className="cards rec-cards">
                    {open.edges.map(({ node }) => (
                      <Card key={node.id} r={node} unitId={unitId} />
                    ))}
                  </ul>
                ) : (
                  <p className="empty">{t('inbox.noneOpen')}</p>
                )}
                <Pager
                  param="open"
                  pageInfo={open.pageInfo}
                  label={t('inbox.openLabel')}
                  shown={open.edges.length}
                  total={open.totalCount}
                />
              </section>
              {closed.totalCount ? (
                <section aria-labelledby="closed-h">
                  <h2 id="closed-h">{t('inbox.closedList', { count: closed.totalCount })}</h2>
                  <ul className="cards rec-cards">
                    {closed.edges.map(({ node }) => (
                      <Card key={node.id} r={node} unitId={unitId} />
                    ))}
                  </ul>
                  <Pager
                    param="closed"
                    pageInfo={closed.pageInfo}
                    label={t('inbox.closedLabel')}
                    shown={closed.edges.length}
                    total={closed.totalCount}
                  />
                </section>
              ) : null}
            </>
          );
        }}
      </Result>
    </>
  );
}
