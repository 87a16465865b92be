import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { parseStreamId } from '@gov/domain';
import { Projector, RecommendationFilter, RecommendationQueries, RecommendationView, matchesFilter } from '@gov/read-model';

interface Subscriber {
  filter: RecommendationFilter;
  push: (view: RecommendationView) => void;
}

/** Subscribers handed their pushes per turn of the event loop, so other requests are answered between. */
const FAN_OUT_SLICE = 500;

/**
 * One listener on the projector for every recommendationChanged subscriber: each batch's changed
 * recommendations are read once (not once per subscriber), after the projector's turn (so the write
 * that caused them is answered first), then matched against each subscriber's filter in memory and
 * pushed, a slice of subscribers per turn. A write's own cost does not grow with idle subscribers.
 */
@Injectable()
export class RecommendationChanges implements OnModuleDestroy {
  private readonly subscribers = new Set<Subscriber>();
  private stopListening?: () => void;

  constructor(
    private readonly projector: Projector,
    private readonly recommendations: RecommendationQueries,
  ) {}

  subscribe(filter: RecommendationFilter, push: Subscriber['push']): () => void {
    this.stopListening ??= this.projector.onProjected((batch) => {
      if (this.subscribers.size === 0) return;
      const ids = new Set<string>();
      for (const e of batch) {
        const stream = parseStreamId(e.streamId);
        if (stream?.kind === 'recommendation') ids.add(stream.id);
      }
      if (ids.size) setImmediate(() => this.fanOut([...ids]));
    });
    const subscriber = { filter, push };
    this.subscribers.add(subscriber);
    return () => this.subscribers.delete(subscriber);
  }

  private fanOut(ids: string[]): void {
    const now = new Date();
    const views = ids.map((id) => this.recommendations.byId(id, now)).filter((v): v is RecommendationView => v !== null);
    if (!views.length) return;
    const everyone = [...this.subscribers];
    const slice = (from: number) => {
      for (const s of everyone.slice(from, from + FAN_OUT_SLICE)) {
        // One that ended meanwhile is not pushed to.
        if (!this.subscribers.has(s)) continue;
        for (const view of views) if (matchesFilter(view, s.filter)) s.push(view);
      }
      if (from + FAN_OUT_SLICE < everyone.length) setImmediate(() => slice(from + FAN_OUT_SLICE));
    };
    slice(0);
  }

  onModuleDestroy(): void {
    this.stopListening?.();
  }
}
