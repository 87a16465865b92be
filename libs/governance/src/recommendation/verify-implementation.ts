import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AggregateStore, CommandResult, aggregate } from '../common/aggregate-store';
import { requireSecretaryOf } from '../common/authorization';
import { GovernanceCommand } from '../common/command';
import { RecommendationNotePayload } from '../common/payloads';

export class VerifyImplementationCommand extends GovernanceCommand<RecommendationNotePayload> {
  static readonly Payload = RecommendationNotePayload;
}

@CommandHandler(VerifyImplementationCommand)
export class VerifyImplementationHandler implements ICommandHandler<VerifyImplementationCommand, CommandResult> {
  constructor(private readonly aggregates: AggregateStore) {}

  execute({ payload, ctx }: VerifyImplementationCommand) {
    return this.aggregates.execute(
      aggregate.recommendation,
      payload.recommendationId,
      ctx,
      (recommendation) => requireSecretaryOf(ctx.actor, recommendation.bodyId),
      {
        type: 'VerifyImplementation',
        data: () => ({ by: ctx.actor.sub, note: payload.note ?? null, at: ctx.occurredAt }),
      },
    );
  }
}
