import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AggregateStore, CommandResult, aggregate } from '../common/aggregate-store';
import { requireSecretaryOf } from '../common/authorization';
import { GovernanceCommand } from '../common/command';
import { RecommendationReasonPayload } from '../common/payloads';

export class CloseRecommendationNotImplementedCommand extends GovernanceCommand<RecommendationReasonPayload> {
  static readonly Payload = RecommendationReasonPayload;
}

@CommandHandler(CloseRecommendationNotImplementedCommand)
export class CloseRecommendationNotImplementedHandler implements ICommandHandler<CloseRecommendationNotImplementedCommand, CommandResult> {
  constructor(private readonly aggregates: AggregateStore) {}

  execute({ payload, ctx }: CloseRecommendationNotImplementedCommand) {
    return this.aggregates.execute(
      aggregate.recommendation,
      payload.recommendationId,
      ctx,
      (recommendation) => requireSecretaryOf(ctx.actor, recommendation.bodyId),
      {
        type: 'CloseRecommendationNotImplemented',
        data: () => ({ reason: payload.reason, at: ctx.occurredAt }),
      },
    );
  }
}
