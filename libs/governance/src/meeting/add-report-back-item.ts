import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ArrayMaxSize, ArrayMinSize, IsOptional, IsUUID } from 'class-validator';
import { meetingFact } from '@gov/domain';
import { AggregateStore, CommandResult, aggregate, newEntityId } from '../common/aggregate-store';
import { requireSecretaryOf } from '../common/authorization';
import { GovernanceCommand } from '../common/command';
import { CommandPayload, MultilingualTextPayload, ValidText } from '../common/payloads';

export class AddReportBackItemPayload extends CommandPayload {
  @IsUUID() meetingId: string;
  @IsOptional() @IsUUID() itemId?: string;
  @ValidText() title: MultilingualTextPayload;
  @IsUUID('all', { each: true })
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  coversMeetingIds: string[];
}

export class AddReportBackItemCommand extends GovernanceCommand<AddReportBackItemPayload> {
  static readonly Payload = AddReportBackItemPayload;
}

@CommandHandler(AddReportBackItemCommand)
export class AddReportBackItemHandler implements ICommandHandler<AddReportBackItemCommand, CommandResult> {
  constructor(private readonly aggregates: AggregateStore) {}

  execute({ payload, ctx }: AddReportBackItemCommand) {
    const itemId = newEntityId('agenda-item', payload.itemId, ctx);
    return this.aggregates.execute(aggregate.meeting, payload.meetingId, ctx, (meeting) => requireSecretaryOf(ctx.actor, meeting.bodyId), {
      type: 'AddReportBackItem',
      data: async () => {
        const coveredMeetings = await Promise.all(
          payload.coversMeetingIds.map(async (id) => meetingFact((await this.aggregates.load(aggregate.meeting, id)).state, id)),
        );
        // Frozen at the log as it stands now: the item reports what had happened by this point.
        const asOfPosition = (await this.aggregates.events.headPosition()).toString();
        return { itemId, title: payload.title, coveredMeetings, asOfPosition, at: ctx.occurredAt };
      },
    });
  }
}
