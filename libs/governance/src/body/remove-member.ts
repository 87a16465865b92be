import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { AggregateStore, CommandResult, aggregate } from '../common/aggregate-store';
import { requireAdminOrSecretaryOf } from '../common/authorization';
import { GovernanceCommand } from '../common/command';
import { CommandPayload, MAX_TEXT } from '../common/payloads';

export class RemoveMemberPayload extends CommandPayload {
  @IsUUID() bodyId: string;
  @IsUUID() memberId: string;
  @IsOptional() @IsString() @MaxLength(MAX_TEXT) reason?: string;
}

export class RemoveMemberCommand extends GovernanceCommand<RemoveMemberPayload> {
  static readonly Payload = RemoveMemberPayload;
}

@CommandHandler(RemoveMemberCommand)
export class RemoveMemberHandler implements ICommandHandler<RemoveMemberCommand, CommandResult> {
  constructor(private readonly aggregates: AggregateStore) {}

  execute({ payload, ctx }: RemoveMemberCommand) {
    return this.aggregates.execute(aggregate.body, payload.bodyId, ctx, () => requireAdminOrSecretaryOf(ctx.actor, payload.bodyId), {
      type: 'RemoveMember',
      data: () => ({ memberId: payload.memberId, reason: payload.reason ?? null, at: ctx.occurredAt }),
    });
  }
}
