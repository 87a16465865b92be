import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';
import { AggregateStore, CommandResult } from '../common/aggregate-store';
import { GovernanceCommand } from '../common/command';
import { MAX_TEXT, RecommendationRefPayload } from '../common/payloads';
import { actAsSecretary } from './recommendation-use-case';

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
    return actAsSecretary(this.aggregates, payload, ctx, 'DecideDeadlineExtension', () => ({
      type: 'DecideDeadlineExtension',
      data: { approve: payload.approve, reason: payload.reason ?? null, at: ctx.occurredAt },
    }));
  }
}
