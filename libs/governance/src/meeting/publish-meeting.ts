import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AggregateStore, CommandResult, aggregate } from '../common/aggregate-store';
import { requireSecretaryOf } from '../common/authorization';
import { GovernanceCommand } from '../common/command';
import { MeetingRefPayload } from '../common/payloads';

export class PublishMeetingCommand extends GovernanceCommand<MeetingRefPayload> {
  static readonly Payload = MeetingRefPayload;
}

@CommandHandler(PublishMeetingCommand)
export class PublishMeetingHandler implements ICommandHandler<PublishMeetingCommand, CommandResult> {
  constructor(private readonly aggregates: AggregateStore) {}

  execute({ payload, ctx }: PublishMeetingCommand) {
    return this.aggregates.execute(aggregate.meeting, payload.meetingId, ctx, (meeting) => requireSecretaryOf(ctx.actor, meeting.bodyId), {
      type: 'PublishMeeting',
      data: () => ({ at: ctx.occurredAt }),
    });
  }
}
