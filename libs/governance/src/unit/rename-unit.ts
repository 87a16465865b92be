import { Field, ID, InputType } from '@nestjs/graphql';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { IsUUID } from 'class-validator';
import { AggregateStore, CommandResult } from '../common/aggregate-store';
import { executeOnUnit } from './unit-use-case';
import { GovernanceCommand } from '../common/command';
import { CommandInput, MultilingualTextInput, ValidText } from '../common/inputs';

@InputType()
export class RenameUnitInput extends CommandInput {
  @Field(() => ID) @IsUUID() unitId: string;
  @Field(() => MultilingualTextInput) @ValidText() name: MultilingualTextInput;
}

export class RenameUnitCommand extends GovernanceCommand<RenameUnitInput> {}

@CommandHandler(RenameUnitCommand)
export class RenameUnitHandler implements ICommandHandler<RenameUnitCommand, CommandResult> {
  constructor(private readonly aggregates: AggregateStore) {}

  execute({ input, ctx }: RenameUnitCommand) {
    return executeOnUnit(this.aggregates, input.unitId, 'RenameUnit', ctx, () => ({
      type: 'RenameUnit',
      data: { name: input.name, at: ctx.occurredAt },
    }));
  }
}
