// The secretary's meetings query and its variables: the screen asks it, and so does the entry while
// the screen's module downloads (../first-queries.ts), with the same variables from the same function.
import { VariablesOf, graphql } from '../../graphql/graphql';
import { MeetingPage } from '../../graphql/fragments';
import { PAGE_SIZE } from '../../components/pager';

// One list per status, each paged on its own; statuses go in as variables (gql.tada does not
// check enum literals written inside a document).
export const MeetingsQuery = graphql(
  `
    query SecretaryMeetings(
      $bodyId: ID!
      $bodyIds: [ID!]!
      $first: Int!
      $scheduled: [MeetingStatus!]!
      $held: [MeetingStatus!]!
      $approved: [MeetingStatus!]!
      $cancelled: [MeetingStatus!]!
      $scheduledAfter: String
      $heldAfter: String
      $approvedAfter: String
      $cancelledAfter: String
    ) {
      body(id: $bodyId) {
        id
        name {
          kk
          ru
          en
        }
      }
      scheduled: meetings(filter: { bodyIds: $bodyIds, statuses: $scheduled }, first: $first, after: $scheduledAfter) {
        ...MeetingPage
      }
      held: meetings(filter: { bodyIds: $bodyIds, statuses: $held }, first: $first, after: $heldAfter) {
        ...MeetingPage
      }
      approved: meetings(filter: { bodyIds: $bodyIds, statuses: $approved }, first: $first, after: $approvedAfter) {
        ...MeetingPage
      }
      cancelled: meetings(filter: { bodyIds: $bodyIds, statuses: $cancelled }, first: $first, after: $cancelledAfter) {
        ...MeetingPage
      }
    }
  `,
  [MeetingPage],
);

/** The body's meetings, each list at the page its cursor in the address names. */
export const meetingsVariables = (bodyId: string, params: URLSearchParams): VariablesOf<typeof MeetingsQuery> => ({
  bodyId,
  bodyIds: [bodyId],
  first: PAGE_SIZE,
  scheduled: ['SCHEDULED'],
  held: ['HELD'],
  approved: ['MINUTES_APPROVED'],
  cancelled: ['CANCELLED'],
  scheduledAfter: params.get('scheduled'),
  heldAfter: params.get('held'),
  approvedAfter: params.get('approved'),
  cancelledAfter: params.get('cancelled'),
});
