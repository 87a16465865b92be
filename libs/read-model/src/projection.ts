import Database from 'better-sqlite3';
import { BodyEvent, MeetingEvent, RecommendationEvent, RecommendationState, UnitEvent } from '@gov/domain';
import { RecordedEvent } from '@gov/event-store';

/**
 * What a read-model projection is. Each one owns its tables (DDL and statements in its own file),
 * declares the event types it handles, and applies a batch of them inside the projector's
 * transaction. The projector only orders, batches, checkpoints and runs replays; see
 * projections/index.ts for the list and how to add one.
 */

export type ReadModelEvent = UnitEvent | BodyEvent | MeetingEvent | RecommendationEvent;

/** A recommendation's state before and after one event, folded once with the domain's own evolve. */
export interface RecommendationChange {
  id: string;
  /** The stable integer key other tables refer to the recommendation by. */
  seq: number;
  before: RecommendationState;
  after: RecommendationState;
}

/** One event as a projection receives it: upcast, with its log coordinates and, for a recommendation, the change it made. */
export type Projected<E extends ReadModelEvent = ReadModelEvent> = E extends RecommendationEvent
  ? ProjectedBase<E> & { change: RecommendationChange }
  : ProjectedBase<E>;
interface ProjectedBase<E> {
  event: E;
  recorded: RecordedEvent;
  revision: number;
  position: number;
}

export interface ProjectionContext {
  /**
   * A replay from zero, inside one transaction: projections may leave what they can compute from
   * other tables in one statement to `derive`, and hold rows back until `flush` (the projector
   * calls it when `heldBack` grows large, and before the commit).
   */
  readonly replaying: boolean;
}

/** A projection bound to a read-model database: its statements prepared, its write-behind state. */
export interface ProjectionHandler<E extends ReadModelEvent> {
  handle(events: ReadonlyArray<Projected<E>>, ctx: ProjectionContext): void;
  /** Writes what handle held back; called before every commit, in list order. */
  flush?(): void;
  /** Rows held back for flush. */
  readonly heldBack?: number;
  /** At the end of a replay from zero, after flush and before the query indexes are built. */
  derive?(): void;
  /** At the end of a replay from zero, once the query indexes exist. */
  deriveIndexed?(): void;
  /** Forgets cached state after a rolled-back batch: the tables, not the cache, are the truth. */
  reset?(): void;
}

export interface ReadModelProjection<E extends ReadModelEvent = ReadModelEvent> {
  readonly name: string;
  /** The tables it owns, by name: DDL with the indexes the projection itself reads by. */
  readonly tables: Readonly<Record<string, string>>;
  /** Indexes only queries read: a replay from zero builds them once, at the end. */
  readonly queryIndexes?: string;
  readonly canHandle: ReadonlyArray<E['type']>;
  open(db: Database.Database): ProjectionHandler<E>;
}

/**
 * Event types as a record with every member of the union: the compiler rejects a missing or an
 * unknown one, so a projection that handles "all of them" says so exhaustively.
 */
export const eventTypes = <E extends ReadModelEvent>(all: Record<E['type'], true>): Array<E['type']> =>
  Object.keys(all) as Array<E['type']>;

export const RECOMMENDATION_EVENT_TYPES = eventTypes<RecommendationEvent>({
  RecommendationAdopted: true,
  ResponsibilityAssigned: true,
  RecommendationAccepted: true,
  RecommendationDisputed: true,
  ProgressReported: true,
  DeadlineExtensionRequested: true,
  DeadlineExtended: true,
  DeadlineExtensionRefused: true,
  ImplementationReported: true,
  ImplementationVerified: true,
  ImplementationReturned: true,
  RecommendationClosedNotImplemented: true,
  RecommendationWithdrawn: true,
  RecommendationReopened: true,
  CommentAdded: true,
});

/** One handler per event type, given the projection's prepared statements; the keys are what it handles. */
export type Handlers<E extends ReadModelEvent, S> = { [T in E['type']]: (p: Projected<Extract<E, { type: T }>>, s: S) => void };

/** A projection without state of its own: statements prepared once, one handler per event type. */
export function eventProjection<E extends ReadModelEvent, S>(def: {
  name: string;
  tables: Record<string, string>;
  queryIndexes?: string;
  prepare: (db: Database.Database) => S;
  on: Handlers<E, S>;
}): ReadModelProjection<E> {
  const on = def.on as unknown as Record<string, (p: Projected<E>, s: S) => void>;
  return {
    name: def.name,
    tables: def.tables,
    queryIndexes: def.queryIndexes,
    canHandle: Object.keys(def.on) as Array<E['type']>,
    open(db) {
      const s = def.prepare(db);
      return { handle: (events) => events.forEach((p) => on[p.event.type]!(p, s)) };
    },
  };
}

export const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));
