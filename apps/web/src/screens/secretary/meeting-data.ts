// What the secretary's meeting screens share: the meeting as they read it, the commands they send,
// and the context each step gets (the business time its commands carry, how to reload).
import { useQuery } from 'urql';
import { ResultOf, graphql } from '../../graphql/graphql';
import { MeetingPage, RecommendationHeadline, TextFields } from '../../graphql/fragments';
import { useDraft } from '../../auth/return-to';

export const MeetingQuery = graphql(
  `
    query SecretaryMeeting($id: ID!) {
      meeting(id: $id) {
        id
        number
        title {
          ...TextFields
        }
        status
        revision
        startsAt
        heldAt
        place
        cancelReason
        published
        quorum
        membersPresent
        membersTotal
        guests {
          fullName
          organization
          category
        }
        agenda {
          itemId
          order
          speaker
          reportBack {
            coversMeetingIds
          }
          title {
            ...TextFields
          }
          minutes {
            ...TextFields
          }
        }
        recommendations {
          ...RecommendationHeadline
          agendaItemId
        }
        body {
          id
          name {
            ...TextFields
          }
          members {
            memberId
            fullName
            role
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
  [TextFields, RecommendationHeadline],
);

export const AddItem = graphql(`
  mutation AddItem($input: AddAgendaItemInput!) {
    addAgendaItem(input: $input) {
      revision
    }
  }
`);
export const RemoveItem = graphql(`
  mutation RemoveItem($input: RemoveAgendaItemInput!) {
    removeAgendaItem(input: $input) {
      revision
    }
  }
`);
export const Reorder = graphql(`
  mutation Reorder($input: ReorderAgendaInput!) {
    reorderAgenda(input: $input) {
      revision
    }
  }
`);
export const AddReportBack = graphql(`
  mutation AddReportBack($input: AddReportBackItemInput!) {
    addReportBackItem(input: $input) {
      revision
    }
  }
`);
export const EarlierMeetings = graphql(
  `
    query EarlierMeetings($bodyIds: [ID!]!, $to: DateTime, $statuses: [MeetingStatus!]!, $first: Int!, $after: String) {
      meetings(filter: { bodyIds: $bodyIds, to: $to, statuses: $statuses }, first: $first, after: $after) {
        ...MeetingPage
      }
    }
  `,
  [MeetingPage],
);
export const Held = graphql(`
  mutation Held($input: RecordMeetingHeldInput!) {
    recordMeetingHeld(input: $input) {
      revision
    }
  }
`);
export const Minutes = graphql(`
  mutation Minutes($input: DiscussAgendaItemInput!) {
    discussAgendaItem(input: $input) {
      revision
    }
  }
`);
export const Adopt = graphql(`
  mutation Adopt($input: AdoptRecommendationInput!) {
    adoptRecommendation(input: $input) {
      recommendation {
        id
      }
    }
  }
`);
export const Assign = graphql(`
  mutation Assign($input: AssignResponsibilityInput!) {
    assignResponsibility(input: $input) {
      revision
    }
  }
`);
export const Approve = graphql(`
  mutation Approve($input: MeetingInput!) {
    approveMinutes(input: $input) {
      revision
    }
  }
`);
export const Publish = graphql(`
  mutation Publish($input: MeetingInput!) {
    publishMeeting(input: $input) {
      revision
    }
  }
`);

export type MeetingData = ResultOf<typeof MeetingQuery>['meeting'];
export type Unit = ResultOf<typeof MeetingQuery>['units'][number];
export type AgendaItem = MeetingData['agenda'][number];

/** A list of ids chosen in a form, kept as a draft like the typed fields (an expired sign-in loses nothing). */
export function useIdsDraft(key: string): [string[], (ids: string[]) => void, () => void] {
  const [json, setJson, clear] = useDraft(key, '[]');
  return [JSON.parse(json) as string[], (ids) => setJson(JSON.stringify(ids)), clear];
}

export function useMeeting(id: string) {
  return useQuery({ query: MeetingQuery, variables: { id } });
}

export interface Ctx {
  m: MeetingData;
  /** The business time each step carries; none while the meeting is still ahead (the server's now). */
  at: string | undefined;
  reload: () => void;
  /** After a write to the meeting: what it returned (now seen by the person, if written), then the fresh state. */
  done: (written: { revision: string } | null | undefined) => void;
}
