import { Field, ID, InputType } from '@nestjs/graphql';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ArrayMaxSize, ArrayMinSize, IsOptional, IsUUID } from 'class-validator';
import { meetingDecider, meetingFact, streamIds } from '@gov/domain';
import { AggregateStore, CommandResult, newEntityId } from '../common/aggregate-store';
import { GovernanceCommand } from '../common/command';
import { CommandInput, MultilingualTextInput, ValidText } from '../common/inputs';
import { executeOnMeeting } from './meeting-use-case';

@InputType()
export class AddReportBackItemInput extends CommandInput {
  @Field(() => ID) @IsUUID() meetingId: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() itemId?: string;
  @Field(() => MultilingualTextInput) @ValidText() title: MultilingualTextInput;
  @Field(() => [ID], { description: 'Earlier meetings of the same body whose recommendations this item reports on' })
  @IsUUID('all', { each: true })
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  coversMeetingIds: string[];
}

export class AddReportBackItemCommand extends GovernanceCommand<AddReportBackItemInput> {}

@CommandHandler(AddReportBackItemCommand)
export class AddReportBackItemHandler implements ICommandHandler<AddReportBackItemCommand, CommandResult> {
  constructor(private readonly aggregates: AggregateStore) {}

  execute({ input, ctx }: AddReportBackItemCommand) {
    const itemId = newEntityId('agenda-item', input.itemId, ctx);
    return executeOnMeeting(this.aggregates, input.meetingId, 'AddReportBackItem', ctx, async () => {
      const coveredMeetings = await Promise.all(
        input.coversMeetingIds.map(async (id) =>
          meetingFact((await this.aggregates.load(meetingDecider, streamIds.meeting(id))).state, id),
        ),
      );
      // Frozen at the log as it stands now: the item reports what had happened by this point.
      const asOfPosition = (await this.aggregates.events.headPosition()).toString();
      return { type: 'AddReportBackItem', data: { itemId, title: input.title, coveredMeetings, asOfPosition, at: ctx.occurredAt } };
    });
  }
}
