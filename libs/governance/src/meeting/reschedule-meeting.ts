import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Type } from 'class-transformer';
import { IsDate, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { LIMITS } from '@gov/domain';
import { AggregateStore, CommandResult, aggregate } from '../common/aggregate-store';
import { requireSecretaryOf } from '../common/authorization';
import { GovernanceCommand } from '../common/command';
import { CommandPayload } from '../common/payloads';

export class RescheduleMeetingPayload extends CommandPayload {
  @IsUUID() meetingId: string;
  @Type(() => Date) @IsDate() startsAt: Date;
  @IsOptional() @IsString() @MaxLength(LIMITS.place) place?: string;
}

export class RescheduleMeetingCommand extends GovernanceCommand<RescheduleMeetingPayload> {
  static readonly Payload = RescheduleMeetingPayload;
}

@CommandHandler(RescheduleMeetingCommand)
export class RescheduleMeetingHandler implements ICommandHandler<RescheduleMeetingCommand, CommandResult> {
  constructor(private readonly aggregates: AggregateStore) {}

  execute({ payload, ctx }: RescheduleMeetingCommand) {
    return this.aggregates.execute(aggregate.meeting, payload.meetingId, ctx, (meeting) => requireSecretaryOf(ctx.actor, meeting.bodyId), {
      type: 'RescheduleMeeting',
      data: () => ({ startsAt: payload.startsAt.toISOString(), place: payload.place ?? null, at: ctx.occurredAt }),
    });
  }
}
