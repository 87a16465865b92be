import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { IsString, MaxLength } from 'class-validator';
import { AggregateStore, CommandResult } from '../common/aggregate-store';
import { GovernanceCommand } from '../common/command';
import { MAX_TEXT, UnitActionPayload } from '../common/payloads';
import { actAsUnit } from './recommendation-use-case';

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
    return actAsUnit(this.aggregates, payload, ctx, 'DisputeRecommendation', (unitId) => ({
      type: 'DisputeRecommendation',
      data: { unitId, justification: payload.justification, at: ctx.occurredAt },
    }));
  }
}
