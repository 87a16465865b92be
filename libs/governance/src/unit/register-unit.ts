import { Field, ID, InputType } from '@nestjs/graphql';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { UNIT_KINDS, UnitKind, streamIds, unitDecider } from '@gov/domain';
import { AggregateStore, CommandResult, newEntityId } from '../common/aggregate-store';
import { executeOnUnit } from './unit-use-case';
import { GovernanceCommand } from '../common/command';
import { CommandInput, MultilingualTextInput, UnitKindEnum, ValidText } from '../common/inputs';

@InputType()
export class RegisterUnitInput extends CommandInput {
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() unitId?: string;
  @Field(() => MultilingualTextInput) @ValidText() name: MultilingualTextInput;
  @Field(() => UnitKindEnum) @IsIn(UNIT_KINDS) kind: UnitKind;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() parentUnitId?: string;
}

export class RegisterUnitCommand extends GovernanceCommand<RegisterUnitInput> {}

@CommandHandler(RegisterUnitCommand)
export class RegisterUnitHandler implements ICommandHandler<RegisterUnitCommand, CommandResult> {
  constructor(private readonly aggregates: AggregateStore) {}

  execute({ input, ctx }: RegisterUnitCommand) {
    const unitId = newEntityId('unit', input.unitId, ctx);
    return executeOnUnit(this.aggregates, unitId, 'RegisterUnit', ctx, async () => {
      const parent = input.parentUnitId ? (await this.aggregates.load(unitDecider, streamIds.unit(input.parentUnitId))).state : null;
      return {
        type: 'RegisterUnit',
        data: {
          unitId,
          name: input.name,
          kind: input.kind,
          parent: parent && input.parentUnitId ? { id: input.parentUnitId, status: parent.status } : null,
          at: ctx.occurredAt,
        },
      };
    });
  }
}
