import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { UNIT_KINDS, UnitKind, streamIds, unitDecider } from '@gov/domain';
import { AggregateStore, CommandResult, newEntityId } from '../common/aggregate-store';
import { executeOnUnit } from './unit-use-case';
import { GovernanceCommand } from '../common/command';
import { CommandPayload, MultilingualTextPayload, ValidText } from '../common/payloads';

export class RegisterUnitPayload extends CommandPayload {
  @IsOptional() @IsUUID() unitId?: string;
  @ValidText() name: MultilingualTextPayload;
  @IsIn(UNIT_KINDS) kind: UnitKind;
  @IsOptional() @IsUUID() parentUnitId?: string;
}

export class RegisterUnitCommand extends GovernanceCommand<RegisterUnitPayload> {
  static readonly Payload = RegisterUnitPayload;
}

@CommandHandler(RegisterUnitCommand)
export class RegisterUnitHandler implements ICommandHandler<RegisterUnitCommand, CommandResult> {
  constructor(private readonly aggregates: AggregateStore) {}

  execute({ payload, ctx }: RegisterUnitCommand) {
    const unitId = newEntityId('unit', payload.unitId, ctx);
    return executeOnUnit(this.aggregates, unitId, 'RegisterUnit', ctx, async () => {
      const parent = payload.parentUnitId ? (await this.aggregates.load(unitDecider, streamIds.unit(payload.parentUnitId))).state : null;
      return {
        type: 'RegisterUnit',
        data: {
          unitId,
          name: payload.name,
          kind: payload.kind,
          parent: parent && payload.parentUnitId ? { id: payload.parentUnitId, status: parent.status } : null,
          at: ctx.occurredAt,
        },
      };
    });
  }
}
