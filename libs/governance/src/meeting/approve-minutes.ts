import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AggregateStore, CommandResult } from '../common/aggregate-store';
import { GovernanceCommand } from '../common/command';
import { MeetingRefPayload } from '../common/payloads';
import { executeOnMeeting } from './meeting-use-case';

export class ApproveMinutesCommand extends GovernanceCommand<MeetingRefPayload> {
  static readonly Payload = MeetingRefPayload;
}

@CommandHandler(ApproveMinutesCommand)
export class ApproveMinutesHandler implements ICommandHandler<ApproveMinutesCommand, CommandResult> {
  constructor(private readonly aggregates: AggregateStore) {}

  execute({ payload, ctx }: ApproveMinutesCommand) {
    return executeOnMeeting(this.aggregates, payload.meetingId, 'ApproveMinutes', ctx, () => ({
      type: 'ApproveMinutes',
      data: { at: ctx.occurredAt },
    }));
  }
}
