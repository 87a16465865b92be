import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { IsString, IsUUID, MaxLength } from 'class-validator';
import { AggregateStore, CommandResult, aggregate } from '../common/aggregate-store';
import { requireSecretaryOf } from '../common/authorization';
import { GovernanceCommand } from '../common/command';
import { CommandPayload, MAX_TEXT } from '../common/payloads';

export class CancelMeetingPayload extends CommandPayload {
  @IsUUID() meetingId: string;
  @IsString() @MaxLength(MAX_TEXT) reason: string;
}

export class CancelMeetingCommand extends GovernanceCommand<CancelMeetingPayload> {
  static readonly Payload = CancelMeetingPayload;
}

@CommandHandler(CancelMeetingCommand)
export class CancelMeetingHandler implements ICommandHandler<CancelMeetingCommand, CommandResult> {
  constructor(private readonly aggregates: AggregateStore) {}

  execute({ payload, ctx }: CancelMeetingCommand) {
    return this.aggregates.execute(aggregate.meeting, payload.meetingId, ctx, (meeting) => requireSecretaryOf(ctx.actor, meeting.bodyId), {
      type: 'CancelMeeting',
      data: () => ({ reason: payload.reason, at: ctx.occurredAt }),
    });
  }
}
