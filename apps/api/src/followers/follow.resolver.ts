import { Inject } from '@nestjs/common';
import { Args, Context, Field, ID, InputType, Int, Mutation, ObjectType, Resolver } from '@nestjs/graphql';
import { ThrottlerStorage, getStorageToken } from '@nestjs/throttler';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { GraphQLError } from 'graphql';
import { LANGUAGES, Language } from '@gov/domain';
import { CommandContext, EVENT_STORE } from '@gov/governance';
import { EventStore } from '@gov/event-store';
import { FollowService } from '@gov/followers';
import { clientAddress } from '../auth/client-address';
import { APP_CONFIG, AppConfig } from '../config';
import { GqlContext } from '../graphql/context';
import { LanguageEnum } from '../graphql/enums';

@InputType({ isAbstract: true })
abstract class FollowInput {
  @Field({ description: 'Where the messages go; kept apart from the log, erasable (eraseFollower)' })
  @IsString()
  @MaxLength(254)
  email: string;
  @Field(() => LanguageEnum, { description: 'Language of the messages' }) @IsIn(LANGUAGES) language: Language;
}

@InputType()
export class FollowRecommendationInput extends FollowInput {
  @Field(() => ID) @IsString() recommendationId: string;
}

@InputType()
export class FollowBodyInput extends FollowInput {
  @Field(() => ID) @IsString() bodyId: string;
}

@InputType({ description: "A follower's link: the follower id and the secret from a message" })
export class FollowerLinkInput {
  @Field(() => ID) @IsString() followerId: string;
  @Field() @IsString() @MaxLength(100) token: string;
}

@InputType({ description: 'Either the link from a message (followerId and token), or, for an administrator, the address' })
export class EraseFollowerInput {
  @Field(() => ID, { nullable: true }) @IsOptional() @IsString() followerId?: string;
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(100) token?: string;
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(254) email?: string;
}

@ObjectType({ description: 'The same answer whether the address follows already, was limited, or was sent a confirmation' })
export class FollowRequest {
  @Field() accepted: boolean;
  @Field({ description: "The log's head after the request (whether it wrote or not, so it says nothing of the address)" })
  position: string;
}

@ObjectType()
export class FollowerLinkResult {
  @Field() done: boolean;
  @Field({ description: 'Log position of the write' }) position: string;
}

@ObjectType()
export class EraseFollowerResult {
  @Field(() => Int, { description: 'Follow requests of the address that were erased' }) followersErased: number;
  @Field({ description: "The log's head after the erasure" }) position: string;
}

/** Follow requests one client address may make in an hour. */
const FOLLOWS_PER_CLIENT_PER_HOUR = 20;

/** Following by email, anonymous (docs/architecture.md, "Open to the public"); thin: the rules are FollowService's. */
@Resolver()
export class FollowResolver {
  constructor(
    private readonly follows: FollowService,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(getStorageToken()) private readonly storage: ThrottlerStorage,
  ) {}

  private context(ctx: GqlContext): CommandContext {
    return { actor: ctx.actor, correlationId: ctx.correlationId, occurredAt: new Date().toISOString() };
  }

  /** Against mail-bombing from one client: its follow requests are counted apart from its other requests. */
  private async spendClientBudget(ctx: GqlContext): Promise<void> {
    const req = ctx.http?.req as
      { socket?: { remoteAddress?: string }; headers?: Record<string, string | string[] | undefined> } | undefined;
    const client = clientAddress(this.config.trustProxy, req?.socket?.remoteAddress, req?.headers?.['x-forwarded-for']);
    const { isBlocked } = await this.storage.increment(`follow:${client}`, 3_600_000, FOLLOWS_PER_CLIENT_PER_HOUR, 0, 'follow');
    if (isBlocked)
      throw new GraphQLError('too many follow requests from this client; try again later', {
        extensions: { code: 'RATE_LIMITED', http: { status: 429 } },
      });
  }

  @Mutation(() => FollowRequest, { description: 'Anyone: be told by email of changes to a published recommendation (double opt-in)' })
  async followRecommendation(@Args('input') input: FollowRecommendationInput, @Context() ctx: GqlContext): Promise<FollowRequest> {
    await this.spendClientBudget(ctx);
    await this.follows.follow('recommendation', input.recommendationId, input.email, input.language, this.context(ctx));
    return { accepted: true, position: (await this.events.headPosition()).toString() };
  }

  @Mutation(() => FollowRequest, { description: "Anyone: be told by email of a body's newly published recommendations (double opt-in)" })
  async followBody(@Args('input') input: FollowBodyInput, @Context() ctx: GqlContext): Promise<FollowRequest> {
    await this.spendClientBudget(ctx);
    await this.follows.follow('body', input.bodyId, input.email, input.language, this.context(ctx));
    return { accepted: true, position: (await this.events.headPosition()).toString() };
  }

  @Mutation(() => FollowerLinkResult, { description: "The confirmation link's action: messages start" })
  async confirmFollow(@Args('input') input: FollowerLinkInput, @Context() ctx: GqlContext): Promise<FollowerLinkResult> {
    const { position } = await this.follows.confirm(input.followerId, input.token, this.context(ctx));
    return { done: true, position: position.toString() };
  }

  @Mutation(() => FollowerLinkResult, { description: 'The unsubscribe link: no more messages (also POST /follow/unsubscribe, RFC 8058)' })
  async unfollow(@Args('input') input: FollowerLinkInput, @Context() ctx: GqlContext): Promise<FollowerLinkResult> {
    const { position } = await this.follows.unsubscribe(input.followerId, input.token, this.context(ctx));
    return { done: true, position: position.toString() };
  }

  @Mutation(() => EraseFollowerResult, {
    description: 'Removes an address for good from the service (not from earlier backups); the log keeps only the follower ids',
  })
  async eraseFollower(@Args('input') input: EraseFollowerInput, @Context() ctx: GqlContext): Promise<EraseFollowerResult> {
    const followersErased =
      input.email !== undefined && input.email !== null
        ? await this.follows.eraseByAdmin(input.email, this.context(ctx))
        : await this.follows.eraseByLink(input.followerId ?? '', input.token ?? '', this.context(ctx));
    return { followersErased, position: (await this.events.headPosition()).toString() };
  }
}
