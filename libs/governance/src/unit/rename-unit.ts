import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { IsUUID } from 'class-validator';
import { AggregateStore, CommandResult, aggregate } from '../common/aggregate-store';
import { requireAdmin } from '../common/authorization';
import { GovernanceCommand } from '../common/command';
import { CommandPayload, MultilingualTextPayload, ValidText } from '../common/payloads';

export class RenameUnitPayload extends CommandPayload {
  @IsUUID() unitId: string;
  @ValidText() name: MultilingualTextPayload;
}

export class RenameUnitCommand extends GovernanceCommand<RenameUnitPayload> {
  static readonly Payload = RenameUnitPayload;
}

@CommandHandler(RenameUnitCommand)
export class RenameUnitHandler implements ICommandHandler<RenameUnitCommand, CommandResult> {
  constructor(private readonly aggregates: AggregateStore) {}

  execute({ payload, ctx }: RenameUnitCommand) {
    return this.aggregates.execute(aggregate.unit, payload.unitId, ctx, () => requireAdmin(ctx.actor), {
      type: 'RenameUnit',
      data: () => ({ name: payload.name, at: ctx.occurredAt }),
    });
  }
}
