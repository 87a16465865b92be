import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsDate, IsIn, IsString, IsUUID, MaxLength, ValidateNested } from 'class-validator';
import { GUEST_CATEGORIES, GuestCategory, LIMITS } from '@gov/domain';
import { AggregateStore, CommandResult, aggregate } from '../common/aggregate-store';
import { requireSecretaryOf } from '../common/authorization';
import { GovernanceCommand } from '../common/command';
import { CommandPayload } from '../common/payloads';

export class GuestPayload {
  @IsString() @MaxLength(LIMITS.name) fullName: string;
  @IsString() @MaxLength(LIMITS.name) organization: string;
  @IsIn(GUEST_CATEGORIES) category: GuestCategory;
}

export class RecordMeetingHeldPayload extends CommandPayload {
  @IsUUID() meetingId: string;
  @Type(() => Date) @IsDate() heldAt: Date;
  @IsUUID('all', { each: true })
  @ArrayMaxSize(500)
  membersPresent: string[];
  @ValidateNested({ each: true })
  @Type(() => GuestPayload)
  @ArrayMaxSize(500)
  guests: GuestPayload[];
}

export class RecordMeetingHeldCommand extends GovernanceCommand<RecordMeetingHeldPayload> {
  static readonly Payload = RecordMeetingHeldPayload;
}

@CommandHandler(RecordMeetingHeldCommand)
export class RecordMeetingHeldHandler implements ICommandHandler<RecordMeetingHeldCommand, CommandResult> {
  constructor(private readonly aggregates: AggregateStore) {}

  execute({ payload, ctx }: RecordMeetingHeldCommand) {
    return this.aggregates.execute(aggregate.meeting, payload.meetingId, ctx, (meeting) => requireSecretaryOf(ctx.actor, meeting.bodyId), {
      type: 'RecordMeetingHeld',
      data: async (meeting) => {
        const body = meeting.bodyId ? (await this.aggregates.load(aggregate.body, meeting.bodyId)).state : null;
        return {
          heldAt: payload.heldAt.toISOString(),
          membersPresent: payload.membersPresent,
          bodyMemberIds: Object.keys(body?.members ?? {}),
          guests: payload.guests.map(({ fullName, organization, category }) => ({ fullName, organization, category })),
          at: ctx.occurredAt,
          recordedAt: new Date().toISOString(),
        };
      },
    });
  }
}
