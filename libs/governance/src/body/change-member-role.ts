import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { IsIn, IsUUID } from 'class-validator';
import { MEMBER_ROLES, MemberRole } from '@gov/domain';
import { AggregateStore, CommandResult, aggregate } from '../common/aggregate-store';
import { requireAdminOrSecretaryOf } from '../common/authorization';
import { GovernanceCommand } from '../common/command';
import { CommandPayload } from '../common/payloads';

export class ChangeMemberRolePayload extends CommandPayload {
  @IsUUID() bodyId: string;
  @IsUUID() memberId: string;
  @IsIn(MEMBER_ROLES) role: MemberRole;
}

export class ChangeMemberRoleCommand extends GovernanceCommand<ChangeMemberRolePayload> {
  static readonly Payload = ChangeMemberRolePayload;
}

@CommandHandler(ChangeMemberRoleCommand)
export class ChangeMemberRoleHandler implements ICommandHandler<ChangeMemberRoleCommand, CommandResult> {
  constructor(private readonly aggregates: AggregateStore) {}

  execute({ payload, ctx }: ChangeMemberRoleCommand) {
    return this.aggregates.execute(aggregate.body, payload.bodyId, ctx, () => requireAdminOrSecretaryOf(ctx.actor, payload.bodyId), {
      type: 'ChangeMemberRole',
      data: () => ({ memberId: payload.memberId, role: payload.role, at: ctx.occurredAt }),
    });
  }
}
