// A body's members, as the members screens show them: the component asks it, and so does the entry
// while the screen's module downloads (screens/first-queries.ts).
import { graphql } from '../graphql/graphql';

export const MembersQuery = graphql(`
  query BodyMembers($bodyId: ID!) {
    body(id: $bodyId) {
      id
      revision
      status
      name {
        kk
        ru
        en
      }
      members {
        memberId
        fullName
        role
        affiliation
        appointedAt
      }
    }
  }
`);
