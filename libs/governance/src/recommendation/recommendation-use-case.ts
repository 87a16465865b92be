import { RecommendationCommand, RecommendationState, recommendationDecider, streamIds } from '@gov/domain';
import { AggregateStore, CommandResult } from '../common/aggregate-store';
import { CommandContext } from '../common/actor';
import { Grant, requireActingUnit, requireSecretaryOf } from '../common/authorization';
import { RecommendationRefPayload, UnitActionPayload } from '../common/payloads';

export function executeOnRecommendation<G extends Grant>(
  aggregates: AggregateStore,
  recommendationId: string,
  commandType: RecommendationCommand['type'],
  ctx: CommandContext,
  authorize: (state: RecommendationState) => G,
  toDomain: (state: RecommendationState, grant: G) => RecommendationCommand | Promise<RecommendationCommand>,
): Promise<CommandResult> {
  return aggregates.execute({
    decider: recommendationDecider,
    streamId: streamIds.recommendation(recommendationId),
    commandType,
    ctx,
    authorize,
    toDomain,
  });
}

/** The body's secretary decides on its recommendations. */
export function actAsSecretary(
  aggregates: AggregateStore,
  payload: RecommendationRefPayload,
  ctx: CommandContext,
  commandType: RecommendationCommand['type'],
  toDomain: (state: RecommendationState) => RecommendationCommand | Promise<RecommendationCommand>,
) {
  return executeOnRecommendation(
    aggregates,
    payload.recommendationId,
    commandType,
    ctx,
    (state) => requireSecretaryOf(ctx.actor, state.bodyId),
    toDomain,
  );
}

/** A unit acts for itself; the domain checks it is lead or co-executor. */
export function actAsUnit(
  aggregates: AggregateStore,
  payload: UnitActionPayload,
  ctx: CommandContext,
  commandType: RecommendationCommand['type'],
  toDomain: (unitId: string) => RecommendationCommand | Promise<RecommendationCommand>,
) {
  return executeOnRecommendation(
    aggregates,
    payload.recommendationId,
    commandType,
    ctx,
    () => requireActingUnit(ctx.actor, payload.actingUnitId),
    (_state, unit) => toDomain(unit.unitId),
  );
}
