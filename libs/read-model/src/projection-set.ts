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
  private readonly handlers: Array<{ canHandle: ReadonlySet<string>; handler: ProjectionHandler<ReadModelEvent> }>;

  constructor(db: Database.Database, projections: readonly ReadModelProjection[] = PROJECTIONS) {
    this.fold = new RecommendationFold(db);
    this.handlers = projections.map((p) => ({
      canHandle: new Set<string>(p.canHandle),
      handler: p.open(db),
    }));
  }

  handle(batch: readonly RecordedEvent[], ctx: ProjectionContext): void {
    const projected: Projected[] = [];
    for (const recorded of batch) {
      const event = upcasters.upcastStored<ReadModelEvent>(recorded);
      const at = { recorded, revision: Number(recorded.revision), position: Number(recorded.position) };
      if (RECOMMENDATION_EVENTS.has(event.type)) {
        const change = this.fold.apply(recorded, event as RecommendationEvent);
        if (change) projected.push({ ...at, event, change } as Projected);
      } else projected.push({ ...at, event } as Projected);
    }
    for (const { canHandle, handler } of this.handlers) {
      const mine = projected.filter((p) => canHandle.has(p.event.type));
      if (mine.length) handler.handle(mine, ctx);
    }
  }

  /** Rows held back by any projection. */
  get heldBack(): number {
    return this.handlers.reduce((n, { handler }) => n + (handler.heldBack ?? 0), 0);
  }

  flush(): void {
    for (const { handler } of this.handlers) handler.flush?.();
    this.fold.settle();
  }

  derive(): void {
    for (const { handler } of this.handlers) handler.derive?.();
  }

  deriveIndexed(): void {
    for (const { handler } of this.handlers) handler.deriveIndexed?.();
  }

  reset(): void {
    this.fold.reset();
    for (const { handler } of this.handlers) handler.reset?.();
  }
}
