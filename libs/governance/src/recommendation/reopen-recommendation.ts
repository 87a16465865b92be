import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AggregateStore, CommandResult } from '../common/aggregate-store';
import { GovernanceCommand } from '../common/command';
import { RecommendationReasonPayload } from '../common/payloads';
import { actAsSecretary } from './recommendation-use-case';

export class ReopenRecommendationCommand extends GovernanceCommand<RecommendationReasonPayload> {
  static readonly Payload = RecommendationReasonPayload;
}

@CommandHandler(ReopenRecommendationCommand)
export class ReopenRecommendationHandler implements ICommandHandler<ReopenRecommendationCommand, CommandResult> {
  constructor(private readonly aggregates: AggregateStore) {}

  execute({ payload, ctx }: ReopenRecommendationCommand) {
    return actAsSecretary(this.aggregates, payload, ctx, 'ReopenRecommendation', () => ({
      type: 'ReopenRecommendation',
      data: { reason: payload.reason, at: ctx.occurredAt },
    }));
  }
}
