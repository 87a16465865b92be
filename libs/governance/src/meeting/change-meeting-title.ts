import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { IsUUID } from 'class-validator';
import { AggregateStore, CommandResult, aggregate } from '../common/aggregate-store';
import { requireSecretaryOf } from '../common/authorization';
import { GovernanceCommand } from '../common/command';
import { CommandPayload, MultilingualTextPayload, ValidText } from '../common/payloads';

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
    return this.aggregates.execute(aggregate.meeting, payload.meetingId, ctx, (meeting) => requireSecretaryOf(ctx.actor, meeting.bodyId), {
      type: 'ChangeMeetingTitle',
      data: () => ({ title: payload.title, at: ctx.occurredAt }),
    });
  }
}
