import { Field, ID, InputType } from '@nestjs/graphql';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { AggregateStore, CommandResult, newEntityId } from '../common/aggregate-store';
import { GovernanceCommand } from '../common/command';
import { CommandInput, MultilingualTextInput, ValidText } from '../common/inputs';
import { executeOnMeeting } from './meeting-use-case';

@InputType()
export class AddAgendaItemInput extends CommandInput {
  @Field(() => ID) @IsUUID() meetingId: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() itemId?: string;
  @Field(() => MultilingualTextInput) @ValidText() title: MultilingualTextInput;
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(300) speaker?: string;
}

export class AddAgendaItemCommand extends GovernanceCommand<AddAgendaItemInput> {}

@CommandHandler(AddAgendaItemCommand)
export class AddAgendaItemHandler implements ICommandHandler<AddAgendaItemCommand, CommandResult> {
  constructor(private readonly aggregates: AggregateStore) {}

  execute({ input, ctx }: AddAgendaItemCommand) {
    const itemId = newEntityId('agenda-item', input.itemId, ctx);
    return executeOnMeeting(this.aggregates, input.meetingId, 'AddAgendaItem', ctx, () => ({
      type: 'AddAgendaItem',
      data: { itemId, title: input.title, speaker: input.speaker ?? null, at: ctx.occurredAt },
    }));
  }
}
