import { Args, Context, Resolver, Subscription } from '@nestjs/graphql';
import { RecommendationView } from '@gov/read-model';
import { GqlContext } from './context';
import { pushIterator } from './push-iterator';
import { filterOf } from '../read-access/recommendation-filter';
import { RecommendationChanges } from './recommendation-changes';
import { Recommendation, RecommendationFilterInput } from './types';

@Resolver()
export class SubscriptionResolver {
  constructor(private readonly changes: RecommendationChanges) {}

  @Subscription(() => Recommendation, {
    description: 'Each change to a recommendation that matches the filter, once the read model shows it',
    resolve: (view: RecommendationView) => view,
  })
  recommendationChanged(
    @Context() ctx: GqlContext,
    @Args('filter', { nullable: true }) filter?: RecommendationFilterInput,
  ): AsyncIterableIterator<RecommendationView> {
    // The query's own filter, so a subscriber is pushed exactly what recommendations(filter) would list.
    const wanted = filterOf(filter, ctx.actor);
    return pushIterator((push) => this.changes.subscribe(wanted, push));
  }
}
