import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { IsUUID } from 'class-validator';
import { AggregateStore, CommandResult, aggregate } from '../common/aggregate-store';
import { requireSecretaryOf } from '../common/authorization';
import { GovernanceCommand } from '../common/command';
import { CommandPayload } from '../common/payloads';

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
    return this.aggregates.execute(aggregate.meeting, payload.meetingId, ctx, (meeting) => requireSecretaryOf(ctx.actor, meeting.bodyId), {
      type: 'RemoveAgendaItem',
      data: () => ({ itemId: payload.itemId, at: ctx.occurredAt }),
    });
  }
}
