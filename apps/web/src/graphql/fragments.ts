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
