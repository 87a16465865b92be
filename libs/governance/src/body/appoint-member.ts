import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { LIMITS, MEMBER_ROLES, MemberRole } from '@gov/domain';
import { AggregateStore, CommandResult, aggregate, newEntityId } from '../common/aggregate-store';
import { requireAdminOrSecretaryOf } from '../common/authorization';
import { GovernanceCommand } from '../common/command';
import { CommandPayload } from '../common/payloads';

export class AppointMemberPayload extends CommandPayload {
  @IsUUID() bodyId: string;
  @IsOptional() @IsUUID() memberId?: string;
  @IsString() @MaxLength(LIMITS.name) fullName: string;
  @IsIn(MEMBER_ROLES) role: MemberRole;
  @IsOptional() @IsString() @MaxLength(LIMITS.name) affiliation?: string;
}

export class AppointMemberCommand extends GovernanceCommand<AppointMemberPayload> {
  static readonly Payload = AppointMemberPayload;
}

@CommandHandler(AppointMemberCommand)
export class AppointMemberHandler implements ICommandHandler<AppointMemberCommand, CommandResult> {
  constructor(private readonly aggregates: AggregateStore) {}

  execute({ payload, ctx }: AppointMemberCommand) {
    const memberId = newEntityId('member', payload.memberId, ctx);
    return this.aggregates.execute(aggregate.body, payload.bodyId, ctx, () => requireAdminOrSecretaryOf(ctx.actor, payload.bodyId), {
      type: 'AppointMember',
      data: () => ({
        memberId,
        fullName: payload.fullName,
        role: payload.role,
        affiliation: payload.affiliation ?? null,
        at: ctx.occurredAt,
      }),
    });
  }
}
