// Fields several screens show, kept in one place.
import { graphql } from './graphql';

export const TextFields = graphql(`
  fragment TextFields on MultilingualText @_unmask {
    kk
    ru
    en
  }
`);

export const RecommendationRow = graphql(
  `
    fragment RecommendationRow on Recommendation @_unmask {
      id
      number
      status
      overdue
      percent
      dueDate
      adoptedAt
      priority
      origin
      daysOverdue
      text {
        ...TextFields
      }
      leadUnit {
        id
        name {
          ...TextFields
        }
      }
      body {
        id
        name {
          ...TextFields
        }
      }
    }
  `,
  [TextFields],
);

/** What a recommendation's own page states about it, for the public and the unit alike. */
export const RecommendationFacts = graphql(
  `
    fragment RecommendationFacts on Recommendation @_unmask {
      id
      number
      status
      overdue
      daysOverdue
      percent
      priority
      dueDate
      originalDueDate
      extensions
      text {
        ...TextFields
      }
      leadUnit {
        id
        name {
          ...TextFields
        }
      }
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
  [TextFields],
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
