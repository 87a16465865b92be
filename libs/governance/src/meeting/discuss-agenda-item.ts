import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { IsUUID } from 'class-validator';
import { AggregateStore, CommandResult, aggregate } from '../common/aggregate-store';
import { requireSecretaryOf } from '../common/authorization';
import { GovernanceCommand } from '../common/command';
import { CommandPayload, MultilingualTextPayload, ValidText } from '../common/payloads';

export class DiscussAgendaItemPayload extends CommandPayload {
  @IsUUID() meetingId: string;
  @IsUUID() itemId: string;
  @ValidText() minutes: MultilingualTextPayload;
}

export class DiscussAgendaItemCommand extends GovernanceCommand<DiscussAgendaItemPayload> {
  static readonly Payload = DiscussAgendaItemPayload;
}

@CommandHandler(DiscussAgendaItemCommand)
export class DiscussAgendaItemHandler implements ICommandHandler<DiscussAgendaItemCommand, CommandResult> {
  constructor(private readonly aggregates: AggregateStore) {}

  execute({ payload, ctx }: DiscussAgendaItemCommand) {
    return this.aggregates.execute(aggregate.meeting, payload.meetingId, ctx, (meeting) => requireSecretaryOf(ctx.actor, meeting.bodyId), {
      type: 'DiscussAgendaItem',
      data: () => ({ itemId: payload.itemId, minutes: payload.minutes, at: ctx.occurredAt }),
    });
  }
}
