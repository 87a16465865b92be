import { Args, Context, Resolver, Subscription } from '@nestjs/graphql';
import { Projector, RecommendationQueries, RecommendationView, matchesFilter } from '@gov/read-model';
import { GqlContext } from './context';
import { filterOf } from './query.resolver';
import { Recommendation, RecommendationFilterInput } from './types';

/** Bounded so a slow subscriber cannot make the server buffer without limit. */
const MAX_QUEUED = 1000;

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
    // The query's own filter, so a subscriber is pushed exactly what recommendations(filter) would list.
    const wanted = filterOf(filter, ctx);
    const queue: RecommendationView[] = [];
    let waiting: ((r: IteratorResult<RecommendationView>) => void) | null = null;
    let done = false;
    const unsubscribe = this.projector.onProjected((batch) => {
      const ids = [
        ...new Set(batch.filter((e) => e.streamId.startsWith('recommendation-')).map((e) => e.streamId.slice('recommendation-'.length))),
      ];
      for (const id of ids) {
        const view = this.recommendations.byId(id, new Date());
        if (!view || !matchesFilter(view, wanted)) continue;
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
