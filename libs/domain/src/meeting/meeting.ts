import { Decider, DomainCommand, DomainEvent } from '../common/decider';
import { DomainErrorCode, fail, invalidTransition } from '../common/domain-error';
import { Evidence, requireEvidenceItem } from '../common/evidence';
import { requireId } from '../common/ids';
import { MultilingualText, requireString, requireText } from '../common/text';
import { CLOCK_SKEW_MS, requireInstant } from '../common/time';

export const MEETING_KINDS = ['REGULAR', 'EXTRAORDINARY', 'PUBLIC_REPORT', 'ROUND_TABLE'] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];
export const MEETING_FORMATS = ['IN_PERSON', 'ONLINE', 'HYBRID'] as const;
export type MeetingFormat = (typeof MEETING_FORMATS)[number];
export const GUEST_CATEGORIES = ['MEDIA', 'OMBUDSMAN', 'LOCAL_GOVERNMENT', 'PUBLIC', 'POLICE', 'OTHER'] as const;
export type GuestCategory = (typeof GUEST_CATEGORIES)[number];
export type MeetingStatus = 'NONE' | 'SCHEDULED' | 'HELD' | 'MINUTES_APPROVED' | 'CANCELLED';

/** Meeting numbers read like "1/2026": the sequence within the year, then the year. */
const MEETING_NUMBER = /^\d{1,4}\/\d{4}$/;

export interface AgendaItem {
  itemId: string;
  title: MultilingualText;
  speaker: string | null;
  /** Set on report-back items: the earlier meetings covered and the log position they are frozen at. */
  reportBack: { coversMeetingIds: string[]; asOfPosition: string } | null;
  minutes: MultilingualText | null;
  /** Papers attached to the item (the draft discussed, a report), by SHA-256. */
  papers: string[];
}

export interface Guest {
  fullName: string;
  organization: string;
  category: GuestCategory;
}

/** What the write side knows about a meeting when another aggregate's rule needs it. */
export interface MeetingFact {
  id: string;
  bodyId: string | null;
  status: MeetingStatus;
  startsAt: string | null;
  agendaItemIds: string[];
}

export type MeetingEvent =
  | DomainEvent<
      'MeetingScheduled',
      {
        meetingId: string;
        bodyId: string;
        number: string;
        kind: MeetingKind;
        title: MultilingualText | null;
        startsAt: string;
        place: string;
        format: MeetingFormat;
        scheduledAt: string;
      }
    >
  | DomainEvent<
      'MeetingRescheduled',
      { meetingId: string; startsAt: string; place: string; previousStartsAt: string; rescheduledAt: string }
    >
  | DomainEvent<'MeetingCancelled', { meetingId: string; reason: string; cancelledAt: string }>
  | DomainEvent<
      'MeetingTitleChanged',
      { meetingId: string; title: MultilingualText; previousTitle: MultilingualText | null; changedAt: string }
    >
  | DomainEvent<'AgendaItemAdded', { meetingId: string; itemId: string; title: MultilingualText; speaker: string | null; addedAt: string }>
  | DomainEvent<'AgendaItemRemoved', { meetingId: string; itemId: string; removedAt: string }>
  | DomainEvent<'AgendaReordered', { meetingId: string; itemIds: string[]; reorderedAt: string }>
  | DomainEvent<
      'ReportBackItemAdded',
      { meetingId: string; itemId: string; title: MultilingualText; coversMeetingIds: string[]; asOfPosition: string; addedAt: string }
    >
  | DomainEvent<
      'MeetingHeld',
      { meetingId: string; heldAt: string; membersPresent: string[]; membersTotal: number; guests: Guest[]; quorum: boolean }
    >
  | DomainEvent<'AgendaItemPaperAttached', { meetingId: string; itemId: string; paper: Evidence; attachedAt: string }>
  | DomainEvent<'AgendaItemDiscussed', { meetingId: string; itemId: string; minutes: MultilingualText; discussedAt: string }>
  | DomainEvent<'MinutesApproved', { meetingId: string; approvedAt: string }>
  | DomainEvent<'MeetingPublished', { meetingId: string; publishedAt: string }>;

