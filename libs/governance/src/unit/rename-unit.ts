import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { IsUUID } from 'class-validator';
import { AggregateStore, CommandResult } from '../common/aggregate-store';
import { executeOnUnit } from './unit-use-case';
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
    return executeOnUnit(this.aggregates, payload.unitId, 'RenameUnit', ctx, () => ({
      type: 'RenameUnit',
      data: { name: payload.name, at: ctx.occurredAt },
    }));
  }
}
