// The public pages' first queries (home, a body, a meeting) and the fragments they share: the
// screens ask them, and so does the entry while a screen's module downloads (../first-queries.ts).
import { graphql } from '../../graphql/graphql';
import { RecommendationRow, TextFields } from '../../graphql/fragments';

export const HeadlineStats = graphql(`
  fragment HeadlineStats on RecommendationStatsGroup @_unmask {
    key
    total
    open
    implemented
    overdue
    implementationRate
  }
`);

export const PublishedMeetingFields = graphql(
  `
    fragment PublishedMeetingFields on Meeting @_unmask {
      id
      bodyId
      number
      startsAt
      heldAt
      title {
        ...TextFields
      }
    }
  `,
  [TextFields],
);

export const HomeQuery = graphql(
  `
    query PublicHome {
      bodies {
        id
        region
        name {
          ...TextFields
        }
      }
      all: recommendationStats(groupBy: NONE) {
        ...HeadlineStats
      }
      byBody: recommendationStats(groupBy: BODY) {
        ...HeadlineStats
      }
      meetings(filter: { published: true }, first: 200) {
        nodes {
          ...PublishedMeetingFields
        }
      }
    }
  `,
  [TextFields, HeadlineStats, PublishedMeetingFields],
);

export const BodyQuery = graphql(
  `
    query PublicBody($id: ID!) {
      body(id: $id) {
        id
        region
        name {
          ...TextFields
        }
      }
      recommendationStats(filter: { bodyIds: [$id] }, groupBy: NONE) {
        ...HeadlineStats
      }
      meetings(filter: { bodyIds: [$id], published: true }, first: 200) {
        totalCount
        nodes {
          ...PublishedMeetingFields
        }
      }
    }
  `,
  [TextFields, HeadlineStats, PublishedMeetingFields],
);

export const MeetingQuery = graphql(
  `
    query MeetingPage($id: ID!) {
      meeting(id: $id) {
        id
        number
        kind
        format
        place
        startsAt
        heldAt
        status
        minutesApprovedAt
        publishedAt
        title {
          ...TextFields
        }
        attendance {
          quorum
          present {
            memberId
            fullName
            role
          }
          absent {
            memberId
            fullName
            role
          }
          guests {
            category
            fullName
            organization
          }
        }
        body {
          id
          name {
            ...TextFields
          }
        }
        agenda {
          itemId
          order
          speaker
          title {
            ...TextFields
          }
          minutes {
            ...TextFields
          }
          reportBack {
            __typename
          }
        }
        recommendations {
          ...RecommendationRow
          agendaItemId
        }
      }
    }
  `,
  [TextFields, RecommendationRow],
);
