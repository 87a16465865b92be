import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ArrayMaxSize, IsUUID, Matches } from 'class-validator';
import { streamIds, unitDecider } from '@gov/domain';
import { AggregateStore, CommandResult } from '../common/aggregate-store';
import { GovernanceCommand } from '../common/command';
import { RecommendationRefPayload } from '../common/payloads';
import { actAsSecretary } from './recommendation-use-case';

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
    return actAsSecretary(this.aggregates, payload, ctx, 'AssignResponsibility', async () => {
      const ids = [...new Set([payload.leadUnitId, ...payload.coExecutorUnitIds])];
      const units = await Promise.all(
        ids.map(async (id) => ({ id, status: (await this.aggregates.load(unitDecider, streamIds.unit(id))).state.status })),
      );
      return {
        type: 'AssignResponsibility',
        data: {
          leadUnitId: payload.leadUnitId,
          coExecutorUnitIds: payload.coExecutorUnitIds,
          units,
          dueDate: payload.dueDate,
          at: ctx.occurredAt,
        },
      };
    });
  }
}
