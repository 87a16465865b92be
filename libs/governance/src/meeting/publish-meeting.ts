import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AggregateStore, CommandResult } from '../common/aggregate-store';
import { GovernanceCommand } from '../common/command';
import { MeetingInput } from './approve-minutes';
import { executeOnMeeting } from './meeting-use-case';

export class PublishMeetingCommand extends GovernanceCommand<MeetingInput> {}

@CommandHandler(PublishMeetingCommand)
export class PublishMeetingHandler implements ICommandHandler<PublishMeetingCommand, CommandResult> {
  constructor(private readonly aggregates: AggregateStore) {}

  execute({ input, ctx }: PublishMeetingCommand) {
    return executeOnMeeting(this.aggregates, input.meetingId, 'PublishMeeting', ctx, () => ({
      type: 'PublishMeeting',
      data: { at: ctx.occurredAt },
    }));
  }
}
