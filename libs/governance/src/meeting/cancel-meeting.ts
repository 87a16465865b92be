import { Field, ID, InputType } from '@nestjs/graphql';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { IsString, IsUUID, MaxLength } from 'class-validator';
import { AggregateStore, CommandResult } from '../common/aggregate-store';
import { GovernanceCommand } from '../common/command';
import { CommandInput, MAX_TEXT } from '../common/inputs';
import { executeOnMeeting } from './meeting-use-case';

@InputType()
export class CancelMeetingInput extends CommandInput {
  @Field(() => ID) @IsUUID() meetingId: string;
  @Field() @IsString() @MaxLength(MAX_TEXT) reason: string;
}

export class CancelMeetingCommand extends GovernanceCommand<CancelMeetingInput> {}

@CommandHandler(CancelMeetingCommand)
export class CancelMeetingHandler implements ICommandHandler<CancelMeetingCommand, CommandResult> {
  constructor(private readonly aggregates: AggregateStore) {}

  execute({ input, ctx }: CancelMeetingCommand) {
    return executeOnMeeting(this.aggregates, input.meetingId, 'CancelMeeting', ctx, () => ({
      type: 'CancelMeeting',
      data: { reason: input.reason, at: ctx.occurredAt },
    }));
  }
}
