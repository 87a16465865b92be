import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { IsUUID } from 'class-validator';
import { AggregateStore, CommandResult } from '../common/aggregate-store';
import { GovernanceCommand } from '../common/command';
import { CommandPayload } from '../common/payloads';
import { executeOnMeeting } from './meeting-use-case';

export class RemoveAgendaItemPayload extends CommandPayload {
  @IsUUID() meetingId: string;
  @IsUUID() itemId: string;
}

export class RemoveAgendaItemCommand extends GovernanceCommand<RemoveAgendaItemPayload> {
  static readonly Payload = RemoveAgendaItemPayload;
}

@CommandHandler(RemoveAgendaItemCommand)
export class RemoveAgendaItemHandler implements ICommandHandler<RemoveAgendaItemCommand, CommandResult> {
  constructor(private readonly aggregates: AggregateStore) {}

  execute({ payload, ctx }: RemoveAgendaItemCommand) {
    return executeOnMeeting(this.aggregates, payload.meetingId, 'RemoveAgendaItem', ctx, () => ({
      type: 'RemoveAgendaItem',
      data: { itemId: payload.itemId, at: ctx.occurredAt },
    }));
  }
}
