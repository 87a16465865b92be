import { Field, GraphQLISODateTime, ID, InputType } from '@nestjs/graphql';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Type } from 'class-transformer';
import { IsDate, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { MEETING_FORMATS, MEETING_KINDS, MeetingFormat, MeetingKind, bodyDecider, streamIds } from '@gov/domain';
import { AggregateStore, CommandResult, newEntityId } from '../common/aggregate-store';
import { GovernanceCommand } from '../common/command';
import { CommandInput, MeetingFormatEnum, MeetingKindEnum, MultilingualTextInput, ValidText } from '../common/inputs';
import { executeOnMeeting } from './meeting-use-case';

@InputType()
export class ScheduleMeetingInput extends CommandInput {
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() meetingId?: string;
  @Field(() => ID) @IsUUID() bodyId: string;
  @Field({ description: 'Like 1/2026' }) @Matches(/^\d{1,4}\/\d{4}$/, { message: 'number must look like 1/2026' }) number: string;
  @Field(() => MeetingKindEnum) @IsIn(MEETING_KINDS) kind: MeetingKind;
  @Field(() => MultilingualTextInput, { nullable: true }) @IsOptional() @ValidText() title?: MultilingualTextInput;
  @Field(() => GraphQLISODateTime) @Type(() => Date) @IsDate() startsAt: Date;
  @Field() @IsString() @MaxLength(500) place: string;
  @Field(() => MeetingFormatEnum) @IsIn(MEETING_FORMATS) format: MeetingFormat;
}

export class ScheduleMeetingCommand extends GovernanceCommand<ScheduleMeetingInput> {}

@CommandHandler(ScheduleMeetingCommand)
export class ScheduleMeetingHandler implements ICommandHandler<ScheduleMeetingCommand, CommandResult> {
  constructor(private readonly aggregates: AggregateStore) {}

  execute({ input, ctx }: ScheduleMeetingCommand) {
    const meetingId = newEntityId('meeting', input.meetingId, ctx);
    return executeOnMeeting(
      this.aggregates,
      meetingId,
      'ScheduleMeeting',
      ctx,
      async () => {
        const body = (await this.aggregates.load(bodyDecider, streamIds.body(input.bodyId))).state;
        return {
          type: 'ScheduleMeeting',
          data: {
            meetingId,
            bodyId: input.bodyId,
            bodyActive: body.status === 'ACTIVE',
            number: input.number,
            kind: input.kind,
            title: input.title ?? null,
            startsAt: input.startsAt.toISOString(),
            place: input.place,
            format: input.format,
            at: ctx.occurredAt,
          },
        };
      },
      input.bodyId,
    );
  }
}