export type MeetingCommand =
  | DomainCommand<
      'ScheduleMeeting',
      {
        meetingId: string;
        bodyId: string;
        bodyActive: boolean;
        number: string;
        kind: MeetingKind;
        title?: MultilingualText | null;
        startsAt: string;
        place: string;
        format: MeetingFormat;
        at: string;
      }
    >
  | DomainCommand<'RescheduleMeeting', { startsAt: string; place?: string | null; at: string }>
  | DomainCommand<'CancelMeeting', { reason: string; at: string }>
  | DomainCommand<'ChangeMeetingTitle', { title: MultilingualText; at: string }>
  | DomainCommand<'AddAgendaItem', { itemId: string; title: MultilingualText; speaker?: string | null; at: string }>
  | DomainCommand<'RemoveAgendaItem', { itemId: string; at: string }>
  | DomainCommand<'ReorderAgenda', { itemIds: string[]; at: string }>
  | DomainCommand<
      'AddReportBackItem',
      { itemId: string; title: MultilingualText; coveredMeetings: MeetingFact[]; asOfPosition: string; at: string }
    >
  | DomainCommand<
      'RecordMeetingHeld',
      // recordedAt: the server's clock as the command is handled (heldAt may not be later).
      { heldAt: string; membersPresent: string[]; bodyMemberIds: string[]; guests: Guest[]; at: string; recordedAt: string }
    >
  | DomainCommand<'AttachAgendaItemPaper', { itemId: string; paper: Evidence; at: string }>
  | DomainCommand<'DiscussAgendaItem', { itemId: string; minutes: MultilingualText; at: string }>
  | DomainCommand<'ApproveMinutes', { at: string }>
  | DomainCommand<'PublishMeeting', { at: string }>;

export interface MeetingState {
  status: MeetingStatus;
  id: string | null;
  bodyId: string | null;
  number: string | null;
  kind: MeetingKind | null;
  title: MultilingualText | null;
  startsAt: string | null;
  place: string | null;
  agenda: AgendaItem[];
  published: boolean;
}

export function meetingFact(state: MeetingState, id: string): MeetingFact {
  return { id, bodyId: state.bodyId, status: state.status, startsAt: state.startsAt, agendaItemIds: state.agenda.map((i) => i.itemId) };
}

export function requireHeldMeeting(meeting: MeetingFact | null, bodyId: string, agendaItemId: string): void {
  if (!meeting || meeting.status === 'NONE') fail(DomainErrorCode.NOT_FOUND, 'no such meeting');
  if (meeting.bodyId !== bodyId) fail(DomainErrorCode.WRONG_BODY, 'the meeting belongs to another body', { meetingId: meeting.id });
  if (meeting.status !== 'HELD' && meeting.status !== 'MINUTES_APPROVED') {
    fail(DomainErrorCode.MEETING_NOT_HELD, `meeting ${meeting.id} has not been held (it is ${meeting.status})`, { meetingId: meeting.id });
  }
  if (!meeting.agendaItemIds.includes(agendaItemId)) {
    fail(DomainErrorCode.AGENDA_ITEM_NOT_FOUND, `agenda item ${agendaItemId} is not on meeting ${meeting.id}`, { agendaItemId });
  }
}

function oneOf<T extends string>(field: string, allowed: readonly T[], value: T): T {
  if (!allowed.includes(value)) fail(DomainErrorCode.VALIDATION_FAILED, `${field} must be one of ${allowed.join(', ')}`, { field });
  return value;
}

function requireScheduled(state: MeetingState, command: string): string {
  if (state.status === 'NONE') fail(DomainErrorCode.NOT_FOUND, 'no such meeting');
  if (state.status !== 'SCHEDULED') invalidTransition('meeting', command, state.status);
  return state.id!;
}

function requireNewItem(state: MeetingState, itemId: string): string {
  const id = requireId('itemId', itemId);
  if (state.agenda.some((i) => i.itemId === id)) fail(DomainErrorCode.ALREADY_EXISTS, `agenda item ${id} is already on the agenda`);
  return id;
}

