import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ArrayMaxSize, IsUUID, Matches } from 'class-validator';
import { RecommendationState } from '@gov/domain';
import { AggregateStore, CommandResult, aggregate } from '../common/aggregate-store';
import { requireSecretaryOf } from '../common/authorization';
import { GovernanceCommand } from '../common/command';
import { RecommendationRefPayload } from '../common/payloads';

export class AssignResponsibilityPayload extends RecommendationRefPayload {
  @IsUUID() leadUnitId: string;
  @IsUUID('all', { each: true }) @ArrayMaxSize(20) coExecutorUnitIds: string[];
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'dueDate must be YYYY-MM-DD' })
  dueDate: string;
}

export class AssignResponsibilityCommand extends GovernanceCommand<AssignResponsibilityPayload> {
  static readonly Payload = AssignResponsibilityPayload;
}

@CommandHandler(AssignResponsibilityCommand)
export class AssignResponsibilityHandler implements ICommandHandler<AssignResponsibilityCommand, CommandResult> {
  constructor(private readonly aggregates: AggregateStore) {}

  execute({ payload, ctx }: AssignResponsibilityCommand) {
    const authorize = (recommendation: RecommendationState) => requireSecretaryOf(ctx.actor, recommendation.bodyId);
    return this.aggregates.execute(aggregate.recommendation, payload.recommendationId, ctx, authorize, {
      type: 'AssignResponsibility',
      data: async () => {
        const ids = [...new Set([payload.leadUnitId, ...payload.coExecutorUnitIds])];
        const units = await Promise.all(
          ids.map(async (id) => ({ id, status: (await this.aggregates.load(aggregate.unit, id)).state.status })),
        );
        return {
          leadUnitId: payload.leadUnitId,
          coExecutorUnitIds: payload.coExecutorUnitIds,
          units,
          dueDate: payload.dueDate,
          at: ctx.occurredAt,
        };
      },
    });
  }
}
