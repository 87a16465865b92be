import { Field, ID, InputType } from '@nestjs/graphql';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { ORIGINS, Origin, PRIORITIES, Priority, meetingDecider, meetingFact, streamIds } from '@gov/domain';
import { AggregateStore, CommandResult, newEntityId } from '../common/aggregate-store';
import { requireSecretaryOf } from '../common/authorization';
import { GovernanceCommand } from '../common/command';
import { CommandInput, MultilingualTextInput, OriginEnum, PriorityEnum, ValidText } from '../common/inputs';
import { executeOnRecommendation } from './recommendation-use-case';

@InputType()
export class AdoptRecommendationInput extends CommandInput {
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() recommendationId?: string;
  @Field(() => ID) @IsUUID() meetingId: string;
  @Field(() => ID) @IsUUID() agendaItemId: string;
  @Field({ description: 'Number within the meeting, e.g. "1" or "2.3"' }) @IsString() @MaxLength(50) number: string;
  @Field(() => MultilingualTextInput) @ValidText() text: MultilingualTextInput;
  @Field(() => OriginEnum, { defaultValue: 'BODY' }) @IsIn(ORIGINS) origin: Origin;
  @Field(() => PriorityEnum, { defaultValue: 'NORMAL' }) @IsIn(PRIORITIES) priority: Priority;
}

export class AdoptRecommendationCommand extends GovernanceCommand<AdoptRecommendationInput> {}

@CommandHandler(AdoptRecommendationCommand)
export class AdoptRecommendationHandler implements ICommandHandler<AdoptRecommendationCommand, CommandResult> {
  constructor(private readonly aggregates: AggregateStore) {}

  async execute({ input, ctx }: AdoptRecommendationCommand) {
    const recommendationId = newEntityId('recommendation', input.recommendationId, ctx);
    const meeting = (await this.aggregates.load(meetingDecider, streamIds.meeting(input.meetingId))).state;
    const bodyId = meeting.bodyId;
    return executeOnRecommendation(
      this.aggregates,
      recommendationId,
      'AdoptRecommendation',
      ctx,
      () => requireSecretaryOf(ctx.actor, bodyId),
      () => ({
        type: 'AdoptRecommendation',
        data: {
          recommendationId,
          bodyId: bodyId ?? '',
          meeting: meeting.status === 'NONE' ? null : meetingFact(meeting, input.meetingId),
          agendaItemId: input.agendaItemId,
          number: input.number,
          text: input.text,
          origin: input.origin,
          priority: input.priority,
          at: ctx.occurredAt,
        },
      }),
    );
  }
}
