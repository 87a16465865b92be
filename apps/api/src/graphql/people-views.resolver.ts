import { Context, Field, ID, Int, ObjectType, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { MeetingViewQueries, TimelineEntryView, TimelineQueries } from '@gov/read-model';
import { MemberRoleEnum } from './enums';
import { GqlContext } from './context';
import { Guest, Meeting, MeetingConnection, Recommendation, Unit } from './types';
import { TimelineActor, TimelineAssigned, TimelineEntry } from './timeline.types';
import { isAnnouncement, publishedOnly } from './visibility';

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
  constructor(private readonly timeline: TimelineQueries) {}

  @ResolveField('timeline', () => [TimelineEntry], {
    description: 'What happened, in log order, with who did it; in asOf answers, up to that moment. Anonymous readers get no comments.',
  })
  timelineOf(@Parent() r: Recommendation & { asOf?: Parameters<TimelineQueries['forRecommendation']>[1] }, @Context() ctx: GqlContext) {
    const anonymous = publishedOnly(ctx.actor);
    return this.timeline
      .forRecommendation(r.id, r.asOf)
      .filter((e) => !(anonymous && e.kind === 'COMMENT'))
      .map((e) => toEntry(e, anonymous));
  }
}

/** The API's entry: the actor carries the unit acted for; anonymous readers do not see subjects. */
function toEntry(e: TimelineEntryView, anonymous: boolean) {
  const { unitId, actor, ...rest } = e;
  return { ...rest, actor: actor && { ...actor, sub: anonymous ? null : actor.sub, unitId } };
}

@Resolver(() => TimelineActor)
export class TimelineActorResolver {
  @ResolveField(() => Unit, { nullable: true, description: 'The unit the actor acted for, on unit actions' })
  unit(@Parent() a: TimelineActor, @Context() ctx: GqlContext) {
    return a.unitId ? ctx.loaders.units.load(a.unitId) : null;
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
  constructor(private readonly views: MeetingViewQueries) {}

  @ResolveField(() => Attendance, { nullable: true, description: 'Null until the meeting is held' })
  attendance(@Parent() m: Meeting): Attendance | null {
    if (m.heldAt === null || m.quorum === null || isAnnouncement(m)) return null;
    return { ...this.views.attendance(m.id), guests: m.guests, quorum: m.quorum };
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
