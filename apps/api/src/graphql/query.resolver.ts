import { Args, Context, ID, Info, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { DateTime } from './date-time.scalar';
import { GraphQLResolveInfo } from 'graphql';
import { Inject } from '@nestjs/common';
import { EventStore, RecordedEvent, parseBigInt } from '@gov/event-store';
import { byRecommendationNumber, readGovernanceMetadata, streamIds } from '@gov/domain';
import { EVENT_STORE, GovernanceError, seesPersonNames, speakerFor } from '@gov/governance';
import { MAX_PAGE, MeetingQueries, OrganisationQueries, Projector, RecommendationQueries } from '@gov/read-model';
import { APP_CONFIG, AppConfig } from '../config';
import { GqlContext } from './context';
import {
  AgendaItem,
  Body,
  ChangeFeed,
  HistoryEvent,
  Meeting,
  MeetingConnection,
  MeetingFilterInput,
  Member,
  Recommendation,
  RecommendationConnection,
  RecommendationFilterInput,
  RecommendationOrderEnum,
  RecommendationStatsGroup,
  StatsGroupByEnum,
  Unit,
} from './types';
import { selectedFields } from './selection';
import { isAnnouncement, publishedOnly, requireReader, visibleMeeting } from '../read-access/visibility';
import { filterOf } from '../read-access/recommendation-filter';

const notFound = (what: string) => new GovernanceError('NOT_FOUND', `${what} was not found`);
const MAX_HISTORY = 10_000;

export function toHistoryEvent(e: RecordedEvent): HistoryEvent {
  const m = readGovernanceMetadata(e.metadata);
  return {
    position: e.position.toString(),
    streamId: e.streamId,
    revision: e.revision.toString(),
    type: e.type,
    data: JSON.stringify(e.data),
    actor: m.actor ? { sub: m.actor.sub, name: m.actor.name, role: m.actor.role } : null,
    occurredAt: m.occurredAt ?? null,
    recordedAt: e.recordedAt,
    commandId: m.commandId ?? null,
    correlationId: m.correlationId ?? null,
    hash: e.metadata.hash,
  };
}

@Resolver()
export class QueryResolver {
  constructor(
    private readonly organisation: OrganisationQueries,
    private readonly meetingQueries: MeetingQueries,
    private readonly recommendationQueries: RecommendationQueries,
    private readonly projector: Projector,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Read-your-writes: waits (bounded) until the read model includes a position the client wrote at. */
  private async atLeast(minPosition: string | undefined) {
    if (minPosition) await this.projector.waitFor(parseBigInt('minPosition', minPosition), this.config.readYourWritesTimeoutMs);
  }

  // Units, bodies and statistics over published recommendations are public (docs/architecture.md, "Who may read what").
  @Query(() => [Unit]) units() {
    return this.organisation.units();
  }

  @Query(() => [Body]) bodies() {
    return this.organisation.bodies();
  }

  @Query(() => Body) body(@Args('id', { type: () => ID }) id: string) {
    return this.organisation.bodies([id])[0] ?? Promise.reject(notFound(`body ${id}`));
  }

  @Query(() => Meeting) async meeting(
    @Args('id', { type: () => ID }) id: string,
    @Context() ctx: GqlContext,
    @Args('minPosition', { nullable: true }) minPosition?: string,
  ) {
    await this.atLeast(minPosition);
    return visibleMeeting(ctx.actor, this.meetingQueries.meeting(id)) ?? Promise.reject(notFound(`meeting ${id}`));
  }

  @Query(() => [Meeting], {
    description:
      'Meetings to come, soonest first, cancelled ones included. Anonymous readers get published meetings and the announcements of public reports and round tables',
  })
  upcomingMeetings(
    @Context() ctx: GqlContext,
    @Args('bodyId', { type: () => ID, nullable: true }) bodyId?: string,
    @Args('first', { type: () => Int, nullable: true, description: `At most ${MAX_PAGE}` }) first = 20,
  ) {
    const anonymous = publishedOnly(ctx.actor);
    return this.meetingQueries
      .upcomingMeetings({ bodyId, from: new Date().toISOString(), publicOnly: anonymous }, Math.min(Math.max(first, 0), MAX_PAGE))
      .map((m) => visibleMeeting(ctx.actor, m))
      .filter((m) => m !== null);
  }

  @Query(() => MeetingConnection) async meetings(
    @Context() ctx: GqlContext,
    @Args('filter', { nullable: true }) filter?: MeetingFilterInput,
    @Args('first', { type: () => Int, nullable: true }) first = 50,
    @Args('after', { nullable: true }) after?: string,
  ) {
    const page = this.meetingQueries.meetings(
      { ...filter, from: filter?.from?.toISOString(), to: filter?.to?.toISOString(), publishedOnly: publishedOnly(ctx.actor) },
      Math.min(Math.max(first, 0), MAX_PAGE),
      after,
    );
    const last = page.nodes[page.nodes.length - 1];
    return {
      nodes: page.nodes,
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: last ? this.meetingQueries.meetingCursor(last) : null },
      count: page.totalCount,
    };
  }

  @Query(() => Recommendation) async recommendation(
    @Args('id', { type: () => ID }) id: string,
    @Context() ctx: GqlContext,
    @Args('asOf', { type: () => DateTime, nullable: true }) asOf?: Date,
    @Args('minPosition', { nullable: true }) minPosition?: string,
  ) {
    await this.atLeast(minPosition);
    const view = this.recommendationQueries.byId(id, new Date(), asOf);
    if (!view || (publishedOnly(ctx.actor) && !view.published)) throw notFound(`recommendation ${id}`);
    return view;
  }

  @Query(() => RecommendationConnection) async recommendations(
    @Context() ctx: GqlContext,
    @Args('filter', { nullable: true }) filter?: RecommendationFilterInput,
    @Args('orderBy', { type: () => RecommendationOrderEnum, nullable: true }) orderBy?: RecommendationOrderEnum,
    @Args('first', { type: () => Int, nullable: true, description: `At most ${MAX_PAGE}` }) first?: number,
    @Args('after', { nullable: true }) after?: string,
    @Args('asOf', { type: () => DateTime, nullable: true, description: 'Answer as things stood then (log time)' }) asOf?: Date,
    @Args('minPosition', { nullable: true }) minPosition?: string,
  ): Promise<RecommendationConnection> {
    await this.atLeast(minPosition);
    const page = this.recommendationQueries.list({ filter: filterOf(filter, ctx.actor), orderBy, first, after, asOf, now: new Date() });
    return {
      edges: page.nodes,
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.nodes.at(-1)?.cursor ?? null },
      count: page.totalCount,
    };
  }

  @Query(() => [RecommendationStatsGroup]) recommendationStats(
    @Context() ctx: GqlContext,
    @Info() info: GraphQLResolveInfo,
    @Args('filter', { nullable: true }) filter?: RecommendationFilterInput,
    @Args('groupBy', { type: () => StatsGroupByEnum, nullable: true }) groupBy?: StatsGroupByEnum,
    @Args('asOf', { type: () => DateTime, nullable: true }) asOf?: Date,
  ) {
    // Anonymous readers' filter carries publishedOnly: counted over published recommendations only.
    const fields = selectedFields(info);
    const include = { overdue: fields.has('overdue'), medians: fields.has('medianDaysToClose') };
    return this.recommendationQueries.stats({ filter: filterOf(filter, ctx.actor), groupBy, asOf, now: new Date(), include });
  }

  @Query(() => [HistoryEvent], { description: 'Every event of one stream, e.g. recommendation-<id>, with who and when' })
  async history(@Args('streamId') streamId: string, @Context() ctx: GqlContext) {
    requireReader(ctx.actor);
    if (!/^(unit|body|meeting|recommendation|notification)-[0-9a-f-]{36}$/i.test(streamId))
      throw new GovernanceError('BAD_USER_INPUT', 'streamId must look like recommendation-<uuid>');
    return (await this.events.readStream(streamId, { maxCount: MAX_HISTORY })).map(toHistoryEvent);
  }

  @Query(() => ChangeFeed, { description: 'The durable change feed: resume with the endCursor you last saw' })
  async changes(
    @Context() ctx: GqlContext,
    @Args('after', { nullable: true, description: 'A log position (decimal); omit to start at the beginning' }) after?: string,
    @Args('first', { type: () => Int, nullable: true }) first = 100,
  ): Promise<ChangeFeed> {
    requireReader(ctx.actor);
    const limit = Math.min(Math.max(first, 1), 1000);
    const from = after ? parseBigInt('after', after) : 0n;
    const events = await this.events.readAll({ after: from, maxCount: limit + 1 });
    const page = events.slice(0, limit);
    return {
      events: page.map(toHistoryEvent),
      endCursor: (page.at(-1)?.position ?? from).toString(),
      hasMore: events.length > limit,
    };
  }
}

