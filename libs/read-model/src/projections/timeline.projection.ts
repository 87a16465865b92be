import Database from 'better-sqlite3';
import { Evidence, RecommendationEvent, readGovernanceMetadata } from '@gov/domain';
import { Handlers, Projected, RECOMMENDATION_EVENT_TYPES, eventProjection } from '../projection';
import { TimelineActor, TimelineDetails } from './timeline.queries';

/**
 * What happened to each recommendation, one row per event, in log order: the typed story a person
 * reads, kept here so a page does not re-read the log. details holds the kind's own fields (see
 * TimelineDetails); the API turns them into typed fields. Only these events' metadata is read (for
 * the actor): reading every event's made a replay slower.
 */
export const timelineProjection = eventProjection<RecommendationEvent, Insert>({
  name: 'timeline',
  tables: {
    recommendation_timeline: `CREATE TABLE recommendation_timeline (
      position INTEGER PRIMARY KEY, rec_id TEXT NOT NULL, kind TEXT NOT NULL, at TEXT NOT NULL, recorded_at TEXT NOT NULL,
      actor_sub TEXT, actor_name TEXT, actor_role TEXT, unit_id TEXT, details TEXT NOT NULL
    );`,
  },
  // Rows arrive in log order (cheap appends); a replay from zero builds this index once, at the end.
  queryIndexes: `
    CREATE INDEX IF NOT EXISTS timeline_rec ON recommendation_timeline (rec_id, position);
  `,
  prepare,
  // Every recommendation event is told.
  on: Object.fromEntries(RECOMMENDATION_EVENT_TYPES.map((type) => [type, told])) as Handlers<RecommendationEvent, Insert>,
});

function told({ event, recorded, position, change }: Projected<RecommendationEvent>, insert: Insert): void {
  const { at, unitId, details } = timelineDetails(event);
  const actor = actorOf(recorded.metadata);
  const { kind, ...own } = details;
  insert.run(
    change.id,
    position,
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

type Insert = ReturnType<typeof prepare>;

function prepare(db: Database.Database) {
  return db.prepare(
    `INSERT INTO recommendation_timeline (rec_id, position, kind, at, recorded_at, actor_sub, actor_name, actor_role, unit_id, details)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
}

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
  const actor = readGovernanceMetadata(metadata).actor;
  return actor ? { sub: actor.sub, name: actor.name, role: actor.role } : null;
}
