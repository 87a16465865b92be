import { Inject } from '@nestjs/common';
import { Context, Field, ID, Int, ObjectType, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Actor, actorFor, guestsFor, seesPersonNames } from '@gov/governance';
import { MeetingViewQueries, TimelineEntryView, TimelineQueries } from '@gov/read-model';
import { APP_CONFIG, AppConfig } from '../config';
import { MemberRoleEnum } from './enums';
import { GqlContext } from './context';
import { Body, Guest, Meeting, MeetingConnection, Recommendation, Unit } from './types';
import { TimelineActor, TimelineAssigned, TimelineEntry } from './timeline.types';
import { isAnnouncement, publishedOnly } from '../read-access/visibility';

@ObjectType()
export class Attendee {
  @Field(() => ID) memberId: string;
  @Field() fullName: string;
  @Field(() => MemberRoleEnum, { description: 'The role the member had when the meeting was held' }) role: string;
}

@ObjectType({ description: 'Who attended a held meeting: the body as it stood then, and the guests' })
export class Attendance {
  @Field(() => [Attendee]) present: Attendee[];
  @Field(() => [Attendee], { description: 'Members of the body at the time who did not attend' }) absent: Attendee[];
  @Field(() => [Guest]) guests: Guest[];
  @Field() quorum: boolean;
}

const unitsOf = async (ids: string[], ctx: GqlContext) =>
  (await ctx.loaders.units.loadMany(ids)).filter((u): u is Unit => !!u && !(u instanceof Error));

@Resolver(() => Recommendation)
export class RecommendationTimelineResolver {
  constructor(
    private readonly timeline: TimelineQueries,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @ResolveField('timeline', () => [TimelineEntry], {
    description: 'What happened, in log order, with who did it; in asOf answers, up to that moment. Anonymous readers get no comments.',
  })
  timelineOf(@Parent() r: Recommendation & { asOf?: Parameters<TimelineQueries['forRecommendation']>[1] }, @Context() ctx: GqlContext) {
    const anonymous = publishedOnly(ctx.actor);
    const names = seesPersonNames(ctx.actor, this.config.publicShowPersonNames);
    return this.timeline
      .forRecommendation(r.id, r.asOf)
      .filter((e) => !(anonymous && e.kind === 'COMMENT'))
      .map((e) => toEntry(e, ctx.actor, names));
  }
}

/** The API's entry: the actor carries the unit acted for, and the body for a secretary's action. */
function toEntry(e: TimelineEntryView, reader: Actor, names: boolean) {
  const { unitId, actor, ...rest } = e;
  const bodyId = actor?.role?.startsWith('secretary:') ? actor.role.slice('secretary:'.length) : null;
  return { ...rest, actor: actor && { ...actorFor(actor, reader, names), unitId, bodyId } };
}

@Resolver(() => TimelineActor)
export class TimelineActorResolver {
  @ResolveField(() => Unit, { nullable: true, description: 'The unit the actor acted for, on unit actions' })
  unit(@Parent() a: TimelineActor, @Context() ctx: GqlContext) {
    return a.unitId ? ctx.loaders.units.load(a.unitId) : null;
  }
  @ResolveField(() => Body, { nullable: true, description: "The body acted for, on a secretary's actions" })
  body(@Parent() a: TimelineActor & { bodyId?: string | null }, @Context() ctx: GqlContext) {
    return a.bodyId ? ctx.loaders.bodies.load(a.bodyId) : null;
  }
}

@Resolver(() => TimelineAssigned)
export class TimelineAssignedResolver {
  @ResolveField(() => Unit, { nullable: true }) leadUnit(@Parent() a: TimelineAssigned, @Context() ctx: GqlContext) {
    return ctx.loaders.units.load(a.leadUnitId);
  }
  @ResolveField(() => [Unit]) coExecutorUnits(@Parent() a: TimelineAssigned, @Context() ctx: GqlContext) {
    return unitsOf(a.coExecutorUnitIds, ctx);
  }
}

@Resolver(() => Meeting)
export class MeetingAttendanceResolver {
  constructor(
    private readonly views: MeetingViewQueries,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @ResolveField(() => Attendance, { nullable: true, description: 'Null until the meeting is held' })
  attendance(@Parent() m: Meeting, @Context() ctx: GqlContext): Attendance | null {
    if (m.heldAt === null || m.quorum === null || isAnnouncement(m)) return null;
    return { ...this.views.attendance(m.id), guests: this.guests(m, ctx), quorum: m.quorum };
  }

  @ResolveField('guests', () => [Guest]) guests(@Parent() m: Meeting, @Context() ctx: GqlContext) {
    return guestsFor(m.guests, seesPersonNames(ctx.actor, this.config.publicShowPersonNames));
  }
}

@Resolver(() => MeetingConnection)
export class MeetingConnectionResolver {
  @ResolveField(() => Int, { description: 'Every meeting the filter matches, across pages' })
  totalCount(@Parent() connection: MeetingConnection & { count?: () => number }) {
    return connection.count?.() ?? connection.nodes.length;
  }
}

export const PEOPLE_VIEW_RESOLVERS = [
  RecommendationTimelineResolver,
  TimelineActorResolver,
  TimelineAssignedResolver,
  MeetingAttendanceResolver,
  MeetingConnectionResolver,
];
