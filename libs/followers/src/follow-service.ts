import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import {
  DAY_MS,
  DomainErrorCode,
  ErasedBy,
  FollowSubjectKind,
  FollowerCommand,
  FollowerEvent,
  FollowerState,
  fail,
  followerDecider,
  followerStream,
  normalisedEmail,
  requireId,
  requireLanguage,
} from '@gov/domain';
import { Aggregate, AggregateStore, CommandContext, CommandResult, Grant, ToDomain, requireAdmin } from '@gov/governance';
import { FollowerAddress, FollowerAddresses } from './follower-addresses';

export interface FollowServiceOptions {
  addresses: FollowerAddresses;
  /** Whether the subject may be followed now: a published recommendation, an established body. */
  followable(kind: FollowSubjectKind, id: string): boolean | Promise<boolean>;
  /** Confirmation mails one address may be sent in 24 hours. */
  confirmationsPerAddressPerDay?: number;
}

/** Anyone may follow, confirm, unsubscribe or erase with the link; the write check relies on no role. */
const ANYONE: Grant = { role: 'anyone' };
const follower: Aggregate<FollowerState, FollowerCommand, FollowerEvent> = { decider: followerDecider, streamId: followerStream };

/**
 * Following by email (docs/architecture.md, "Open to the public"): the address goes to the address store, the log gets
 * the follower id only. The answer to a follow request is the same whether the address follows
 * already, was limited or is new, so it tells nobody who follows what.
 */
export class FollowService {
  private readonly addresses: FollowerAddresses;

  constructor(
    private readonly store: AggregateStore,
    private readonly options: FollowServiceOptions,
  ) {
    this.addresses = options.addresses;
  }

  async follow(kind: FollowSubjectKind, subjectId: string, email: string, language: string, ctx: CommandContext): Promise<void> {
    const address = normalisedEmail(email);
    // The refusal never repeats what was typed: it may be someone's address.
    if (address === null) fail(DomainErrorCode.VALIDATION_FAILED, 'email must be an email address', { field: 'email' });
    requireLanguage(language);
    const id = requireId(`${kind}Id`, subjectId);
    if (!(await this.options.followable(kind, id))) fail(DomainErrorCode.NOT_FOUND, `no published ${kind} ${id}`);
    if (await this.addresses.follows(address, kind, id)) return;
    const since = new Date(Date.parse(ctx.occurredAt) - DAY_MS).toISOString();
    if ((await this.addresses.requestsSince(address, since)) >= (this.options.confirmationsPerAddressPerDay ?? 3)) return;
    const followerId = randomUUID();
    await this.addresses.add({
      followerId,
      address,
      token: randomBytes(24).toString('base64url'),
      subjectKind: kind,
      subjectId: id,
      requestedAt: ctx.occurredAt,
    });
    try {
      await this.execute(
        followerId,
        { type: 'RequestFollow', data: { followerId, subjectKind: kind, subjectId: id, language, followable: true, at: ctx.occurredAt } },
        ctx,
      );
    } catch (error) {
      await this.addresses.erase([followerId]);
      throw error;
    }
  }

  async confirm(followerId: string, token: string, ctx: CommandContext): Promise<CommandResult> {
    await this.byLink(followerId, token);
    return this.execute(followerId, { type: 'ConfirmFollow', data: { at: ctx.occurredAt } }, ctx);
  }

  async unsubscribe(followerId: string, token: string, ctx: CommandContext): Promise<CommandResult> {
    await this.byLink(followerId, token);
    const result = await this.execute(followerId, { type: 'Unfollow', data: { at: ctx.occurredAt } }, ctx);
    await this.addresses.markEnded(followerId);
    return result;
  }

  /** The person, through the link in any message: every follower their address has is erased. */
  async eraseByLink(followerId: string, token: string, ctx: CommandContext): Promise<number> {
    return this.erase((await this.byLink(followerId, token)).address, 'FOLLOWER', ctx);
  }

  /** An administrator, for an address (asked by its owner some other way). */
  async eraseByAdmin(email: string, ctx: CommandContext): Promise<number> {
    requireAdmin(ctx.actor);
    const address = normalisedEmail(email);
    if (address === null) fail(DomainErrorCode.VALIDATION_FAILED, 'email must be an email address', { field: 'email' });
    return this.erase(address, 'ADMIN', ctx);
  }

  /** The address goes first, for good; then the log records each follower as erased (by id). */
  private async erase(address: string, by: ErasedBy, ctx: CommandContext): Promise<number> {
    const ids = await this.addresses.idsOf(address);
    await this.addresses.erase(ids);
    for (const id of ids) {
      const loaded = await this.store.load(follower, id);
      // A request whose event never made it to the log (a crash in between) has nothing to record.
      if (loaded.revision !== null) await this.execute(id, { type: 'EraseFollower', data: { at: ctx.occurredAt, by } }, ctx);
    }
    return ids.length;
  }

  /** The follower a link names, when its secret matches; one answer for an unknown id and a wrong secret. */
  private async byLink(followerId: string, token: string): Promise<FollowerAddress> {
    const id = requireId('followerId', followerId);
    const row = await this.addresses.get(id);
    const given = Buffer.from(String(token));
    if (!row || given.length !== Buffer.byteLength(row.token) || !timingSafeEqual(given, Buffer.from(row.token)))
      fail(DomainErrorCode.NOT_FOUND, 'this link is not valid (or its address was erased)');
    return row;
  }

  private execute(followerId: string, command: FollowerCommand, ctx: CommandContext): Promise<CommandResult> {
    return this.store.execute(follower, followerId, ctx, () => ANYONE, {
      type: command.type,
      data: () => command.data,
    } as ToDomain<FollowerState, FollowerCommand, Grant>);
  }
}
