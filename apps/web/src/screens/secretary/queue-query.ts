// The work queue's one query and its variables: the screen asks it, and so does the entry while the
// screen's module downloads (../first-queries.ts), with the same variables from the same function.
import { ResultOf, VariablesOf, graphql } from '../../graphql/graphql';
import { RecommendationCase, RecommendationHeadline, RecommendationPage, TextFields } from '../../graphql/fragments';
import { PAGE_SIZE } from '../../components/pager';

/** What each card of the queue shows of its recommendation. */
export const QueueItem = graphql(
  `
    fragment QueueItem on Recommendation @_unmask {
      ...RecommendationHeadline
      ...RecommendationCase
      coExecutorUnitIds
      adoptedAt
      percent
      overdue
    }
  `,
  [RecommendationHeadline, RecommendationCase],
);

export const QueueUnit = graphql(
  `
    fragment QueueUnit on Unit @_unmask {
      id
      status
      name {
        ...TextFields
      }
    }
  `,
  [TextFields],
);

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
export const QueueQuery = graphql(
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

export type Section = ResultOf<typeof QueueQuery>['extensions'];

const STATUSES: Pick<VariablesOf<typeof QueueQuery>, 'unassigned' | 'reported' | 'disputed' | 'closed'> = {
  // Adopted and not yet assigned: "assign later", or the assignment half of adopt-and-assign refused.
  unassigned: ['ADOPTED'],
  reported: ['IMPLEMENTATION_REPORTED'],
  disputed: ['DISPUTED'],
  closed: ['CLOSED_IMPLEMENTED', 'CLOSED_NOT_IMPLEMENTED', 'WITHDRAWN'],
};

/** The queue of the body, each section at the page its cursor in the address names. */
export const queueVariables = (bodyId: string, params: URLSearchParams): VariablesOf<typeof QueueQuery> => ({
  bodyIds: [bodyId],
  first: PAGE_SIZE,
  ...STATUSES,
  unassignedAfter: params.get('unassigned'),
  extensionsAfter: params.get('extensions'),
  reportsAfter: params.get('reports'),
  disputesAfter: params.get('disputes'),
  closedAfter: params.get('closed'),
});
