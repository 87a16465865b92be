import Database from 'better-sqlite3';
import { Evidence, Origin, Priority } from '@gov/domain';

export const TIMELINE_KINDS = [
  'ADOPTED',
  'ASSIGNED',
  'ACCEPTED',
  'DISPUTED',
  'PROGRESS',
  'EXTENSION_REQUESTED',
  'EXTENSION_GRANTED',
  'EXTENSION_REFUSED',
  'IMPLEMENTATION_REPORTED',
  'VERIFIED',
  'RETURNED',
  'CLOSED_NOT_IMPLEMENTED',
  'WITHDRAWN',
  'REOPENED',
  'COMMENT',
] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

/** Each kind's own fields. */
export type TimelineDetails =
  | { kind: 'ADOPTED'; number: string; meetingId: string; agendaItemId: string; origin: Origin; priority: Priority }
  | { kind: 'ASSIGNED'; leadUnitId: string; coExecutorUnitIds: string[]; dueDate: string }
  | { kind: 'ACCEPTED'; note: string | null }
  | { kind: 'DISPUTED'; justification: string }
  | { kind: 'PROGRESS'; percent: number; note: string; evidence: Evidence[] }
  | { kind: 'EXTENSION_REQUESTED'; requestedDueDate: string; reason: string }
  | { kind: 'EXTENSION_GRANTED'; newDueDate: string; previousDueDate: string; note: string | null }
  | { kind: 'EXTENSION_REFUSED'; requestedDueDate: string; reason: string }
  | { kind: 'IMPLEMENTATION_REPORTED'; summary: string; evidence: Evidence[] }
  | { kind: 'VERIFIED'; note: string | null }
  | { kind: 'RETURNED'; reason: string }
  | { kind: 'CLOSED_NOT_IMPLEMENTED'; reason: string }
  | { kind: 'WITHDRAWN'; reason: string }
  | { kind: 'REOPENED'; reason: string; status: 'ASSIGNED' | 'ADOPTED' }
  | { kind: 'COMMENT'; commentId: string; text: string };

export interface TimelineActor {
  sub: string;
  name: string;
  /** The role the action relied on, e.g. secretary:<bodyId>. */
  role: string | null;
}

export type TimelineEntryView = TimelineDetails & {
  recommendationId: string;
  /** Log position, a decimal string. */
  position: string;
  /** Business time (from the command). */
  at: string;
  /** Server time the log recorded it. */
  recordedAt: string;
  actor: TimelineActor | null;
  /** The unit the actor acted for, on unit actions. */
  unitId: string | null;
};

interface TimelineRow {
  rec_id: string;
  position: number;
  kind: TimelineKind;
  at: string;
  recorded_at: string;
  actor_sub: string | null;
  actor_name: string | null;
  actor_role: string | null;
  unit_id: string | null;
  details: string;
}

/** A cut-off for asOf answers: entries at or before a log position, or recorded at or before a time. */
export interface TimelineCutoff {
  position?: bigint;
  recordedAt?: Date;
}

export class TimelineQueries {
  private readonly all: Database.Statement;
  private readonly upToPosition: Database.Statement;
  private readonly upToTime: Database.Statement;

  constructor(private readonly db: Database.Database) {
    const select = 'SELECT * FROM recommendation_timeline WHERE rec_id = ?';
    this.all = db.prepare(`${select} ORDER BY position`);
    this.upToPosition = db.prepare(`${select} AND position <= ? ORDER BY position`);
    this.upToTime = db.prepare(`${select} AND recorded_at <= ? ORDER BY position`);
  }

  /**
   * What happened to published recommendations, newest first, comments aside (the public does not
   * see them): of one body, of one recommendation, or all.
   */
  publicRecent(filter: { bodyId?: string; recommendationId?: string }, limit: number): TimelineEntryView[] {
    const rows = this.db
      .prepare(
        `SELECT t.* FROM recommendation_timeline t JOIN recommendations r ON r.id = t.rec_id
         WHERE r.published = 1 AND t.kind <> 'COMMENT' ${filter.bodyId ? 'AND r.body_id = @bodyId' : ''}
         ${filter.recommendationId ? 'AND t.rec_id = @recommendationId' : ''} ORDER BY t.position DESC LIMIT @limit`,
      )
      .all({ ...filter, limit }) as TimelineRow[];
    return rows.map(toEntry);
  }

  /** The recommendation's timeline in log order, whole or up to a cut-off. */
  forRecommendation(id: string, cutoff: TimelineCutoff = {}): TimelineEntryView[] {
    const rows = (
      cutoff.position !== undefined
        ? this.upToPosition.all(id, Number(cutoff.position))
        : cutoff.recordedAt
          ? this.upToTime.all(id, cutoff.recordedAt.toISOString())
          : this.all.all(id)
    ) as TimelineRow[];
    return rows.map(toEntry);
  }
}

function toEntry(r: TimelineRow): TimelineEntryView {
  return {
    ...(JSON.parse(r.details) as Omit<TimelineDetails, 'kind'>),
    kind: r.kind,
    recommendationId: r.rec_id,
    position: String(r.position),
    at: r.at,
    recordedAt: r.recorded_at,
    actor: r.actor_sub === null ? null : { sub: r.actor_sub, name: r.actor_name ?? r.actor_sub, role: r.actor_role },
    unitId: r.unit_id,
  } as TimelineEntryView;
}
