import { Field, GraphQLISODateTime, ID, InputType } from '@nestjs/graphql';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsDate, IsIn, IsString, IsUUID, MaxLength, ValidateNested } from 'class-validator';
import { GUEST_CATEGORIES, GuestCategory, bodyDecider, streamIds } from '@gov/domain';
import { AggregateStore, CommandResult } from '../common/aggregate-store';
import { GovernanceCommand } from '../common/command';
import { CommandInput, GuestCategoryEnum } from '../common/inputs';
import { executeOnMeeting } from './meeting-use-case';

@InputType()
export class GuestInput {
  @Field() @IsString() @MaxLength(300) fullName: string;
  @Field() @IsString() @MaxLength(300) organization: string;
  @Field(() => GuestCategoryEnum) @IsIn(GUEST_CATEGORIES) category: GuestCategory;
}

@InputType()
export class RecordMeetingHeldInput extends CommandInput {
  @Field(() => ID) @IsUUID() meetingId: string;
  @Field(() => GraphQLISODateTime) @Type(() => Date) @IsDate() heldAt: Date;
  @Field(() => [ID], { description: 'Members of the body who attended' })
  @IsUUID('all', { each: true })
  @ArrayMaxSize(500)
  membersPresent: string[];
  @Field(() => [GuestInput], { defaultValue: [] })
  @ValidateNested({ each: true })
  @Type(() => GuestInput)
  @ArrayMaxSize(500)
  guests: GuestInput[];
}

export class RecordMeetingHeldCommand extends GovernanceCommand<RecordMeetingHeldInput> {}

@CommandHandler(RecordMeetingHeldCommand)
export class RecordMeetingHeldHandler implements ICommandHandler<RecordMeetingHeldCommand, CommandResult> {
  constructor(private readonly aggregates: AggregateStore) {}

  execute({ input, ctx }: RecordMeetingHeldCommand) {
    return executeOnMeeting(this.aggregates, input.meetingId, 'RecordMeetingHeld', ctx, async (meeting) => {
      const body = meeting.bodyId ? (await this.aggregates.load(bodyDecider, streamIds.body(meeting.bodyId))).state : null;
      return {
        type: 'RecordMeetingHeld',
        data: {
          heldAt: input.heldAt.toISOString(),
          membersPresent: input.membersPresent,
          bodyMemberIds: Object.keys(body?.members ?? {}),
          guests: input.guests.map(({ fullName, organization, category }) => ({ fullName, organization, category })),
          at: ctx.occurredAt,
        },
      };
    });
  }
}
