import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { LIMITS, ORIGINS, Origin, PRIORITIES, Priority, meetingFact } from '@gov/domain';
import { AggregateStore, CommandResult, aggregate, newEntityId } from '../common/aggregate-store';
import { requireSecretaryOf } from '../common/authorization';
import { GovernanceCommand } from '../common/command';
import { CommandPayload, MultilingualTextPayload, ValidText } from '../common/payloads';

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
    const meeting = (await this.aggregates.load(aggregate.meeting, payload.meetingId)).state;
    const bodyId = meeting.bodyId;
    return this.aggregates.execute(aggregate.recommendation, recommendationId, ctx, () => requireSecretaryOf(ctx.actor, bodyId), {
      type: 'AdoptRecommendation',
      data: () => ({
        recommendationId,
        bodyId: bodyId ?? '',
        meeting: meeting.status === 'NONE' ? null : meetingFact(meeting, payload.meetingId),
        agendaItemId: payload.agendaItemId,
        number: payload.number,
        text: payload.text,
        origin: payload.origin,
        priority: payload.priority,
        at: ctx.occurredAt,
      }),
    });
  }
}
