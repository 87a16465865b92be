import { Field, ID, InputType } from '@nestjs/graphql';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { IsIn, IsUUID } from 'class-validator';
import { MEMBER_ROLES, MemberRole } from '@gov/domain';
import { AggregateStore, CommandResult } from '../common/aggregate-store';
import { requireAdminOrSecretaryOf } from '../common/authorization';
import { GovernanceCommand } from '../common/command';
import { CommandInput, MemberRoleEnum } from '../common/inputs';
import { executeOnBody } from './body-use-case';

@InputType()
export class ChangeMemberRoleInput extends CommandInput {
  @Field(() => ID) @IsUUID() bodyId: string;
  @Field(() => ID) @IsUUID() memberId: string;
  @Field(() => MemberRoleEnum) @IsIn(MEMBER_ROLES) role: MemberRole;
}

export class ChangeMemberRoleCommand extends GovernanceCommand<ChangeMemberRoleInput> {}

@CommandHandler(ChangeMemberRoleCommand)
export class ChangeMemberRoleHandler implements ICommandHandler<ChangeMemberRoleCommand, CommandResult> {
  constructor(private readonly aggregates: AggregateStore) {}

  execute({ input, ctx }: ChangeMemberRoleCommand) {
    return executeOnBody(
      this.aggregates,
      input.bodyId,
      'ChangeMemberRole',
      ctx,
      () => requireAdminOrSecretaryOf(ctx.actor, input.bodyId),
      () => ({
        type: 'ChangeMemberRole',
        data: { memberId: input.memberId, role: input.role, at: ctx.occurredAt },
      }),
    );
  }
}
