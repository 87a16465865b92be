import { Field, ID, InputType } from '@nestjs/graphql';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { IsUUID } from 'class-validator';
import { AggregateStore, CommandResult } from '../common/aggregate-store';
import { GovernanceCommand } from '../common/command';
import { CommandInput } from '../common/inputs';
import { executeOnMeeting } from './meeting-use-case';

@InputType()
export class RemoveAgendaItemInput extends CommandInput {
  @Field(() => ID) @IsUUID() meetingId: string;
  @Field(() => ID) @IsUUID() itemId: string;
}

export class RemoveAgendaItemCommand extends GovernanceCommand<RemoveAgendaItemInput> {}

@CommandHandler(RemoveAgendaItemCommand)
export class RemoveAgendaItemHandler implements ICommandHandler<RemoveAgendaItemCommand, CommandResult> {
  constructor(private readonly aggregates: AggregateStore) {}

  execute({ input, ctx }: RemoveAgendaItemCommand) {
    return executeOnMeeting(this.aggregates, input.meetingId, 'RemoveAgendaItem', ctx, () => ({
      type: 'RemoveAgendaItem',
      data: { itemId: input.itemId, at: ctx.occurredAt },
    }));
  }
}
