import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AggregateStore, CommandResult } from '../common/aggregate-store';
import { GovernanceCommand } from '../common/command';
import { RecommendationReasonPayload } from '../common/payloads';
import { actAsSecretary } from './recommendation-use-case';

export class WithdrawRecommendationCommand extends GovernanceCommand<RecommendationReasonPayload> {
  static readonly Payload = RecommendationReasonPayload;
}

@CommandHandler(WithdrawRecommendationCommand)
export class WithdrawRecommendationHandler implements ICommandHandler<WithdrawRecommendationCommand, CommandResult> {
  constructor(private readonly aggregates: AggregateStore) {}

  execute({ payload, ctx }: WithdrawRecommendationCommand) {
    return actAsSecretary(this.aggregates, payload, ctx, 'WithdrawRecommendation', () => ({
      type: 'WithdrawRecommendation',
      data: { reason: payload.reason, at: ctx.occurredAt },
    }));
  }
}
