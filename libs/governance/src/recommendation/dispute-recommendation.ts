import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { IsString, MaxLength } from 'class-validator';
import { AggregateStore, CommandResult, aggregate } from '../common/aggregate-store';
import { requireActingUnit } from '../common/authorization';
import { GovernanceCommand } from '../common/command';
import { MAX_TEXT, UnitActionPayload } from '../common/payloads';

export class DisputeRecommendationPayload extends UnitActionPayload {
  @IsString() @MaxLength(MAX_TEXT) justification: string;
}

export class DisputeRecommendationCommand extends GovernanceCommand<DisputeRecommendationPayload> {
  static readonly Payload = DisputeRecommendationPayload;
}

@CommandHandler(DisputeRecommendationCommand)
export class DisputeRecommendationHandler implements ICommandHandler<DisputeRecommendationCommand, CommandResult> {
  constructor(private readonly aggregates: AggregateStore) {}

  execute({ payload, ctx }: DisputeRecommendationCommand) {
    return this.aggregates.execute(
      aggregate.recommendation,
      payload.recommendationId,
      ctx,
      () => requireActingUnit(ctx.actor, payload.actingUnitId),
      {
        type: 'DisputeRecommendation',
        data: (_recommendation, { unitId }) => ({ unitId, justification: payload.justification, at: ctx.occurredAt }),
      },
    );
  }
}
