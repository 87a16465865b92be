import { Args, Context, Field, ID, Int, Mutation, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { Actor, GovernanceError, hasRole, isAnonymous, unauthenticated } from '@gov/governance';
import { parseBigInt } from '@gov/event-store';
import { NotificationQueries, Notifier } from '@gov/notifications';
import { GqlContext } from '../graphql/context';

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
    private readonly notifier: Notifier,
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
  markNotificationsRead(@Context() ctx: GqlContext, @Args('ids', { type: () => [ID] }) ids: string[]): number {
    signedIn(ctx.actor);
    if (ids.length > 1000) throw new GovernanceError('BAD_USER_INPUT', 'at most 1000 ids at once');
    return this.queries.markRead(ctx.actor.sub, ctx.actor.roles, ids);
  }
}