function requireItem(state: MeetingState, itemId: string): AgendaItem {
  const item = state.agenda.find((i) => i.itemId === itemId);
  if (!item) fail(DomainErrorCode.AGENDA_ITEM_NOT_FOUND, `agenda item ${itemId} is not on this meeting`, { agendaItemId: itemId });
  return item;
}

function decideReportBack(state: MeetingState, d: Extract<MeetingCommand, { type: 'AddReportBackItem' }>['data']): MeetingEvent {
  const meetingId = requireScheduled(state, 'AddReportBackItem');
  if (d.coveredMeetings.length === 0) fail(DomainErrorCode.REPORT_BACK_INVALID, 'a report-back item covers at least one earlier meeting');
  if (!/^\d+$/.test(d.asOfPosition)) fail(DomainErrorCode.VALIDATION_FAILED, 'asOfPosition must be a log position');
  for (const m of d.coveredMeetings) {
    if (m.status === 'NONE') fail(DomainErrorCode.NOT_FOUND, `meeting ${m.id} does not exist`, { meetingId: m.id });
    if (m.id === meetingId || m.bodyId !== state.bodyId) {
      fail(DomainErrorCode.REPORT_BACK_INVALID, `meeting ${m.id} is not an earlier meeting of this body`, { meetingId: m.id });
    }
    if (m.status === 'SCHEDULED' || m.status === 'CANCELLED' || Date.parse(m.startsAt!) >= Date.parse(state.startsAt!)) {
      fail(DomainErrorCode.REPORT_BACK_INVALID, `meeting ${m.id} was not held before this one`, { meetingId: m.id });
    }
  }
  return {
    type: 'ReportBackItemAdded',
    data: {
      meetingId,
      itemId: requireNewItem(state, d.itemId),
      title: requireText('title', d.title, 1000),
      coversMeetingIds: [...new Set(d.coveredMeetings.map((m) => m.id))],
      asOfPosition: d.asOfPosition,
      addedAt: d.at,
    },
  };
}

function decideHeld(state: MeetingState, d: Extract<MeetingCommand, { type: 'RecordMeetingHeld' }>['data']): MeetingEvent {
  const meetingId = requireScheduled(state, 'RecordMeetingHeld');
  const heldAt = requireInstant('heldAt', d.heldAt);
  // A meeting is recorded as held once it has begun, not ahead of time (clocks may differ a little).
  if (Date.parse(heldAt) > Date.parse(d.recordedAt) + CLOCK_SKEW_MS)
    fail(DomainErrorCode.MEETING_NOT_STARTED, `heldAt ${heldAt} is still to come`, { field: 'heldAt' });
  const present = [...new Set(d.membersPresent)];
  const unknown = present.filter((id) => !d.bodyMemberIds.includes(id));
  if (unknown.length > 0) fail(DomainErrorCode.MEMBER_NOT_FOUND, `not members of this body: ${unknown.join(', ')}`, { memberIds: unknown });
  const guests = d.guests.map((g, i) => ({
    fullName: requireString(`guests[${i}].fullName`, g.fullName, 300),
    organization: requireString(`guests[${i}].organization`, g.organization, 300),
    category: oneOf(`guests[${i}].category`, GUEST_CATEGORIES, g.category),
  }));
  const membersTotal = d.bodyMemberIds.length;
  return {
    type: 'MeetingHeld',
    data: {
      meetingId,
      heldAt,
      membersPresent: present,
      membersTotal,
      guests,
      quorum: present.length * 2 > membersTotal,
    },
  };
}

