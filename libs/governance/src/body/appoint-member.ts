import { Field, ID, InputType } from '@nestjs/graphql';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { MEMBER_ROLES, MemberRole } from '@gov/domain';
import { AggregateStore, CommandResult, newEntityId } from '../common/aggregate-store';
import { requireAdminOrSecretaryOf } from '../common/authorization';
import { GovernanceCommand } from '../common/command';
import { CommandInput, MemberRoleEnum } from '../common/inputs';
import { executeOnBody } from './body-use-case';

@InputType()
export class AppointMemberInput extends CommandInput {
  @Field(() => ID) @IsUUID() bodyId: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() memberId?: string;
  @Field() @IsString() @MaxLength(300) fullName: string;
  @Field(() => MemberRoleEnum) @IsIn(MEMBER_ROLES) role: MemberRole;
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(300) affiliation?: string;
}

export class AppointMemberCommand extends GovernanceCommand<AppointMemberInput> {}

@CommandHandler(AppointMemberCommand)
export class AppointMemberHandler implements ICommandHandler<AppointMemberCommand, CommandResult> {
  constructor(private readonly aggregates: AggregateStore) {}

  execute({ input, ctx }: AppointMemberCommand) {
    const memberId = newEntityId('member', input.memberId, ctx);
    return executeOnBody(
      this.aggregates,
      input.bodyId,
      'AppointMember',
      ctx,
      () => requireAdminOrSecretaryOf(ctx.actor, input.bodyId),
      () => ({
        type: 'AppointMember',
        data: { memberId, fullName: input.fullName, role: input.role, affiliation: input.affiliation ?? null, at: ctx.occurredAt },
      }),
    );
  }
}
