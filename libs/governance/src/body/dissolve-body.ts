import { Field, ID, InputType } from '@nestjs/graphql';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { IsString, IsUUID, MaxLength } from 'class-validator';
import { AggregateStore, CommandResult } from '../common/aggregate-store';
import { requireAdmin } from '../common/authorization';
import { GovernanceCommand } from '../common/command';
import { CommandInput, MAX_TEXT } from '../common/inputs';
import { executeOnBody } from './body-use-case';

@InputType()
export class DissolveBodyInput extends CommandInput {
  @Field(() => ID) @IsUUID() bodyId: string;
  @Field() @IsString() @MaxLength(MAX_TEXT) reason: string;
}

export class DissolveBodyCommand extends GovernanceCommand<DissolveBodyInput> {}

@CommandHandler(DissolveBodyCommand)
export class DissolveBodyHandler implements ICommandHandler<DissolveBodyCommand, CommandResult> {
  constructor(private readonly aggregates: AggregateStore) {}

  execute({ input, ctx }: DissolveBodyCommand) {
    return executeOnBody(
      this.aggregates,
      input.bodyId,
      'DissolveBody',
      ctx,
      () => requireAdmin(ctx.actor),
      () => ({
        type: 'DissolveBody',
        data: { reason: input.reason, at: ctx.occurredAt },
      }),
    );
  }
}
