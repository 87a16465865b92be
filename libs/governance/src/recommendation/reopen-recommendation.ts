import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AggregateStore, CommandResult } from '../common/aggregate-store';
import { GovernanceCommand } from '../common/command';
import { RecommendationReasonInput, actAsSecretary } from './recommendation-use-case';

export class ReopenRecommendationCommand extends GovernanceCommand<RecommendationReasonInput> {}

@CommandHandler(ReopenRecommendationCommand)
export class ReopenRecommendationHandler implements ICommandHandler<ReopenRecommendationCommand, CommandResult> {
  constructor(private readonly aggregates: AggregateStore) {}

  execute({ input, ctx }: ReopenRecommendationCommand) {
    return actAsSecretary(this.aggregates, input, ctx, 'ReopenRecommendation', () => ({
      type: 'ReopenRecommendation',
      data: { reason: input.reason, at: ctx.occurredAt },
    }));
  }
}
