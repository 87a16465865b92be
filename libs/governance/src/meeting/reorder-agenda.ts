import { Field, ID, InputType } from '@nestjs/graphql';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ArrayMaxSize, IsUUID } from 'class-validator';
import { AggregateStore, CommandResult } from '../common/aggregate-store';
import { GovernanceCommand } from '../common/command';
import { CommandInput } from '../common/inputs';
import { executeOnMeeting } from './meeting-use-case';

@InputType()
export class ReorderAgendaInput extends CommandInput {
  @Field(() => ID) @IsUUID() meetingId: string;
  @Field(() => [ID]) @IsUUID('all', { each: true }) @ArrayMaxSize(200) itemIds: string[];
}

export class ReorderAgendaCommand extends GovernanceCommand<ReorderAgendaInput> {}

@CommandHandler(ReorderAgendaCommand)
export class ReorderAgendaHandler implements ICommandHandler<ReorderAgendaCommand, CommandResult> {
  constructor(private readonly aggregates: AggregateStore) {}

  execute({ input, ctx }: ReorderAgendaCommand) {
    return executeOnMeeting(this.aggregates, input.meetingId, 'ReorderAgenda', ctx, () => ({
      type: 'ReorderAgenda',
      data: { itemIds: input.itemIds, at: ctx.occurredAt },
    }));
  }
}
