import { Args, Context, Resolver, Subscription } from '@nestjs/graphql';
import { Projector, RecommendationQueries, RecommendationView, matchesFilter } from '@gov/read-model';
import { GqlContext } from './context';
import { pushIterator } from './push-iterator';
import { filterOf } from './query.resolver';
import { Recommendation, RecommendationFilterInput } from './types';

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
    return pushIterator((push) =>
      this.projector.onProjected((batch) => {
        const ids = [
          ...new Set(batch.filter((e) => e.streamId.startsWith('recommendation-')).map((e) => e.streamId.slice('recommendation-'.length))),
        ];
        for (const id of ids) {
          const view = this.recommendations.byId(id, new Date());
          if (view && matchesFilter(view, wanted)) push(view);
        }
      }),
    );
  }
}
