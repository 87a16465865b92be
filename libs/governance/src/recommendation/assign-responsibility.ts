import { Field, ID, InputType } from '@nestjs/graphql';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ArrayMaxSize, IsUUID, Matches } from 'class-validator';
import { streamIds, unitDecider } from '@gov/domain';
import { AggregateStore, CommandResult } from '../common/aggregate-store';
import { GovernanceCommand } from '../common/command';
import { RecommendationInput, actAsSecretary } from './recommendation-use-case';

@InputType()
export class AssignResponsibilityInput extends RecommendationInput {
  @Field(() => ID) @IsUUID() leadUnitId: string;
  @Field(() => [ID], { defaultValue: [] }) @IsUUID('all', { each: true }) @ArrayMaxSize(20) coExecutorUnitIds: string[];
  @Field({ description: 'YYYY-MM-DD; due by the end of that day' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'dueDate must be YYYY-MM-DD' })
  dueDate: string;
}

export class AssignResponsibilityCommand extends GovernanceCommand<AssignResponsibilityInput> {}

@CommandHandler(AssignResponsibilityCommand)
export class AssignResponsibilityHandler implements ICommandHandler<AssignResponsibilityCommand, CommandResult> {
  constructor(private readonly aggregates: AggregateStore) {}

  execute({ input, ctx }: AssignResponsibilityCommand) {
    return actAsSecretary(this.aggregates, input, ctx, 'AssignResponsibility', async () => {
      const ids = [...new Set([input.leadUnitId, ...input.coExecutorUnitIds])];
      const units = await Promise.all(
        ids.map(async (id) => ({ id, status: (await this.aggregates.load(unitDecider, streamIds.unit(id))).state.status })),
      );
      return {
        type: 'AssignResponsibility',
        data: {
          leadUnitId: input.leadUnitId,
          coExecutorUnitIds: input.coExecutorUnitIds,
          units,
          dueDate: input.dueDate,
          at: ctx.occurredAt,
        },
      };
    });
  }
}