export const meetingDecider: Decider<MeetingState, MeetingCommand, MeetingEvent> = {
  initialState: () => ({
    status: 'NONE',
    id: null,
    bodyId: null,
    number: null,
    kind: null,
    title: null,
    startsAt: null,
    place: null,
    agenda: [],
    published: false,
  }),

  decide(command, state) {
    switch (command.type) {
      case 'ScheduleMeeting': {
        const d = command.data;
        if (state.status !== 'NONE') fail(DomainErrorCode.ALREADY_EXISTS, 'this meeting is already scheduled');
        if (!d.bodyActive) fail(DomainErrorCode.BODY_NOT_ACTIVE, `body ${d.bodyId} is not an active body`, { bodyId: d.bodyId });
        if (!MEETING_NUMBER.test(d.number ?? ''))
          fail(DomainErrorCode.VALIDATION_FAILED, 'number must look like 1/2026', { field: 'number' });
        return [
          {
            type: 'MeetingScheduled',
            data: {
              meetingId: requireId('meetingId', d.meetingId),
              bodyId: d.bodyId,
              number: d.number,
              kind: oneOf('kind', MEETING_KINDS, d.kind),
              title: d.title ? requireText('title', d.title, 1000) : null,
              startsAt: requireInstant('startsAt', d.startsAt),
              place: requireString('place', d.place, 500),
              format: oneOf('format', MEETING_FORMATS, d.format),
              scheduledAt: d.at,
            },
          },
        ];
      }
      case 'RescheduleMeeting': {
        const meetingId = requireScheduled(state, command.type);
        const startsAt = requireInstant('startsAt', command.data.startsAt);
        const place = command.data.place ? requireString('place', command.data.place, 500) : state.place!;
        return [
          {
            type: 'MeetingRescheduled',
            data: { meetingId, startsAt, place, previousStartsAt: state.startsAt!, rescheduledAt: command.data.at },
          },
        ];
      }
      case 'CancelMeeting':
        return [
          {
            type: 'MeetingCancelled',
            data: {
              meetingId: requireScheduled(state, command.type),
              reason: requireString('reason', command.data.reason),
              cancelledAt: command.data.at,
            },
          },
        ];
      case 'ChangeMeetingTitle': {
        // Minutes and publication do not freeze the title (a typo is fixed in the open); a cancelled meeting stays as it was.
        if (state.status === 'NONE') fail(DomainErrorCode.NOT_FOUND, 'no such meeting');
        if (state.status === 'CANCELLED') invalidTransition('meeting', command.type, state.status);
        return [
          {
            type: 'MeetingTitleChanged',
            data: {
              meetingId: state.id!,
              title: requireText('title', command.data.title, 1000),
              previousTitle: state.title,
              changedAt: command.data.at,
            },
          },
        ];
      }
      case 'AddAgendaItem': {
        const meetingId = requireScheduled(state, command.type);
        const d = command.data;
        return [
          {
            type: 'AgendaItemAdded',
            data: {
              meetingId,
              itemId: requireNewItem(state, d.itemId),
              title: requireText('title', d.title, 1000),
              speaker: d.speaker ? requireString('speaker', d.speaker, 300) : null,
              addedAt: d.at,
            },
          },
        ];
      }
      case 'RemoveAgendaItem': {
        const meetingId = requireScheduled(state, command.type);
        return [
          {
            type: 'AgendaItemRemoved',
            data: { meetingId, itemId: requireItem(state, command.data.itemId).itemId, removedAt: command.data.at },
          },
        ];
      }
      case 'ReorderAgenda': {
        const meetingId = requireScheduled(state, command.type);
        const ids = command.data.itemIds;
        const current = state.agenda.map((i) => i.itemId);
        if (ids.length !== current.length || new Set(ids).size !== ids.length || !ids.every((id) => current.includes(id))) {
          fail(DomainErrorCode.VALIDATION_FAILED, 'the new order must list every agenda item exactly once', { field: 'itemIds' });
        }
        return [{ type: 'AgendaReordered', data: { meetingId, itemIds: ids, reorderedAt: command.data.at } }];
      }
      case 'AddReportBackItem':
        return [decideReportBack(state, command.data)];
      case 'RecordMeetingHeld':
        return [decideHeld(state, command.data)];
      case 'AttachAgendaItemPaper': {
        // Papers come before the meeting (the draft law) and after it (a report, the signed decision); not to a cancelled one.
        if (state.status === 'NONE') fail(DomainErrorCode.NOT_FOUND, 'no such meeting');
        if (state.status === 'CANCELLED') invalidTransition('meeting', command.type, state.status);
        const item = requireItem(state, command.data.itemId);
        const paper = requireEvidenceItem('paper', command.data.paper);
        if (item.papers.includes(paper.sha256))
          fail(DomainErrorCode.ALREADY_EXISTS, `this file is already a paper of agenda item ${item.itemId}`, { field: 'paper.sha256' });
        return [
          { type: 'AgendaItemPaperAttached', data: { meetingId: state.id!, itemId: item.itemId, paper, attachedAt: command.data.at } },
        ];
      }
      case 'DiscussAgendaItem': {
        if (state.status !== 'HELD') {
          if (state.status === 'NONE') fail(DomainErrorCode.NOT_FOUND, 'no such meeting');
          fail(
            DomainErrorCode.MEETING_NOT_HELD,
            'minutes can be recorded only for a meeting that was held and whose minutes are not approved yet',
          );
        }
        const item = requireItem(state, command.data.itemId);
        return [
          {
            type: 'AgendaItemDiscussed',
            data: {
              meetingId: state.id!,
              itemId: item.itemId,
              minutes: requireText('minutes', command.data.minutes, 50_000),
              discussedAt: command.data.at,
            },
          },
        ];
      }
      case 'ApproveMinutes':
        if (state.status !== 'HELD') {
          if (state.status === 'SCHEDULED') fail(DomainErrorCode.MEETING_NOT_HELD, 'the meeting has not been held yet');
          invalidTransition('meeting', command.type, state.status);
        }
        return [{ type: 'MinutesApproved', data: { meetingId: state.id!, approvedAt: command.data.at } }];
      case 'PublishMeeting':
        if (state.status !== 'MINUTES_APPROVED')
          fail(DomainErrorCode.MINUTES_NOT_APPROVED, 'a meeting is published once its minutes are approved', { status: state.status });
        if (state.published) invalidTransition('meeting', command.type, 'PUBLISHED');
        return [{ type: 'MeetingPublished', data: { meetingId: state.id!, publishedAt: command.data.at } }];
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'MeetingScheduled': {
        const d = event.data;
        return {
          ...state,
          status: 'SCHEDULED',
          id: d.meetingId,
          bodyId: d.bodyId,
          number: d.number,
          kind: d.kind,
          title: d.title,
          startsAt: d.startsAt,
          place: d.place,
        };
      }
      case 'MeetingRescheduled':
        return { ...state, startsAt: event.data.startsAt, place: event.data.place };
      case 'MeetingCancelled':
        return { ...state, status: 'CANCELLED' };
      case 'MeetingTitleChanged':
        return { ...state, title: event.data.title };
      case 'AgendaItemAdded':
        return {
          ...state,
          agenda: [
            ...state.agenda,
            {
              itemId: event.data.itemId,
              title: event.data.title,
              speaker: event.data.speaker,
              reportBack: null,
              minutes: null,
              papers: [],
            },
          ],
        };
      case 'ReportBackItemAdded': {
        const { itemId, title, coversMeetingIds, asOfPosition } = event.data;
        return {
          ...state,
          agenda: [
            ...state.agenda,
            { itemId, title, speaker: null, reportBack: { coversMeetingIds, asOfPosition }, minutes: null, papers: [] },
          ],
        };
      }
      case 'AgendaItemRemoved':
        return { ...state, agenda: state.agenda.filter((i) => i.itemId !== event.data.itemId) };
      case 'AgendaReordered': {
        const byId = new Map(state.agenda.map((i) => [i.itemId, i]));
        return { ...state, agenda: event.data.itemIds.map((id) => byId.get(id)!) };
      }
      case 'MeetingHeld':
        return { ...state, status: 'HELD' };
      case 'AgendaItemPaperAttached': {
        const { itemId, paper } = event.data;
        return { ...state, agenda: state.agenda.map((i) => (i.itemId === itemId ? { ...i, papers: [...i.papers, paper.sha256] } : i)) };
      }
      case 'AgendaItemDiscussed':
        return { ...state, agenda: state.agenda.map((i) => (i.itemId === event.data.itemId ? { ...i, minutes: event.data.minutes } : i)) };
      case 'MinutesApproved':
        return { ...state, status: 'MINUTES_APPROVED' };
      case 'MeetingPublished':
        return { ...state, published: true };
    }
  },
};
