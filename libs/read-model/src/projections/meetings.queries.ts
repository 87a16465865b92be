import Database from 'better-sqlite3';
import { MultilingualText } from '@gov/domain';
import { decodeCursor, encodeCursor, inList } from '../sql';

export interface AgendaItemView {
  itemId: string;
  order: number;
  title: MultilingualText;
  speaker: string | null;
  minutes: MultilingualText | null;
  reportBack: { coversMeetingIds: string[]; asOfPosition: string } | null;
  /** Meeting papers attached to the item, in the order they were attached. */
  papers: MeetingPaperView[];
}
export interface MeetingPaperView {
  name: string;
  sha256: string;
  uri: string | null;
  /** Business time of the attachment, and its log position. */
  attachedAt: string;
  position: string;
}
export interface MeetingView {
  id: string;
  bodyId: string;
  number: string;
  kind: string;
  title: MultilingualText | null;
  startsAt: string;
  place: string;
  format: string;
  status: string;
  heldAt: string | null;
  membersPresent: string[];
  membersTotal: number | null;
  guests: Array<{ fullName: string; organization: string; category: string }>;
  quorum: boolean | null;
  minutesApprovedAt: string | null;
  published: boolean;
  publishedAt: string | null;
  cancelReason: string | null;
  revision: string;
}
export interface MeetingFilter {
  bodyIds?: string[];
  statuses?: string[];
  kinds?: string[];
  from?: string;
  to?: string;
  /** Case-insensitive, in every language: the number, title and place. */
  text?: string;
  published?: boolean;
  publishedOnly?: boolean;
}

/** Kinds of meeting the public is told of while still scheduled: an announcement, the rest private until published. */
export const ANNOUNCED_MEETING_KINDS = ['PUBLIC_REPORT', 'ROUND_TABLE'] as const;

const parse = <T>(v: string | null): T | null => (v === null ? null : (JSON.parse(v) as T));

/** Meetings and their agendas, as the meetings projection keeps them. */
export class MeetingQueries {
  constructor(private readonly db: Database.Database) {}

  meetings(filter: MeetingFilter, first: number, after?: string): { nodes: MeetingView[]; hasNextPage: boolean; totalCount: () => number } {
    const clauses: string[] = [];
    const params: Record<string, unknown> = { limit: first + 1 };
    inList(clauses, params, 'bodies', 'body_id', filter.bodyIds);
    inList(clauses, params, 'statuses', 'status', filter.statuses);
    inList(clauses, params, 'kinds', 'kind', filter.kinds);
    if (filter.from) {
      clauses.push('starts_at >= @from');
      params.from = filter.from;
    }
    if (filter.to) {
      clauses.push('starts_at <= @to');
      params.to = filter.to;
    }
    if (filter.publishedOnly) clauses.push('published = 1');
    if (filter.published !== undefined && filter.published !== null) clauses.push(`published = ${filter.published ? 1 : 0}`);
    if (filter.text?.trim()) {
      clauses.push('id IN (SELECT id FROM meeting_texts WHERE instr(search, @text) > 0)');
      params.text = filter.text.trim().toLocaleLowerCase();
    }
    const matching = clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
    const countParams = { ...params };
    delete countParams.limit;
    if (after) {
      const [startsAt, id] = decodeCursor(after);
      clauses.push('(starts_at < @cs OR (starts_at = @cs AND id < @cid))');
      Object.assign(params, { cs: startsAt, cid: id });
    }
    const rows = this.db
      .prepare(
        `SELECT * FROM meetings ${clauses.length ? `WHERE ${clauses.join(' AND ')}` : ''} ORDER BY starts_at DESC, id DESC LIMIT @limit`,
      )
      .all(params) as Array<Record<string, string | number | null>>;
    return {
      nodes: rows.slice(0, first).map(toMeeting),
      hasNextPage: rows.length > first,
      totalCount: () => this.db.prepare(`SELECT count(*) FROM meetings ${matching}`).pluck().get(countParams) as number,
    };
  }

  /**
   * Meetings starting at or after `from`, soonest first, cancelled ones included (the public learns
   * of a cancellation too). `publicOnly`: published meetings and announced kinds only.
   */
  upcomingMeetings(filter: { bodyId?: string; from: string; publicOnly: boolean }, first: number): MeetingView[] {
    const clauses = ['starts_at >= @from'];
    const params: Record<string, unknown> = { from: filter.from, first };
    if (filter.bodyId) {
      clauses.push('body_id = @bodyId');
      params.bodyId = filter.bodyId;
    }
    if (filter.publicOnly) {
      clauses.push('(published = 1 OR kind IN (SELECT value FROM json_each(@kinds)))');
      params.kinds = JSON.stringify(ANNOUNCED_MEETING_KINDS);
    }
    const rows = this.db
      .prepare(`SELECT * FROM meetings WHERE ${clauses.join(' AND ')} ORDER BY starts_at, id LIMIT @first`)
      .all(params) as Array<Record<string, string | number | null>>;
    return rows.map(toMeeting);
  }

  meetingCursor(m: MeetingView): string {
    return encodeCursor(m.startsAt, m.id);
  }

  meeting(id: string): MeetingView | null {
    const row = this.db.prepare('SELECT * FROM meetings WHERE id = ?').get(id) as Record<string, string | number | null> | undefined;
    return row ? toMeeting(row) : null;
  }

  agenda(meetingId: string): AgendaItemView[] {
    const rows = this.db.prepare('SELECT * FROM agenda_items WHERE meeting_id = ? ORDER BY ord').all(meetingId) as Array<
      Record<string, string | number | null>
    >;
    const papers = new Map<string, MeetingPaperView[]>();
    const paperRows = this.db.prepare('SELECT * FROM agenda_item_papers WHERE meeting_id = ? ORDER BY position').all(meetingId) as Array<
      Record<string, string | number | null>
    >;
    for (const p of paperRows) {
      const list = papers.get(p.item_id as string) ?? [];
      list.push({
        name: p.name as string,
        sha256: p.sha256 as string,
        uri: p.uri as string | null,
        attachedAt: p.attached_at as string,
        position: String(p.position),
      });
      papers.set(p.item_id as string, list);
    }
    return rows.map((r) => ({
      itemId: r.item_id as string,
      order: r.ord as number,
      title: JSON.parse(r.title as string) as MultilingualText,
      speaker: r.speaker as string | null,
      minutes: parse(r.minutes as string | null),
      reportBack: r.covers_meeting_ids
        ? { coversMeetingIds: JSON.parse(r.covers_meeting_ids as string) as string[], asOfPosition: r.as_of_position as string }
        : null,
      papers: papers.get(r.item_id as string) ?? [],
    }));
  }
}

function toMeeting(r: Record<string, string | number | null>): MeetingView {
  return {
    id: r.id as string,
    bodyId: r.body_id as string,
    number: r.number as string,
    kind: r.kind as string,
    title: parse(r.title as string | null),
    startsAt: r.starts_at as string,
    place: r.place as string,
    format: r.format as string,
    status: r.status as string,
    heldAt: r.held_at as string | null,
    membersPresent: parse<string[]>(r.members_present as string | null) ?? [],
    membersTotal: r.members_total as number | null,
    guests: parse(r.guests as string | null) ?? [],
    quorum: r.quorum === null ? null : r.quorum === 1,
    minutesApprovedAt: r.minutes_approved_at as string | null,
    published: r.published === 1,
    publishedAt: r.published_at as string | null,
    cancelReason: r.cancel_reason as string | null,
    revision: String(r.revision),
  };
}
