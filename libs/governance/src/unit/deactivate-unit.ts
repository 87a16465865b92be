import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { IsString, IsUUID, MaxLength } from 'class-validator';
import { AggregateStore, CommandResult, aggregate } from '../common/aggregate-store';
import { requireAdmin } from '../common/authorization';
import { GovernanceCommand } from '../common/command';
import { CommandPayload, MAX_TEXT } from '../common/payloads';

export class DeactivateUnitPayload extends CommandPayload {
  @IsUUID() unitId: string;
  @IsString() @MaxLength(MAX_TEXT) reason: string;
}

export class DeactivateUnitCommand extends GovernanceCommand<DeactivateUnitPayload> {
  static readonly Payload = DeactivateUnitPayload;
}

@CommandHandler(DeactivateUnitCommand)
export class DeactivateUnitHandler implements ICommandHandler<DeactivateUnitCommand, CommandResult> {
  constructor(private readonly aggregates: AggregateStore) {}

  execute({ payload, ctx }: DeactivateUnitCommand) {
    return this.aggregates.execute(aggregate.unit, payload.unitId, ctx, () => requireAdmin(ctx.actor), {
      type: 'DeactivateUnit',
      data: () => ({ reason: payload.reason, at: ctx.occurredAt }),
    });
  }
}
