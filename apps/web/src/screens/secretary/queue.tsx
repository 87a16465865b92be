// The secretary's work queue, with counts: recommendations still without a unit to assign,
// extension requests to grant or refuse, implementation
// reports to verify or return (the evidence opens in place), disputed recommendations to reassign,
// close as not implemented or withdraw, and closed ones to reopen.
import { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { ResultOf, VariablesOf, graphql } from '../../graphql/graphql';
import { RecommendationPage } from '../../graphql/fragments';
import { useFormat } from '../../components/format';
import { PAGE_SIZE, Pager, useCursor } from '../../components/pager';
import { Figure, Result } from '../../components/ui';
import { ClosedCard, DisputeCard, ExtensionCard, QueueItem, QueueUnit, Rec, ReportCard, UnassignedCard } from './queue-cards';
import { useBodyScope } from './body-scope';
import '../../components/forms.css';

/** One section of the queue: a page of its recommendations and how many there are in all. */
const QueueSection = graphql(
  `
    fragment QueueSection on RecommendationConnection @_unmask {
      ...RecommendationPage
      edges {
        node {
          ...QueueItem
        }
      }
    }
  `,
  [RecommendationPage, QueueItem],
);

// Statuses go in as variables: gql.tada does not check enum literals written inside a document.
const QueueQuery = graphql(
  `
    query SecretaryQueue(
      $bodyIds: [ID!]!
      $first: Int!
      $unassigned: [RecommendationStatus!]!
      $reported: [RecommendationStatus!]!
      $disputed: [RecommendationStatus!]!
      $closed: [RecommendationStatus!]!
      $unassignedAfter: String
      $extensionsAfter: String
      $reportsAfter: String
      $disputesAfter: String
      $closedAfter: String
    ) {
      unassigned: recommendations(
        filter: { bodyIds: $bodyIds, statuses: $unassigned }
        orderBy: ADOPTED_AT_ASC
        first: $first
        after: $unassignedAfter
      ) {
        ...QueueSection
      }
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
        ...QueueUnit
      }
    }
  `,
  [QueueSection, QueueUnit],
);

type Section = ResultOf<typeof QueueQuery>['extensions'];

const STATUSES: Pick<VariablesOf<typeof QueueQuery>, 'unassigned' | 'reported' | 'disputed' | 'closed'> = {
  // Adopted and not yet assigned: "assign later", or the assignment half of adopt-and-assign refused.
  unassigned: ['ADOPTED'],
  reported: ['IMPLEMENTATION_REPORTED'],
  disputed: ['DISPUTED'],
  closed: ['CLOSED_IMPLEMENTED', 'CLOSED_NOT_IMPLEMENTED', 'WITHDRAWN'],
};

export default function SecretaryQueue() {
  const { t } = useTranslation('secretary');
  const { number } = useFormat();
  const { bodyId } = useBodyScope();
  const variables = {
    bodyIds: [bodyId ?? ''],
    first: PAGE_SIZE,
    ...STATUSES,
    unassignedAfter: useCursor('unassigned'),
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
      <Result result={result} ready="secretary-queue">
        {(data) => {
          const stale = result.stale;
          // Counts are each section's totalCount: the whole set, whichever page is on screen.
          const sections: Array<['unassigned' | 'extensions' | 'reports' | 'disputes' | 'closed', Section, (r: Rec) => ReactNode]> = [
            ['unassigned', data.unassigned, (r) => <UnassignedCard key={r.id} r={r} stale={stale} units={data.units} reload={reload} />],
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
                    // What will appear here and who makes it appear, not just "empty".
                    <p className="muted">{t(`queue.emptyOf.${key}`)}</p>
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
