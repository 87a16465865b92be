import { Field, ID, InputType } from '@nestjs/graphql';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { AggregateStore, CommandResult } from '../common/aggregate-store';
import { requireAdminOrSecretaryOf } from '../common/authorization';
import { GovernanceCommand } from '../common/command';
import { CommandInput, MAX_TEXT } from '../common/inputs';
import { executeOnBody } from './body-use-case';

@InputType()
export class RemoveMemberInput extends CommandInput {
  @Field(() => ID) @IsUUID() bodyId: string;
  @Field(() => ID) @IsUUID() memberId: string;
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(MAX_TEXT) reason?: string;
}

export class RemoveMemberCommand extends GovernanceCommand<RemoveMemberInput> {}

@CommandHandler(RemoveMemberCommand)
export class RemoveMemberHandler implements ICommandHandler<RemoveMemberCommand, CommandResult> {
  constructor(private readonly aggregates: AggregateStore) {}

  execute({ input, ctx }: RemoveMemberCommand) {
    return executeOnBody(
      this.aggregates,
      input.bodyId,
      'RemoveMember',
      ctx,
      () => requireAdminOrSecretaryOf(ctx.actor, input.bodyId),
      () => ({
        type: 'RemoveMember',
        data: { memberId: input.memberId, reason: input.reason ?? null, at: ctx.occurredAt },
      }),
    );
  }
}
