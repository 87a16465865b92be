import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ArrayMaxSize, IsUUID } from 'class-validator';
import { AggregateStore, CommandResult, aggregate } from '../common/aggregate-store';
import { requireSecretaryOf } from '../common/authorization';
import { GovernanceCommand } from '../common/command';
import { CommandPayload } from '../common/payloads';

export class ReorderAgendaPayload extends CommandPayload {
  @IsUUID() meetingId: string;
  @IsUUID('all', { each: true }) @ArrayMaxSize(200) itemIds: string[];
}

export class ReorderAgendaCommand extends GovernanceCommand<ReorderAgendaPayload> {
  static readonly Payload = ReorderAgendaPayload;
}

@CommandHandler(ReorderAgendaCommand)
export class ReorderAgendaHandler implements ICommandHandler<ReorderAgendaCommand, CommandResult> {
  constructor(private readonly aggregates: AggregateStore) {}

  execute({ payload, ctx }: ReorderAgendaCommand) {
    return this.aggregates.execute(aggregate.meeting, payload.meetingId, ctx, (meeting) => requireSecretaryOf(ctx.actor, meeting.bodyId), {
      type: 'ReorderAgenda',
      data: () => ({ itemIds: payload.itemIds, at: ctx.occurredAt }),
    });
  }
}
