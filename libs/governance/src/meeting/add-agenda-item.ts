import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { LIMITS } from '@gov/domain';
import { AggregateStore, CommandResult, aggregate, newEntityId } from '../common/aggregate-store';
import { requireSecretaryOf } from '../common/authorization';
import { GovernanceCommand } from '../common/command';
import { CommandPayload, MultilingualTextPayload, ValidText } from '../common/payloads';

export class AddAgendaItemPayload extends CommandPayload {
  @IsUUID() meetingId: string;
  @IsOptional() @IsUUID() itemId?: string;
  @ValidText() title: MultilingualTextPayload;
  @IsOptional() @IsString() @MaxLength(LIMITS.name) speaker?: string;
}

export class AddAgendaItemCommand extends GovernanceCommand<AddAgendaItemPayload> {
  static readonly Payload = AddAgendaItemPayload;
}

@CommandHandler(AddAgendaItemCommand)
export class AddAgendaItemHandler implements ICommandHandler<AddAgendaItemCommand, CommandResult> {
  constructor(private readonly aggregates: AggregateStore) {}

  execute({ payload, ctx }: AddAgendaItemCommand) {
    const itemId = newEntityId('agenda-item', payload.itemId, ctx);
    return this.aggregates.execute(aggregate.meeting, payload.meetingId, ctx, (meeting) => requireSecretaryOf(ctx.actor, meeting.bodyId), {
      type: 'AddAgendaItem',
      data: () => ({ itemId, title: payload.title, speaker: payload.speaker ?? null, at: ctx.occurredAt }),
    });
  }
}
