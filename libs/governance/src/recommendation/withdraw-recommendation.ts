import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AggregateStore, CommandResult } from '../common/aggregate-store';
import { GovernanceCommand } from '../common/command';
import { RecommendationReasonInput, actAsSecretary } from './recommendation-use-case';

export class WithdrawRecommendationCommand extends GovernanceCommand<RecommendationReasonInput> {}

@CommandHandler(WithdrawRecommendationCommand)
export class WithdrawRecommendationHandler implements ICommandHandler<WithdrawRecommendationCommand, CommandResult> {
  constructor(private readonly aggregates: AggregateStore) {}

  execute({ input, ctx }: WithdrawRecommendationCommand) {
    return actAsSecretary(this.aggregates, input, ctx, 'WithdrawRecommendation', () => ({
      type: 'WithdrawRecommendation',
      data: { reason: input.reason, at: ctx.occurredAt },
    }));
  }
}
