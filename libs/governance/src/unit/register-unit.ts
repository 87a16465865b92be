import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { UNIT_KINDS, UnitKind } from '@gov/domain';
import { AggregateStore, CommandResult, aggregate, newEntityId } from '../common/aggregate-store';
import { requireAdmin } from '../common/authorization';
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
    return this.aggregates.execute(aggregate.unit, unitId, ctx, () => requireAdmin(ctx.actor), {
      type: 'RegisterUnit',
      data: async () => {
        const parent = payload.parentUnitId ? (await this.aggregates.load(aggregate.unit, payload.parentUnitId)).state : null;
        return {
          unitId,
          name: payload.name,
          kind: payload.kind,
          parent: parent && payload.parentUnitId ? { id: payload.parentUnitId, status: parent.status } : null,
          at: ctx.occurredAt,
        };
      },
    });
  }
}