@Resolver(() => RecommendationConnection)
export class RecommendationConnectionResolver {
  @ResolveField(() => Int) totalCount(@Parent() connection: RecommendationConnection) {
    return connection.count?.() ?? connection.edges.length;
  }
}

@Resolver(() => Recommendation)
export class RecommendationFieldsResolver {
  constructor(@Inject(EVENT_STORE) private readonly events: EventStore) {}

  @ResolveField(() => Body, { nullable: true }) body(@Parent() r: Recommendation, @Context() ctx: GqlContext) {
    return ctx.loaders.bodies.load(r.bodyId);
  }
  @ResolveField(() => Meeting, { nullable: true }) meeting(@Parent() r: Recommendation, @Context() ctx: GqlContext) {
    return ctx.loaders.meetings.load(r.meetingId);
  }
  @ResolveField(() => Unit, { nullable: true }) leadUnit(@Parent() r: Recommendation, @Context() ctx: GqlContext) {
    return r.leadUnitId ? ctx.loaders.units.load(r.leadUnitId) : null;
  }
  @ResolveField(() => [Unit]) async coExecutorUnits(@Parent() r: Recommendation, @Context() ctx: GqlContext) {
    return (await ctx.loaders.units.loadMany(r.coExecutorUnitIds)).filter((u): u is Unit => !!u && !(u instanceof Error));
  }
  @ResolveField(() => [HistoryEvent]) async history(@Parent() r: Recommendation, @Context() ctx: GqlContext) {
    requireReader(ctx.actor);
    return (await this.events.readStream(streamIds.recommendation(r.id), { maxCount: MAX_HISTORY })).map(toHistoryEvent);
  }
}

