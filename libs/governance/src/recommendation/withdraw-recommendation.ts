import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AggregateStore, CommandResult, aggregate } from '../common/aggregate-store';
import { requireSecretaryOf } from '../common/authorization';
import { GovernanceCommand } from '../common/command';
import { RecommendationReasonPayload } from '../common/payloads';

export class WithdrawRecommendationCommand extends GovernanceCommand<RecommendationReasonPayload> {
  static readonly Payload = RecommendationReasonPayload;
}

@CommandHandler(WithdrawRecommendationCommand)
export class WithdrawRecommendationHandler implements ICommandHandler<WithdrawRecommendationCommand, CommandResult> {
  constructor(private readonly aggregates: AggregateStore) {}

  execute({ payload, ctx }: WithdrawRecommendationCommand) {
    return this.aggregates.execute(
      aggregate.recommendation,
      payload.recommendationId,
      ctx,
      (recommendation) => requireSecretaryOf(ctx.actor, recommendation.bodyId),
      {
        type: 'WithdrawRecommendation',
        data: () => ({ reason: payload.reason, at: ctx.occurredAt }),
      },
    );
  }
}
