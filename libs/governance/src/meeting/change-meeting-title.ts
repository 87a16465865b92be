import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { IsUUID } from 'class-validator';
import { AggregateStore, CommandResult } from '../common/aggregate-store';
import { GovernanceCommand } from '../common/command';
import { CommandPayload, MultilingualTextPayload, ValidText } from '../common/payloads';
import { executeOnMeeting } from './meeting-use-case';

export class ChangeMeetingTitlePayload extends CommandPayload {
  @IsUUID() meetingId: string;
  @ValidText() title: MultilingualTextPayload;
}

export class ChangeMeetingTitleCommand extends GovernanceCommand<ChangeMeetingTitlePayload> {
  static readonly Payload = ChangeMeetingTitlePayload;
}

@CommandHandler(ChangeMeetingTitleCommand)
export class ChangeMeetingTitleHandler implements ICommandHandler<ChangeMeetingTitleCommand, CommandResult> {
  constructor(private readonly aggregates: AggregateStore) {}

  execute({ payload, ctx }: ChangeMeetingTitleCommand) {
    return executeOnMeeting(this.aggregates, payload.meetingId, 'ChangeMeetingTitle', ctx, () => ({
      type: 'ChangeMeetingTitle',
      data: { title: payload.title, at: ctx.occurredAt },
    }));
  }
}
