import { Args, Context, Field, ID, Int, Mutation, ObjectType, Parent, Query, ResolveField, Resolver, Subscription } from '@nestjs/graphql';
import { Actor, GovernanceError, hasRole, isAnonymous, unauthenticated } from '@gov/governance';
import { parseBigInt } from '@gov/event-store';
import { NotificationQueries, NotificationView, NotifierPort, ReadMarks, recipientsOf } from '@gov/notifications';
import { MeetingView, RecommendationQueries, RecommendationView } from '@gov/read-model';
import { GqlContext } from '../graphql/context';
import { pushIterator } from '../graphql/push-iterator';
import { Meeting, Recommendation } from '../graphql/types';
import { NotificationFeed } from './notification-feed';

const MAX_PAGE = 200;

function signedIn(actor: Actor): void {
  if (isAnonymous(actor)) throw unauthenticated();
}

@ObjectType('Notification', { description: 'A reminder sent to one of your roles (by email and/or in the app)' })
class NotificationType {
  @Field(() => ID) id: string;
  @Field({ description: 'unit:<id> or body:<id>' }) recipient: string;
  @Field({ description: 'Which rule sent it, e.g. DUE_SOON, OVERDUE, VERIFICATION_WAITING' }) rule: string;
  @Field({ description: 'recommendation or meeting' }) subjectKind: string;
  @Field(() => ID) subjectId: string;
  @Field() title: string;
  @Field() dueAt: string;
  @Field() sentAt: string;
  @Field(() => [String], { description: 'Addresses the SMTP server accepted it for' }) emails: string[];
  @Field() read: boolean;
  @Field({ description: 'Cursor: pass as `before` for the next page' }) position: string;
}

@ObjectType('NotificationFailure', { description: 'A delivery the SMTP server has not accepted yet; it is retried with backoff' })
class NotificationFailure {
  @Field(() => ID) id: string;
  @Field() recipient: string;
  @Field() rule: string;
  @Field(() => Int) attempts: number;
  @Field() nextAttemptAt: string;
  @Field(() => String, { nullable: true }) lastError: string | null;
}

@ObjectType('NotificationsChange', {
  description: 'Pushed live: a notification just sent to one of your roles, or (notification null) your unread count as it stands',
})
class NotificationsChange {
  @Field(() => NotificationType, { nullable: true }) notification: NotificationView | null;
  @Field(() => Int) unreadCount: number;
}

@ObjectType('NotificationPage')
class NotificationPage {
  @Field(() => [NotificationType]) items: NotificationType[];
  @Field(() => Int) unreadCount: number;
  @Field() hasMore: boolean;
}

/** The signed-in person's notifications: newest first, paged, with read marks of their own. */
@Resolver()
export class NotificationResolver {
  constructor(
    private readonly queries: NotificationQueries,
    private readonly notifier: NotifierPort,
    private readonly feed: NotificationFeed,
    private readonly readMarks: ReadMarks,
  ) {}

  @Query(() => [NotificationFailure], { description: 'Administrators: deliveries failing and waiting for their next attempt' })
  notificationFailures(@Context() ctx: GqlContext): NotificationFailure[] {
    signedIn(ctx.actor);
    if (!hasRole(ctx.actor, 'admin')) throw new GovernanceError('FORBIDDEN', 'only an administrator may see failing deliveries');
    return this.notifier.failing();
  }

  @Query(() => NotificationPage)
  notifications(
    @Context() ctx: GqlContext,
    @Args('first', { type: () => Int, nullable: true, description: `At most ${MAX_PAGE}` }) first = 50,
    @Args('before', { nullable: true, description: 'position of the last one on the previous page' }) before?: string,
  ): NotificationPage {
    signedIn(ctx.actor);
    if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE)
      throw new GovernanceError('BAD_USER_INPUT', `first must be 1..${MAX_PAGE}`);
    const page = this.queries.list(ctx.actor.sub, ctx.actor.roles, first, before === undefined ? undefined : parseBigInt('before', before));
    return { items: page.items, unreadCount: page.unread, hasMore: page.hasMore };
  }

  @Mutation(() => Int, { description: 'Marks your notifications read; returns how many of the ids were yours' })
  markNotificationsRead(@Context() ctx: GqlContext, @Args('ids', { type: () => [ID] }) ids: string[]): Promise<number> {
    signedIn(ctx.actor);
    if (ids.length > 1000) throw new GovernanceError('BAD_USER_INPUT', 'at most 1000 ids at once');
    return this.readMarks.markRead(ctx.actor, ids);
  }

  @Mutation(() => Int, { description: 'Marks read all your notifications up to a position you have seen; returns how many were unread' })
  markAllNotificationsRead(
    @Context() ctx: GqlContext,
    @Args('through', { description: 'position of the newest notification you have seen' }) through: string,
  ): Promise<number> {
    signedIn(ctx.actor);
    return this.readMarks.markAllRead(ctx.actor, parseBigInt('through', through));
  }

  @Subscription(() => NotificationsChange, {
    description: 'Live: your unread count at once, then each notification sent to your roles and the count whenever it changes',
    resolve: (change: NotificationsChange) => change,
  })
  notificationsChanged(@Context() ctx: GqlContext): AsyncIterableIterator<NotificationsChange> {
    signedIn(ctx.actor);
    const { sub, roles } = ctx.actor;
    const mine = new Set(recipientsOf(roles));
    return pushIterator((push) => {
      const offSent = this.feed.onSent((records) => {
        const ids = records.filter((r) => mine.has(r.recipient)).map((r) => r.notificationId);
        if (ids.length === 0) return;
        const unreadCount = this.queries.unreadCount(sub, roles);
        // Oldest first, as they were sent.
        for (const notification of this.queries.find(sub, roles, ids).reverse()) push({ notification, unreadCount });
      });
      const counted = () => push({ notification: null, unreadCount: this.queries.unreadCount(sub, roles) });
      const offRead = this.feed.onRead(sub, counted);
      // First the count as it stands: a client (re)connecting is in step at once, and knows it is listening.
      counted();
      return () => {
        offSent();
        offRead();
      };
    });
  }
}

/** What a notification is about, as the read model shows it now: its number and text in every language. */
@Resolver(() => NotificationType)
export class NotificationSubjectResolver {
  constructor(private readonly recommendations: RecommendationQueries) {}

  @ResolveField(() => Recommendation, { nullable: true })
  recommendation(@Parent() n: NotificationView): RecommendationView | null {
    return n.subjectKind === 'recommendation' ? this.recommendations.byId(n.subjectId, new Date()) : null;
  }

  @ResolveField(() => Meeting, { nullable: true })
  meeting(@Parent() n: NotificationView, @Context() ctx: GqlContext): Promise<MeetingView | null> | null {
    return n.subjectKind === 'meeting' ? ctx.loaders.meetings.load(n.subjectId) : null;
  }
}
