import { Field, InputType } from '@nestjs/graphql';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { AggregateStore, CommandResult } from '../common/aggregate-store';
import { GovernanceCommand } from '../common/command';
import { MAX_TEXT } from '../common/inputs';
import { UnitActionInput, actAsUnit } from './recommendation-use-case';

@InputType()
export class AcceptRecommendationInput extends UnitActionInput {
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(MAX_TEXT) note?: string;
}

export class AcceptRecommendationCommand extends GovernanceCommand<AcceptRecommendationInput> {}

@CommandHandler(AcceptRecommendationCommand)
export class AcceptRecommendationHandler implements ICommandHandler<AcceptRecommendationCommand, CommandResult> {
  constructor(private readonly aggregates: AggregateStore) {}

  execute({ input, ctx }: AcceptRecommendationCommand) {
    return actAsUnit(this.aggregates, input, ctx, 'AcceptRecommendation', (unitId) => ({
      type: 'AcceptRecommendation',
      data: { unitId, note: input.note ?? null, at: ctx.occurredAt },
    }));
  }
}
