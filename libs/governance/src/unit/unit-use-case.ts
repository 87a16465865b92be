import { UnitCommand, UnitState, streamIds, unitDecider } from '@gov/domain';
import { AggregateStore } from '../common/aggregate-store';
import { CommandContext } from '../common/actor';
import { requireAdmin } from '../common/authorization';

/** Units are the administrator's to manage. */
export function executeOnUnit(
  aggregates: AggregateStore,
  unitId: string,
  commandType: UnitCommand['type'],
  ctx: CommandContext,
  toDomain: (state: UnitState) => UnitCommand | Promise<UnitCommand>,
) {
  return aggregates.execute({
    decider: unitDecider,
    streamId: streamIds.unit(unitId),
    commandType,
    ctx,
    authorize: () => requireAdmin(ctx.actor),
    toDomain,
  });
}
