import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AggregateStore, CommandResult } from '../common/aggregate-store';
import { GovernanceCommand } from '../common/command';
import { RecommendationReasonPayload } from '../common/payloads';
import { actAsSecretary } from './recommendation-use-case';

export class CloseRecommendationNotImplementedCommand extends GovernanceCommand<RecommendationReasonPayload> {
  static readonly Payload = RecommendationReasonPayload;
}

@CommandHandler(CloseRecommendationNotImplementedCommand)
export class CloseRecommendationNotImplementedHandler implements ICommandHandler<CloseRecommendationNotImplementedCommand, CommandResult> {
  constructor(private readonly aggregates: AggregateStore) {}

  execute({ payload, ctx }: CloseRecommendationNotImplementedCommand) {
    return actAsSecretary(this.aggregates, payload, ctx, 'CloseRecommendationNotImplemented', () => ({
      type: 'CloseRecommendationNotImplemented',
      data: { reason: payload.reason, at: ctx.occurredAt },
    }));
  }
}
