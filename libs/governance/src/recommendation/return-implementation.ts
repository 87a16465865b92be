import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AggregateStore, CommandResult, aggregate } from '../common/aggregate-store';
import { requireSecretaryOf } from '../common/authorization';
import { GovernanceCommand } from '../common/command';
import { RecommendationReasonPayload } from '../common/payloads';

export class ReturnImplementationCommand extends GovernanceCommand<RecommendationReasonPayload> {
  static readonly Payload = RecommendationReasonPayload;
}

@CommandHandler(ReturnImplementationCommand)
export class ReturnImplementationHandler implements ICommandHandler<ReturnImplementationCommand, CommandResult> {
  constructor(private readonly aggregates: AggregateStore) {}

  execute({ payload, ctx }: ReturnImplementationCommand) {
    return this.aggregates.execute(
      aggregate.recommendation,
      payload.recommendationId,
      ctx,
      (recommendation) => requireSecretaryOf(ctx.actor, recommendation.bodyId),
      {
        type: 'ReturnImplementation',
        data: () => ({ by: ctx.actor.sub, reason: payload.reason, at: ctx.occurredAt }),
      },
    );
  }
}
