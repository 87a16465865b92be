// Fields several screens show, kept in one place.
import { graphql } from './graphql';
import { EvidenceFields } from '../components/evidence-list';

export const TextFields = graphql(`
  fragment TextFields on MultilingualText @_unmask {
    kk
    ru
    en
  }
`);

/** How a recommendation is named in any list or page: its number, status, deadline, text and lead unit. */
export const RecommendationHeadline = graphql(
  `
    fragment RecommendationHeadline on Recommendation @_unmask {
      id
      number
      status
      dueDate
      text {
        ...TextFields
      }
      leadUnit {
        id
        name {
          ...TextFields
        }
      }
    }
  `,
  [TextFields],
);

export const RecommendationRow = graphql(
  `
    fragment RecommendationRow on Recommendation @_unmask {
      ...RecommendationHeadline
      overdue
      percent
      adoptedAt
      priority
      origin
      daysOverdue
      body {
        id
        name {
          ...TextFields
        }
      }
    }
  `,
  [RecommendationHeadline, TextFields],
);

/** What a recommendation's own page states about it, for the public and the unit alike. */
export const RecommendationFacts = graphql(
  `
    fragment RecommendationFacts on Recommendation @_unmask {
      ...RecommendationHeadline
      overdue
      daysOverdue
      percent
      priority
      originalDueDate
      extensions
      coExecutorUnits {
        id
        name {
          ...TextFields
        }
      }
      meeting {
        id
        number
      }
      body {
        id
        name {
          ...TextFields
        }
      }
    }
  `,
  [RecommendationHeadline, TextFields],
);

/** What the unit's screen compares after each of its own writes (see ChangedSince). */
export const WrittenRecommendation = graphql(`
  fragment WrittenRecommendation on Recommendation @_unmask {
    revision
    status
    percent
    dueDate
  }
`);

/** What a decision on a recommendation works from: the revision it answers, a pending extension, the evidence. */
export const RecommendationCase = graphql(
  `
    fragment RecommendationCase on Recommendation @_unmask {
      revision
      pendingExtension {
        requestedDueDate
        reason
      }
      evidence {
        ...EvidenceFields
      }
    }
  `,
  [EvidenceFields],
);

/** A page of recommendations: how many there are in all and where the next page starts. */
export const RecommendationPage = graphql(`
  fragment RecommendationPage on RecommendationConnection @_unmask {
    totalCount
    pageInfo {
      endCursor
      hasNextPage
    }
  }
`);

/** A page of meetings: how many there are in all, where the next page starts, and what names each one. */
export const MeetingPage = graphql(
  `
    fragment MeetingPage on MeetingConnection @_unmask {
      totalCount
      pageInfo {
        endCursor
        hasNextPage
      }
      nodes {
        id
        number
        title {
          ...TextFields
        }
        startsAt
        place
        published
      }
    }
  `,
  [TextFields],
);
