import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AggregateStore, CommandResult } from '../common/aggregate-store';
import { GovernanceCommand } from '../common/command';
import { MeetingRefPayload } from '../common/payloads';
import { executeOnMeeting } from './meeting-use-case';

export class PublishMeetingCommand extends GovernanceCommand<MeetingRefPayload> {
  static readonly Payload = MeetingRefPayload;
}

@CommandHandler(PublishMeetingCommand)
export class PublishMeetingHandler implements ICommandHandler<PublishMeetingCommand, CommandResult> {
  constructor(private readonly aggregates: AggregateStore) {}

  execute({ payload, ctx }: PublishMeetingCommand) {
    return executeOnMeeting(this.aggregates, payload.meetingId, 'PublishMeeting', ctx, () => ({
      type: 'PublishMeeting',
      data: { at: ctx.occurredAt },
    }));
  }
}
