import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { AggregateStore, CommandResult } from '../common/aggregate-store';
import { GovernanceCommand } from '../common/command';
import { MAX_TEXT, UnitActionPayload } from '../common/payloads';
import { actAsUnit } from './recommendation-use-case';

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
    return actAsUnit(this.aggregates, payload, ctx, 'AcceptRecommendation', (unitId) => ({
      type: 'AcceptRecommendation',
      data: { unitId, note: payload.note ?? null, at: ctx.occurredAt },
    }));
  }
}
