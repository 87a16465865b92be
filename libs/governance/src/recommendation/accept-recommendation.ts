import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { AggregateStore, CommandResult, aggregate } from '../common/aggregate-store';
import { requireActingUnit } from '../common/authorization';
import { GovernanceCommand } from '../common/command';
import { MAX_TEXT, UnitActionPayload } from '../common/payloads';

export class AcceptRecommendationPayload extends UnitActionPayload {
  @IsOptional() @IsString() @MaxLength(MAX_TEXT) note?: string;
}

export class AcceptRecommendationCommand extends GovernanceCommand<AcceptRecommendationPayload> {
  static readonly Payload = AcceptRecommendationPayload;
}

@CommandHandler(AcceptRecommendationCommand)
export class AcceptRecommendationHandler implements ICommandHandler<AcceptRecommendationCommand, CommandResult> {
  constructor(private readonly aggregates: AggregateStore) {}

  execute({ payload, ctx }: AcceptRecommendationCommand) {
    return this.aggregates.execute(
      aggregate.recommendation,
      payload.recommendationId,
      ctx,
      () => requireActingUnit(ctx.actor, payload.actingUnitId),
      {
        type: 'AcceptRecommendation',
        data: (_recommendation, { unitId }) => ({ unitId, note: payload.note ?? null, at: ctx.occurredAt }),
      },
    );
  }
}
