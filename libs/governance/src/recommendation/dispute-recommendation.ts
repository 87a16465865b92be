import { Field, InputType } from '@nestjs/graphql';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { IsString, MaxLength } from 'class-validator';
import { AggregateStore, CommandResult } from '../common/aggregate-store';
import { GovernanceCommand } from '../common/command';
import { MAX_TEXT } from '../common/inputs';
import { UnitActionInput, actAsUnit } from './recommendation-use-case';

@InputType()
export class DisputeRecommendationInput extends UnitActionInput {
  @Field({ description: 'Why the unit disputes it' }) @IsString() @MaxLength(MAX_TEXT) justification: string;
}

export class DisputeRecommendationCommand extends GovernanceCommand<DisputeRecommendationInput> {}

@CommandHandler(DisputeRecommendationCommand)
export class DisputeRecommendationHandler implements ICommandHandler<DisputeRecommendationCommand, CommandResult> {
  constructor(private readonly aggregates: AggregateStore) {}

  execute({ input, ctx }: DisputeRecommendationCommand) {
    return actAsUnit(this.aggregates, input, ctx, 'DisputeRecommendation', (unitId) => ({
      type: 'DisputeRecommendation',
      data: { unitId, justification: input.justification, at: ctx.occurredAt },
    }));
  }
}
