import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Type } from 'class-transformer';
import { IsDate, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { LIMITS, MEETING_FORMATS, MEETING_KINDS, MEETING_NUMBER, MeetingFormat, MeetingKind, MeetingState } from '@gov/domain';
import { AggregateStore, CommandResult, aggregate, newEntityId } from '../common/aggregate-store';
import { requireSecretaryOf } from '../common/authorization';
import { GovernanceCommand } from '../common/command';
import { CommandPayload, MultilingualTextPayload, ValidText } from '../common/payloads';

export class ScheduleMeetingPayload extends CommandPayload {
  @IsOptional() @IsUUID() meetingId?: string;
  @IsUUID() bodyId: string;
  @Matches(MEETING_NUMBER, { message: 'number must look like 1/2026' }) number: string;
  @IsIn(MEETING_KINDS) kind: MeetingKind;
  @IsOptional() @ValidText() title?: MultilingualTextPayload;
  @Type(() => Date) @IsDate() startsAt: Date;
  @IsString() @MaxLength(LIMITS.place) place: string;
  @IsIn(MEETING_FORMATS) format: MeetingFormat;
}

export class ScheduleMeetingCommand extends GovernanceCommand<ScheduleMeetingPayload> {
  static readonly Payload = ScheduleMeetingPayload;
}

@CommandHandler(ScheduleMeetingCommand)
export class ScheduleMeetingHandler implements ICommandHandler<ScheduleMeetingCommand, CommandResult> {
  constructor(private readonly aggregates: AggregateStore) {}

  execute({ payload, ctx }: ScheduleMeetingCommand) {
    const meetingId = newEntityId('meeting', payload.meetingId, ctx);
    // A new meeting is its body's; an id already taken stays the meeting that holds it.
    const authorize = (meeting: MeetingState) => requireSecretaryOf(ctx.actor, meeting.bodyId ?? payload.bodyId);
    return this.aggregates.execute(aggregate.meeting, meetingId, ctx, authorize, {
      type: 'ScheduleMeeting',
      data: async () => {
        const body = (await this.aggregates.load(aggregate.body, payload.bodyId)).state;
        return {
          meetingId,
          bodyId: payload.bodyId,
          bodyActive: body.status === 'ACTIVE',
          number: payload.number,
          kind: payload.kind,
          title: payload.title ?? null,
          startsAt: payload.startsAt.toISOString(),
          place: payload.place,
          format: payload.format,
          at: ctx.occurredAt,
        };
      },
    });
  }
}
