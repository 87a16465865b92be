import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { IsUUID } from 'class-validator';
import { AggregateStore, CommandResult } from '../common/aggregate-store';
import { GovernanceCommand } from '../common/command';
import { CommandPayload, MultilingualTextPayload, ValidText } from '../common/payloads';
import { executeOnMeeting } from './meeting-use-case';

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
    return executeOnMeeting(this.aggregates, payload.meetingId, 'DiscussAgendaItem', ctx, () => ({
      type: 'DiscussAgendaItem',
      data: { itemId: payload.itemId, minutes: payload.minutes, at: ctx.occurredAt },
    }));
  }
}
