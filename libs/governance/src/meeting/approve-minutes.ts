import { Field, ID, InputType } from '@nestjs/graphql';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { IsUUID } from 'class-validator';
import { AggregateStore, CommandResult } from '../common/aggregate-store';
import { GovernanceCommand } from '../common/command';
import { CommandInput } from '../common/inputs';
import { executeOnMeeting } from './meeting-use-case';

@InputType()
export class MeetingInput extends CommandInput {
  @Field(() => ID) @IsUUID() meetingId: string;
}

export class ApproveMinutesCommand extends GovernanceCommand<MeetingInput> {}

@CommandHandler(ApproveMinutesCommand)
export class ApproveMinutesHandler implements ICommandHandler<ApproveMinutesCommand, CommandResult> {
  constructor(private readonly aggregates: AggregateStore) {}

  execute({ input, ctx }: ApproveMinutesCommand) {
    return executeOnMeeting(this.aggregates, input.meetingId, 'ApproveMinutes', ctx, () => ({
      type: 'ApproveMinutes',
      data: { at: ctx.occurredAt },
    }));
  }
}
