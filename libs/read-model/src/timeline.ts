import Database from 'better-sqlite3';
import { Evidence, Origin, Priority, RecommendationEvent } from '@gov/domain';
import { RecordedEvent } from '@gov/event-store';

/**
 * What happened to each recommendation, one row per event, in log order: the typed story a person
 * reads, kept by the projector so a page does not re-read the log. details holds the kind's own
 * fields (see TimelineDetails); the API turns them into typed fields.
 */
export const TIMELINE_TABLES = `
  CREATE TABLE recommendation_timeline (
    position INTEGER PRIMARY KEY, rec_id TEXT NOT NULL, kind TEXT NOT NULL, at TEXT NOT NULL, recorded_at TEXT NOT NULL,
    actor_sub TEXT, actor_name TEXT, actor_role TEXT, unit_id TEXT, details TEXT NOT NULL
  );
`;
/** Rows arrive in log order (cheap appends); a replay from zero builds this index once, at the end. */
export const TIMELINE_INDEXES = `
  CREATE INDEX IF NOT EXISTS timeline_rec ON recommendation_timeline (rec_id, position);
`;
export const TIMELINE_TABLE_NAMES = ['recommendation_timeline'];

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

const evidenceOf = (items: Evidence[] | undefined): Evidence[] =>
  (items ?? []).map((e) => ({ name: e.name, sha256: e.sha256, uri: e.uri ?? null }));

/** A recommendation event as the timeline tells it: its kind, business time, unit acted for and own fields. */
export function timelineDetails(event: RecommendationEvent): { at: string; unitId: string | null; details: TimelineDetails } {
  switch (event.type) {
    case 'RecommendationAdopted': {
      const d = event.data;
      return {
        at: d.adoptedAt,
        unitId: null,
        details: {
          kind: 'ADOPTED',
          number: d.number,
          meetingId: d.meetingId,
          agendaItemId: d.agendaItemId,
          origin: d.origin,
          priority: d.priority,
        },
      };
    }
    case 'ResponsibilityAssigned': {
      const d = event.data;
      return {
        at: d.at,
        unitId: null,
        details: { kind: 'ASSIGNED', leadUnitId: d.leadUnitId, coExecutorUnitIds: d.coExecutorUnitIds, dueDate: d.dueDate },
      };
    }
    case 'RecommendationAccepted':
      return { at: event.data.at, unitId: event.data.unitId, details: { kind: 'ACCEPTED', note: event.data.note ?? null } };
    case 'RecommendationDisputed':
      return { at: event.data.at, unitId: event.data.unitId, details: { kind: 'DISPUTED', justification: event.data.justification } };
    case 'ProgressReported': {
      const d = event.data;
      return {
        at: d.at,
        unitId: d.unitId,
        details: { kind: 'PROGRESS', percent: d.percent, note: d.note, evidence: evidenceOf(d.evidence) },
      };
    }
    case 'DeadlineExtensionRequested': {
      const d = event.data;
      return {
        at: d.at,
        unitId: d.unitId,
        details: { kind: 'EXTENSION_REQUESTED', requestedDueDate: d.requestedDueDate, reason: d.reason },
      };
    }
    case 'DeadlineExtended': {
      const d = event.data;
      return {
        at: d.at,
        unitId: null,
        details: { kind: 'EXTENSION_GRANTED', newDueDate: d.dueDate, previousDueDate: d.previousDueDate, note: d.reason ?? null },
      };
    }
    case 'DeadlineExtensionRefused': {
      const d = event.data;
      return { at: d.at, unitId: null, details: { kind: 'EXTENSION_REFUSED', requestedDueDate: d.requestedDueDate, reason: d.reason } };
    }
    case 'ImplementationReported': {
      const d = event.data;
      return {
        at: d.at,
        unitId: d.unitId,
        details: { kind: 'IMPLEMENTATION_REPORTED', summary: d.summary, evidence: evidenceOf(d.evidence) },
      };
    }
    case 'ImplementationVerified':
      return { at: event.data.at, unitId: null, details: { kind: 'VERIFIED', note: event.data.note ?? null } };
    case 'ImplementationReturned':
      return { at: event.data.at, unitId: null, details: { kind: 'RETURNED', reason: event.data.reason } };
    case 'RecommendationClosedNotImplemented':
      return { at: event.data.at, unitId: null, details: { kind: 'CLOSED_NOT_IMPLEMENTED', reason: event.data.reason } };
    case 'RecommendationWithdrawn':
      return { at: event.data.at, unitId: null, details: { kind: 'WITHDRAWN', reason: event.data.reason } };
    case 'RecommendationReopened':
      return { at: event.data.at, unitId: null, details: { kind: 'REOPENED', reason: event.data.reason, status: event.data.status } };
    case 'CommentAdded': {
      const d = event.data;
      return { at: d.at, unitId: d.unitId ?? null, details: { kind: 'COMMENT', commentId: d.commentId, text: d.text } };
    }
  }
}

/** The actor the write side put into the event's metadata (absent on events written without one). */
export function actorOf(metadata: Record<string, unknown>): TimelineActor | null {
  const a = metadata.actor as { sub?: unknown; name?: unknown; role?: unknown } | undefined;
  if (!a || typeof a.sub !== 'string') return null;
  return { sub: a.sub, name: typeof a.name === 'string' ? a.name : a.sub, role: typeof a.role === 'string' ? a.role : null };
}

/** Appends a timeline row per recommendation event; runs inside the projector's transaction. */
export class TimelineProjection {
  private readonly insert: Database.Statement;

  constructor(db: Database.Database) {
    this.insert = db.prepare(
      `INSERT INTO recommendation_timeline (rec_id, position, kind, at, recorded_at, actor_sub, actor_name, actor_role, unit_id, details)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
  }

  apply(recorded: RecordedEvent, event: { type: string }): void {
    if (!recorded.streamId.startsWith('recommendation-')) return;
    const { at, unitId, details } = timelineDetails(event as RecommendationEvent);
    const actor = actorOf(recorded.metadata);
    const { kind, ...own } = details;
    this.insert.run(
      recorded.streamId.slice('recommendation-'.length),
      Number(recorded.position),
      kind,
      at,
      recorded.recordedAt,
      actor?.sub ?? null,
      actor?.name ?? null,
      actor?.role ?? null,
      unitId,
      JSON.stringify(own),
    );
  }
}

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

  constructor(db: Database.Database) {
    const select = 'SELECT * FROM recommendation_timeline WHERE rec_id = ?';
    this.all = db.prepare(`${select} ORDER BY position`);
    this.upToPosition = db.prepare(`${select} AND position <= ? ORDER BY position`);
    this.upToTime = db.prepare(`${select} AND recorded_at <= ? ORDER BY position`);
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
