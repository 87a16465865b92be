import Database from 'better-sqlite3';
import { RecommendationEvent, upcasters } from '@gov/domain';
import { RecordedEvent } from '@gov/event-store';
import {
  Projected,
  ProjectionContext,
  ProjectionHandler,
  RECOMMENDATION_EVENT_TYPES,
  ReadModelEvent,
  ReadModelProjection,
  RecommendationChange,
} from './projection';
import { PROJECTIONS } from './projections';
import { RecommendationFold } from './recommendation-fold';

const RECOMMENDATION_EVENTS = new Set<string>(RECOMMENDATION_EVENT_TYPES);

/**
 * The projections, opened on one read-model database: hands each the events it handles, in log
 * order, after folding recommendation events once for all of them.
 */
export class ProjectionSet {
  private readonly fold: RecommendationFold;
  private readonly handlers: Array<ProjectionHandler<ReadModelEvent>>;
  /** For each event type, the handlers (by index) of the projections that handle it. */
  private readonly routes = new Map<string, number[]>();

  constructor(db: Database.Database, projections: readonly ReadModelProjection[] = PROJECTIONS) {
    this.fold = new RecommendationFold(db);
    this.handlers = projections.map((p) => p.open(db));
    projections.forEach((p, i) => {
      for (const type of p.canHandle) this.routes.set(type, [...(this.routes.get(type) ?? []), i]);
    });
  }

  handle(batch: readonly RecordedEvent[], ctx: ProjectionContext): void {
    const routed = this.handlers.map((): Projected[] => []);
    for (const recorded of batch) {
      const event = upcasters.upcastStored<ReadModelEvent>(recorded);
      let change: RecommendationChange | undefined;
      if (RECOMMENDATION_EVENTS.has(event.type)) {
        change = this.fold.apply(recorded, event as RecommendationEvent);
        if (!change) continue;
      }
      // One shape for every event (change undefined but for recommendations): cheap to create and to read.
      const projected = { event, recorded, revision: Number(recorded.revision), position: Number(recorded.position), change } as Projected;
      for (const i of this.routes.get(event.type) ?? []) routed[i]!.push(projected);
    }
    routed.forEach((events, i) => {
      if (events.length) this.handlers[i]!.handle(events, ctx);
    });
  }

  /** Rows held back by any projection. */
  get heldBack(): number {
    return this.handlers.reduce((n, handler) => n + (handler.heldBack ?? 0), 0);
  }

  flush(): void {
    for (const handler of this.handlers) handler.flush?.();
    this.fold.settle();
  }

  derive(): void {
    for (const handler of this.handlers) handler.derive?.();
  }

  deriveIndexed(): void {
    for (const handler of this.handlers) handler.deriveIndexed?.();
  }

  reset(): void {
    this.fold.reset();
    for (const handler of this.handlers) handler.reset?.();
  }
}
