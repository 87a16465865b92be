import { BodyCommand, BodyState, bodyDecider, streamIds } from '@gov/domain';
import { AggregateStore } from '../common/aggregate-store';
import { CommandContext } from '../common/actor';
import { Grant } from '../common/authorization';

/** Shared path of the body's use cases: its stream, its decider, one authorization rule each. */
export function executeOnBody(
  aggregates: AggregateStore,
  bodyId: string,
  commandType: BodyCommand['type'],
  ctx: CommandContext,
  authorize: (state: BodyState) => Grant,
  toDomain: (state: BodyState) => BodyCommand | Promise<BodyCommand>,
) {
  return aggregates.execute({ decider: bodyDecider, streamId: streamIds.body(bodyId), commandType, ctx, authorize, toDomain });
}