@Resolver(() => Meeting)
export class MeetingFieldsResolver {
  constructor(
    private readonly meetings: MeetingQueries,
    private readonly recommendations: RecommendationQueries,
  ) {}

  @ResolveField(() => Body, { nullable: true }) body(@Parent() m: Meeting, @Context() ctx: GqlContext) {
    return ctx.loaders.bodies.load(m.bodyId);
  }
  @ResolveField(() => [AgendaItem], { description: 'Empty on an announcement' }) agenda(@Parent() m: Meeting) {
    return isAnnouncement(m) ? [] : this.meetings.agenda(m.id);
  }
  @ResolveField('recommendations', () => [Recommendation], { description: 'By number, as the minutes list them' }) meetingRecommendations(
    @Parent() m: Meeting,
    @Context() ctx: GqlContext,
  ) {
    if (isAnnouncement(m)) return [];
    return this.recommendations
      .list({
        filter: { meetingIds: [m.id], publishedOnly: publishedOnly(ctx.actor) },
        orderBy: 'ADOPTED_AT_ASC',
        first: MAX_PAGE,
        now: new Date(),
      })
      .nodes.map((n) => n.node)
      .sort(byRecommendationNumber);
  }
}

@Resolver(() => AgendaItem)
export class AgendaItemFieldsResolver {
  constructor(
    private readonly recommendations: RecommendationQueries,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @ResolveField('speaker', () => String, {
    nullable: true,
    description: 'Free text, often a personal name: withheld from anonymous readers unless PUBLIC_SHOW_PERSON_NAMES',
  })
  speaker(@Parent() item: AgendaItem, @Context() ctx: GqlContext): string | null {
    return speakerFor(item.speaker, seesPersonNames(ctx.actor, this.config.publicShowPersonNames));
  }

  @ResolveField('recommendations', () => [Recommendation], {
    description: 'For a report-back item: the covered recommendations as they stood at its frozen position',
  })
  reportedRecommendations(@Parent() item: AgendaItem, @Context() ctx: GqlContext) {
    if (!item.reportBack) return [];
    return this.recommendations
      .list({
        filter: { meetingIds: item.reportBack.coversMeetingIds, publishedOnly: publishedOnly(ctx.actor) },
        orderBy: 'ADOPTED_AT_ASC',
        first: MAX_PAGE,
        asOfPosition: BigInt(item.reportBack.asOfPosition),
        now: new Date(),
      })
      .nodes.map((n) => n.node)
      .sort((a, b) => String(a.adoptedAt).localeCompare(String(b.adoptedAt)) || byRecommendationNumber(a, b));
  }
}

@Resolver(() => Body)
export class BodyFieldsResolver {
  constructor(private readonly organisation: OrganisationQueries) {}

  @ResolveField(() => [Member]) members(@Parent() b: Body, @Context() ctx: GqlContext) {
    const members = this.organisation.members(b.id);
    // Anonymous readers see who sits on the body (name and role), nothing more about them.
    return publishedOnly(ctx.actor) ? members.map((m) => ({ ...m, affiliation: null, appointedAt: null })) : members;
  }
  @ResolveField(() => Unit, { nullable: true }) hostUnit(@Parent() b: Body, @Context() ctx: GqlContext) {
    return ctx.loaders.units.load(b.hostUnitId);
  }
}

@Resolver(() => Unit)
export class UnitFieldsResolver {
  @ResolveField(() => Unit, { nullable: true }) parentUnit(@Parent() u: Unit, @Context() ctx: GqlContext) {
    return u.parentUnitId ? ctx.loaders.units.load(u.parentUnitId) : null;
  }
}
