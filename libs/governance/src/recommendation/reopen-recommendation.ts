import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AggregateStore, CommandResult, aggregate } from '../common/aggregate-store';
import { requireSecretaryOf } from '../common/authorization';
import { GovernanceCommand } from '../common/command';
import { RecommendationReasonPayload } from '../common/payloads';

export class ReopenRecommendationCommand extends GovernanceCommand<RecommendationReasonPayload> {
  static readonly Payload = RecommendationReasonPayload;
}

@CommandHandler(ReopenRecommendationCommand)
export class ReopenRecommendationHandler implements ICommandHandler<ReopenRecommendationCommand, CommandResult> {
  constructor(private readonly aggregates: AggregateStore) {}

  execute({ payload, ctx }: ReopenRecommendationCommand) {
    return this.aggregates.execute(
      aggregate.recommendation,
      payload.recommendationId,
      ctx,
      (recommendation) => requireSecretaryOf(ctx.actor, recommendation.bodyId),
      {
        type: 'ReopenRecommendation',
        data: () => ({ reason: payload.reason, at: ctx.occurredAt }),
      },
    );
  }
}
