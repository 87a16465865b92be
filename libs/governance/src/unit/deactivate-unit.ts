import { Field, ID, InputType } from '@nestjs/graphql';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { IsString, IsUUID, MaxLength } from 'class-validator';
import { AggregateStore, CommandResult } from '../common/aggregate-store';
import { executeOnUnit } from './unit-use-case';
import { GovernanceCommand } from '../common/command';
import { CommandInput, MAX_TEXT } from '../common/inputs';

@InputType()
export class DeactivateUnitInput extends CommandInput {
  @Field(() => ID) @IsUUID() unitId: string;
  @Field() @IsString() @MaxLength(MAX_TEXT) reason: string;
}

export class DeactivateUnitCommand extends GovernanceCommand<DeactivateUnitInput> {}

@CommandHandler(DeactivateUnitCommand)
export class DeactivateUnitHandler implements ICommandHandler<DeactivateUnitCommand, CommandResult> {
  constructor(private readonly aggregates: AggregateStore) {}

  execute({ input, ctx }: DeactivateUnitCommand) {
    return executeOnUnit(this.aggregates, input.unitId, 'DeactivateUnit', ctx, () => ({
      type: 'DeactivateUnit',
      data: { reason: input.reason, at: ctx.occurredAt },
    }));
  }
}
