import { Args, Context, Resolver, Subscription } from '@nestjs/graphql';
import { Projector, RecommendationQueries, RecommendationView } from '@gov/read-model';
import { GqlContext } from './context';
import { Recommendation, RecommendationFilterInput } from './types';
import { publishedOnly } from './visibility';

/** Bounded so a slow subscriber cannot make the server buffer without limit. */
const MAX_QUEUED = 1000;

function matches(view: RecommendationView, filter: RecommendationFilterInput | undefined, ctx: GqlContext): boolean {
  if (publishedOnly(ctx.actor) && !view.published) return false;
  if (!filter) return true;
  if (filter.bodyIds?.length && !filter.bodyIds.includes(view.bodyId)) return false;
  if (filter.meetingIds?.length && !filter.meetingIds.includes(view.meetingId)) return false;
  if (filter.statuses?.length && !filter.statuses.includes(view.status)) return false;
  if (filter.priorities?.length && !filter.priorities.includes(view.priority)) return false;
  if (filter.unitId && view.leadUnitId !== filter.unitId && (filter.leadOnly || !view.coExecutorUnitIds.includes(filter.unitId)))
    return false;
  return true;
}

@Resolver()
export class SubscriptionResolver {
  constructor(
    private readonly projector: Projector,
    private readonly recommendations: RecommendationQueries,
  ) {}

  @Subscription(() => Recommendation, {
    description: 'Each change to a recommendation that matches the filter, once the read model shows it',
    resolve: (view: RecommendationView) => view,
  })
  recommendationChanged(
    @Context() ctx: GqlContext,
    @Args('filter', { nullable: true }) filter?: RecommendationFilterInput,
  ): AsyncIterableIterator<RecommendationView> {
    const queue: RecommendationView[] = [];
    let waiting: ((r: IteratorResult<RecommendationView>) => void) | null = null;
    let done = false;
    const unsubscribe = this.projector.onProjected((batch) => {
      const ids = [
        ...new Set(batch.filter((e) => e.streamId.startsWith('recommendation-')).map((e) => e.streamId.slice('recommendation-'.length))),
      ];
      for (const id of ids) {
        const view = this.recommendations.byId(id, new Date());
        if (!view || !matches(view, filter, ctx)) continue;
        if (waiting) {
          const resolve = waiting;
          waiting = null;
          resolve({ value: view, done: false });
        } else if (queue.length < MAX_QUEUED) queue.push(view);
      }
    });
    const finish = (): Promise<IteratorResult<RecommendationView>> => {
      done = true;
      unsubscribe();
      waiting?.({ value: undefined, done: true });
      return Promise.resolve({ value: undefined, done: true });
    };
    return {
      next: () => {
        if (queue.length) return Promise.resolve({ value: queue.shift()!, done: false });
        if (done) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => (waiting = resolve));
      },
      return: finish,
      throw: (error) => finish().then(() => Promise.reject(error instanceof Error ? error : new Error(String(error)))),
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  }
}
