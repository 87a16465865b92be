import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { IsString, IsUUID, MaxLength } from 'class-validator';
import { AggregateStore, CommandResult, aggregate } from '../common/aggregate-store';
import { requireAdmin } from '../common/authorization';
import { GovernanceCommand } from '../common/command';
import { CommandPayload, MAX_TEXT } from '../common/payloads';

export class DissolveBodyPayload extends CommandPayload {
  @IsUUID() bodyId: string;
  @IsString() @MaxLength(MAX_TEXT) reason: string;
}

export class DissolveBodyCommand extends GovernanceCommand<DissolveBodyPayload> {
  static readonly Payload = DissolveBodyPayload;
}

@CommandHandler(DissolveBodyCommand)
export class DissolveBodyHandler implements ICommandHandler<DissolveBodyCommand, CommandResult> {
  constructor(private readonly aggregates: AggregateStore) {}

  execute({ payload, ctx }: DissolveBodyCommand) {
    return this.aggregates.execute(aggregate.body, payload.bodyId, ctx, () => requireAdmin(ctx.actor), {
      type: 'DissolveBody',
      data: () => ({ reason: payload.reason, at: ctx.occurredAt }),
    });
  }
}
