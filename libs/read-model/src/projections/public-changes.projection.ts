import Database from 'better-sqlite3';
import { MeetingEvent, RecommendationEvent } from '@gov/domain';
import {
  Projected,
  ProjectionHandler,
  RECOMMENDATION_EVENT_TYPES,
  ReadModelProjection,
  RecommendationChange,
  eventTypes,
} from '../projection';

/**
 * What the public's files and feeds reflect, and since when (docs/architecture.md, "Open to the public"):
 * - `recommendations`: published recommendations as the register, the Atom feed and the public
 *   timeline show them (every change but a comment, which the public does not see);
 * - `meetings`: published meetings;
 * - `calendar`: meetings the calendar shows (published ones and announced kinds, as scheduled).
 * Only events that change such rows move a dataset's position: the log's head moves with every
 * reminder and private change, so it cannot serve as the files' ETag.
 */
export type PublicDataset = 'recommendations' | 'meetings' | 'calendar';

type Handled = Exclude<RecommendationEvent, { type: 'CommentAdded' }> | MeetingEvent;

const MEETING_EVENT_TYPES = eventTypes<MeetingEvent>({
  MeetingScheduled: true,
  MeetingRescheduled: true,
  MeetingCancelled: true,
  MeetingTitleChanged: true,
  AgendaItemAdded: true,
  AgendaItemRemoved: true,
  AgendaReordered: true,
  ReportBackItemAdded: true,
  MeetingHeld: true,
  AgendaItemDiscussed: true,
  AgendaItemPaperAttached: true,
  MinutesApproved: true,
  MeetingPublished: true,
});
/** The events that can change what the calendar shows of a meeting. */
const CALENDAR_EVENTS = new Set<string>([
  'MeetingScheduled',
  'MeetingRescheduled',
  'MeetingCancelled',
  'MeetingTitleChanged',
  'MeetingHeld',
  'MeetingPublished',
]);
/** Kinds announced while scheduled (organisation-queries' ANNOUNCED_MEETING_KINDS, kept in SQL here). */
const ANNOUNCED_SQL = "('PUBLIC_REPORT', 'ROUND_TABLE')";

export const publicChangesProjection: ReadModelProjection<Handled> = {
  name: 'public-changes',
  tables: {
    public_changes: `CREATE TABLE public_changes (dataset TEXT PRIMARY KEY, position INTEGER NOT NULL, recorded_at TEXT NOT NULL);`,
  },
  canHandle: [...RECOMMENDATION_EVENT_TYPES.filter((t) => t !== 'CommentAdded'), ...MEETING_EVENT_TYPES] as Array<Handled['type']>,
  open: (db) => new PublicChanges(db),
};

class PublicChanges implements ProjectionHandler<Handled> {
  private readonly meeting: Database.Statement;
  private readonly moved: Database.Statement;

  constructor(db: Database.Database) {
    // The meetings projection runs first: a meeting published later in the same batch reads as
    // published already, which moves a dataset no further than that MeetingPublished does itself.
    this.meeting = db.prepare(`SELECT published, kind IN ${ANNOUNCED_SQL} AS announced FROM meetings WHERE id = ?`);
    this.moved = db.prepare(`INSERT INTO public_changes (dataset, position, recorded_at) VALUES (?, ?, ?)
      ON CONFLICT (dataset) DO UPDATE SET position = excluded.position, recorded_at = excluded.recorded_at WHERE excluded.position > position`);
  }

  handle(events: ReadonlyArray<Projected<Handled>>): void {
    const last = new Map<PublicDataset, Projected<Handled>>();
    for (const p of events) {
      // Every projected event has the key `change`, set for recommendations only.
      const change = (p as { change?: RecommendationChange }).change;
      const meetingId = change ? change.after.meetingId : (p.event.data as { meetingId: string }).meetingId;
      const m = meetingId ? (this.meeting.get(meetingId) as { published: number; announced: number } | undefined) : undefined;
      if (!m) continue;
      if (change) {
        if (m.published) last.set('recommendations', p);
        continue;
      }
      // Publishing a meeting makes its recommendations public too.
      if (p.event.type === 'MeetingPublished') last.set('recommendations', p);
      if (m.published) last.set('meetings', p);
      if ((m.published || m.announced) && CALENDAR_EVENTS.has(p.event.type)) last.set('calendar', p);
    }
    for (const [dataset, p] of last) this.moved.run(dataset, p.position, p.recorded.recordedAt);
  }
}

/** Where each public dataset last changed. */
export class PublicChangeQueries {
  private readonly at: Database.Statement;

  constructor(db: Database.Database) {
    this.at = db.prepare('SELECT position, recorded_at AS recordedAt FROM public_changes WHERE dataset = ?');
  }

  /** The log position and time of the last change to a dataset; position 0 (time null) when it never changed. */
  lastChange(dataset: PublicDataset): { position: bigint; recordedAt: string | null } {
    const row = this.at.get(dataset) as { position: number; recordedAt: string } | undefined;
    return row ? { position: BigInt(row.position), recordedAt: row.recordedAt } : { position: 0n, recordedAt: null };
  }
}
