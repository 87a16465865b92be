import { Actor, canReadAll, unauthenticated } from '@gov/governance';
import { ANNOUNCED_MEETING_KINDS, MeetingView } from '@gov/read-model';

/** Anonymous readers see published meetings and their recommendations; the rest needs a token. */
export function requireReader(actor: Actor): void {
  if (!canReadAll(actor))
    throw unauthenticated('sign in to read this: anonymous readers see published meetings and their recommendations only');
}

export const publishedOnly = (actor: Actor) => !canReadAll(actor);

/** Marks a meeting cut down to its announcement: its agenda, attendance and recommendations are not shown. */
const ANNOUNCEMENT = Symbol('announcement');
type Announcement = MeetingView & { [ANNOUNCEMENT]?: true };

/**
 * What a reader may see of a meeting (docs/architecture.md, "Who may read what"): all of it once published or with a
 * token; of an unpublished public report or round table, the announcement only (body, number,
 * title, kind, time, place, format, reschedule or cancellation); of any other, nothing (null).
 */
export function visibleMeeting(actor: Actor, m: MeetingView | null): MeetingView | null {
  if (!m || m.published || !publishedOnly(actor)) return m;
  if (!(ANNOUNCED_MEETING_KINDS as readonly string[]).includes(m.kind)) return null;
  const announcement: Announcement = {
    id: m.id,
    bodyId: m.bodyId,
    number: m.number,
    kind: m.kind,
    title: m.title,
    startsAt: m.startsAt,
    place: m.place,
    format: m.format,
    // Whether minutes were approved is not the public's until publication: a held meeting reads HELD.
    status: m.status === 'MINUTES_APPROVED' ? 'HELD' : m.status,
    cancelReason: m.cancelReason,
    heldAt: null,
    membersPresent: [],
    membersTotal: null,
    guests: [],
    quorum: null,
    minutesApprovedAt: null,
    published: false,
    publishedAt: null,
    revision: m.revision,
    [ANNOUNCEMENT]: true,
  };
  return announcement;
}

/** An announcement has no agenda, attendance or recommendations to show. */
export const isAnnouncement = (m: object) => (m as Announcement)[ANNOUNCEMENT] === true;
