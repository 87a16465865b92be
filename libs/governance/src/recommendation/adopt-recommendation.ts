import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { LIMITS, ORIGINS, Origin, PRIORITIES, Priority, meetingDecider, meetingFact, streamIds } from '@gov/domain';
import { AggregateStore, CommandResult, newEntityId } from '../common/aggregate-store';
import { requireSecretaryOf } from '../common/authorization';
import { GovernanceCommand } from '../common/command';
import { CommandPayload, MultilingualTextPayload, ValidText } from '../common/payloads';
import { executeOnRecommendation } from './recommendation-use-case';

export class AdoptRecommendationPayload extends CommandPayload {
  @IsOptional() @IsUUID() recommendationId?: string;
  @IsUUID() meetingId: string;
  @IsUUID() agendaItemId: string;
  @IsString() @MaxLength(LIMITS.recommendationNumber) number: string;
  @ValidText() text: MultilingualTextPayload;
  @IsIn(ORIGINS) origin: Origin;
  @IsIn(PRIORITIES) priority: Priority;
}

export class AdoptRecommendationCommand extends GovernanceCommand<AdoptRecommendationPayload> {
  static readonly Payload = AdoptRecommendationPayload;
}

@CommandHandler(AdoptRecommendationCommand)
export class AdoptRecommendationHandler implements ICommandHandler<AdoptRecommendationCommand, CommandResult> {
  constructor(private readonly aggregates: AggregateStore) {}

  async execute({ payload, ctx }: AdoptRecommendationCommand) {
    const recommendationId = newEntityId('recommendation', payload.recommendationId, ctx);
    const meeting = (await this.aggregates.load(meetingDecider, streamIds.meeting(payload.meetingId))).state;
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
          meeting: meeting.status === 'NONE' ? null : meetingFact(meeting, payload.meetingId),
          agendaItemId: payload.agendaItemId,
          number: payload.number,
          text: payload.text,
          origin: payload.origin,
          priority: payload.priority,
          at: ctx.occurredAt,
        },
      }),
    );
  }
}
