import { Field, ID, InputType } from '@nestjs/graphql';
import { IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { RecommendationCommand, RecommendationState, recommendationDecider, streamIds } from '@gov/domain';
import { AggregateStore, CommandResult } from '../common/aggregate-store';
import { CommandContext } from '../common/actor';
import { RoleUsed, requireActingUnit, requireSecretaryOf } from '../common/authorization';
import { CommandInput, MAX_TEXT } from '../common/inputs';

@InputType({ isAbstract: true })
export abstract class RecommendationInput extends CommandInput {
  @Field(() => ID) @IsUUID() recommendationId: string;
}

/** Input of the commands a police unit sends about a recommendation it is responsible for. */
@InputType({ isAbstract: true })
export abstract class UnitActionInput extends RecommendationInput {
  @Field(() => ID, { nullable: true, description: 'The unit you act for; needed only when your token carries several' })
  @IsOptional()
  @IsUUID()
  actingUnitId?: string;
}

@InputType()
export class RecommendationReasonInput extends RecommendationInput {
  @Field() @IsString() @MaxLength(MAX_TEXT) reason: string;
}

@InputType()
export class RecommendationNoteInput extends RecommendationInput {
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(MAX_TEXT) note?: string;
}

export function executeOnRecommendation(
  aggregates: AggregateStore,
  recommendationId: string,
  commandType: RecommendationCommand['type'],
  ctx: CommandContext,
  authorize: (state: RecommendationState) => RoleUsed,
  toDomain: (state: RecommendationState) => RecommendationCommand | Promise<RecommendationCommand>,
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
  input: RecommendationInput,
  ctx: CommandContext,
  commandType: RecommendationCommand['type'],
  toDomain: (state: RecommendationState) => RecommendationCommand | Promise<RecommendationCommand>,
) {
  return executeOnRecommendation(
    aggregates,
    input.recommendationId,
    commandType,
    ctx,
    (state) => requireSecretaryOf(ctx.actor, state.bodyId),
    toDomain,
  );
}

/** A unit acts for itself; the domain checks it is lead or co-executor. */
export function actAsUnit(
  aggregates: AggregateStore,
  input: UnitActionInput,
  ctx: CommandContext,
  commandType: RecommendationCommand['type'],
  toDomain: (unitId: string) => RecommendationCommand | Promise<RecommendationCommand>,
) {
  let unitId = '';
  return executeOnRecommendation(
    aggregates,
    input.recommendationId,
    commandType,
    ctx,
    () => {
      const acting = requireActingUnit(ctx.actor, input.actingUnitId);
      unitId = acting.unitId;
      return acting.role;
    },
    () => toDomain(unitId),
  );
}
