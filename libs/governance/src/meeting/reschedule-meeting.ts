import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Type } from 'class-transformer';
import { IsDate, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { LIMITS } from '@gov/domain';
import { AggregateStore, CommandResult } from '../common/aggregate-store';
import { GovernanceCommand } from '../common/command';
import { CommandPayload } from '../common/payloads';
import { executeOnMeeting } from './meeting-use-case';

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
    return executeOnMeeting(this.aggregates, payload.meetingId, 'RescheduleMeeting', ctx, () => ({
      type: 'RescheduleMeeting',
      data: { startsAt: payload.startsAt.toISOString(), place: payload.place ?? null, at: ctx.occurredAt },
    }));
  }
}
