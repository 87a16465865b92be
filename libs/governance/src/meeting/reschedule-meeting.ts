import { Field, GraphQLISODateTime, ID, InputType } from '@nestjs/graphql';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Type } from 'class-transformer';
import { IsDate, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { AggregateStore, CommandResult } from '../common/aggregate-store';
import { GovernanceCommand } from '../common/command';
import { CommandInput } from '../common/inputs';
import { executeOnMeeting } from './meeting-use-case';

@InputType()
export class RescheduleMeetingInput extends CommandInput {
  @Field(() => ID) @IsUUID() meetingId: string;
  @Field(() => GraphQLISODateTime) @Type(() => Date) @IsDate() startsAt: Date;
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(500) place?: string;
}

export class RescheduleMeetingCommand extends GovernanceCommand<RescheduleMeetingInput> {}

@CommandHandler(RescheduleMeetingCommand)
export class RescheduleMeetingHandler implements ICommandHandler<RescheduleMeetingCommand, CommandResult> {
  constructor(private readonly aggregates: AggregateStore) {}

  execute({ input, ctx }: RescheduleMeetingCommand) {
    return executeOnMeeting(this.aggregates, input.meetingId, 'RescheduleMeeting', ctx, () => ({
      type: 'RescheduleMeeting',
      data: { startsAt: input.startsAt.toISOString(), place: input.place ?? null, at: ctx.occurredAt },
    }));
  }
}
