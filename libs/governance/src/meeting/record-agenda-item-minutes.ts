import { Field, ID, InputType } from '@nestjs/graphql';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { IsUUID } from 'class-validator';
import { AggregateStore, CommandResult } from '../common/aggregate-store';
import { GovernanceCommand } from '../common/command';
import { CommandInput, MultilingualTextInput, ValidText } from '../common/inputs';
import { executeOnMeeting } from './meeting-use-case';

@InputType()
export class RecordAgendaItemMinutesInput extends CommandInput {
  @Field(() => ID) @IsUUID() meetingId: string;
  @Field(() => ID) @IsUUID() itemId: string;
  @Field(() => MultilingualTextInput) @ValidText() minutes: MultilingualTextInput;
}

export class RecordAgendaItemMinutesCommand extends GovernanceCommand<RecordAgendaItemMinutesInput> {}

@CommandHandler(RecordAgendaItemMinutesCommand)
export class RecordAgendaItemMinutesHandler implements ICommandHandler<RecordAgendaItemMinutesCommand, CommandResult> {
  constructor(private readonly aggregates: AggregateStore) {}

  execute({ input, ctx }: RecordAgendaItemMinutesCommand) {
    return executeOnMeeting(this.aggregates, input.meetingId, 'DiscussAgendaItem', ctx, () => ({
      type: 'DiscussAgendaItem',
      data: { itemId: input.itemId, minutes: input.minutes, at: ctx.occurredAt },
    }));
  }
}
