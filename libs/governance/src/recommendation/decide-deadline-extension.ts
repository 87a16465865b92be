import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';
import { AggregateStore, CommandResult, aggregate } from '../common/aggregate-store';
import { requireSecretaryOf } from '../common/authorization';
import { GovernanceCommand } from '../common/command';
import { MAX_TEXT, RecommendationRefPayload } from '../common/payloads';

export class DecideDeadlineExtensionPayload extends RecommendationRefPayload {
  @IsBoolean() approve: boolean;
  @IsOptional() @IsString() @MaxLength(MAX_TEXT) reason?: string;
}

export class DecideDeadlineExtensionCommand extends GovernanceCommand<DecideDeadlineExtensionPayload> {
  static readonly Payload = DecideDeadlineExtensionPayload;
}

@CommandHandler(DecideDeadlineExtensionCommand)
export class DecideDeadlineExtensionHandler implements ICommandHandler<DecideDeadlineExtensionCommand, CommandResult> {
  constructor(private readonly aggregates: AggregateStore) {}

  execute({ payload, ctx }: DecideDeadlineExtensionCommand) {
    return this.aggregates.execute(
      aggregate.recommendation,
      payload.recommendationId,
      ctx,
      (recommendation) => requireSecretaryOf(ctx.actor, recommendation.bodyId),
      {
        type: 'DecideDeadlineExtension',
        data: () => ({ approve: payload.approve, reason: payload.reason ?? null, at: ctx.occurredAt }),
      },
    );
  }
}
