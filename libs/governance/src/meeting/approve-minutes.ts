import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AggregateStore, CommandResult, aggregate } from '../common/aggregate-store';
import { requireSecretaryOf } from '../common/authorization';
import { GovernanceCommand } from '../common/command';
import { MeetingRefPayload } from '../common/payloads';

export class ApproveMinutesCommand extends GovernanceCommand<MeetingRefPayload> {
  static readonly Payload = MeetingRefPayload;
}

@CommandHandler(ApproveMinutesCommand)
export class ApproveMinutesHandler implements ICommandHandler<ApproveMinutesCommand, CommandResult> {
  constructor(private readonly aggregates: AggregateStore) {}

  execute({ payload, ctx }: ApproveMinutesCommand) {
    return this.aggregates.execute(aggregate.meeting, payload.meetingId, ctx, (meeting) => requireSecretaryOf(ctx.actor, meeting.bodyId), {
      type: 'ApproveMinutes',
      data: () => ({ at: ctx.occurredAt }),
    });
  }
}
