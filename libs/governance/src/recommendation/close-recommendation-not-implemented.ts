import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AggregateStore, CommandResult } from '../common/aggregate-store';
import { GovernanceCommand } from '../common/command';
import { RecommendationReasonInput, actAsSecretary } from './recommendation-use-case';

export class CloseRecommendationNotImplementedCommand extends GovernanceCommand<RecommendationReasonInput> {}

@CommandHandler(CloseRecommendationNotImplementedCommand)
export class CloseRecommendationNotImplementedHandler implements ICommandHandler<CloseRecommendationNotImplementedCommand, CommandResult> {
  constructor(private readonly aggregates: AggregateStore) {}

  execute({ input, ctx }: CloseRecommendationNotImplementedCommand) {
    return actAsSecretary(this.aggregates, input, ctx, 'CloseRecommendationNotImplemented', () => ({
      type: 'CloseRecommendationNotImplemented',
      data: { reason: input.reason, at: ctx.occurredAt },
    }));
  }
}
