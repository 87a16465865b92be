import Database from 'better-sqlite3';
import { join } from 'node:path';
import {
  FollowerEvent,
  MultilingualText,
  RecommendationEvent,
  RecommendationState,
  SentDigest,
  SentNotification,
  nameUuid,
  parseStreamId,
  recommendationDecider,
  upcasters,
} from '@gov/domain';
import { CheckpointedFollower, EventStore, RecordedEvent, openSqliteFile } from '@gov/event-store';
import { deliveryFailure, digestMoment } from '@gov/notifications';
import { FollowerAddress } from './follower-addresses';
import {
  FOLLOW_MAILER_APPLICATION_ID,
  FOLLOW_MAILER_FILE,
  FOLLOW_MAILER_MIGRATIONS,
  FollowerRow,
  PendingRow,
} from './follow-mailer-schema';
import { FollowMailerOptions, FollowTickResult } from './follow-mailer-options';
import { decideNotification } from './notification-stream';
import {
  FollowMessage,
  changeKind,
  changeOf,
  FollowedSubject,
  PublicChange,
  followerLinks,
  renderChange,
  renderConfirmation,
  renderDigest,
} from './follow-messages';

/** The recipient a follower's records name: the follower id, never the address. */
export const followerRecipient = (followerId: string) => `follower:${followerId}`;

/**
 * Tells followers by email (docs/architecture.md, "Open to the public"): follows the log from its own checkpoint, keeps
 * which followers follow what and the public state of recommendations in its own SQLite file, and
 * on each tick sends the confirmation first, then one message per public change, or one digest a
 * day once a follower's changes come in a burst. Every message goes through the notification
 * decider's stream (claimed, then recorded as sent or failed), so it goes out once however many
 * replicas run; its record names the follower id, never the address, which is read from the
 * address store at the moment of sending (an erased follower is sent nothing).
 */
export class FollowMailer {
  private readonly db: Database.Database;
  private readonly logFollower: CheckpointedFollower;
  private ticking: Promise<FollowTickResult> | null = null;
  private stopped = false;

  constructor(
    private readonly events: EventStore,
    dataDir: string,
    private readonly options: FollowMailerOptions,
  ) {
    this.db = openSqliteFile(join(dataDir, FOLLOW_MAILER_FILE), FOLLOW_MAILER_APPLICATION_ID, FOLLOW_MAILER_MIGRATIONS, 'follow mailer');
    this.db.pragma('synchronous = NORMAL');
    const commit = this.db.transaction((batch: RecordedEvent[]) => {
      const reached = this.position;
      for (const e of batch) if (e.position > reached) this.apply(e);
      const last = batch[batch.length - 1]!.position;
      if (last > reached) this.db.prepare('UPDATE checkpoint SET position = ? WHERE id = 1').run(Number(last));
    });
    this.logFollower = new CheckpointedFollower(
      events,
      { readCheckpoint: () => this.position, apply: (batch) => void commit.immediate(batch) },
      {
        maxBatch: options.maxBatch ?? 5_000,
        onError: options.onError,
        timeoutError: (position) => new Error(`the follow mailer has not reached position ${position}`),
      },
    );
  }

  get position(): bigint {
    return BigInt(this.db.prepare('SELECT position FROM checkpoint WHERE id = 1').pluck().get() as number);
  }

  start(): Promise<void> {
    return this.logFollower.start();
  }

  waitFor(position: bigint, timeoutMs = 10_000): Promise<void> {
    return this.logFollower.waitFor(position, timeoutMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.logFollower.stop();
    await this.ticking?.catch(() => undefined);
    if (this.db.open) this.db.close();
  }

  // ------------------------------------------------------------------ following the log

  private apply(e: RecordedEvent): void {
    const db = this.db;
    const stream = parseStreamId(e.streamId);
    if (e.streamId.startsWith('follower-')) return this.applyFollower(upcasters.upcastStored<FollowerEvent>(e));
    if (stream?.kind === 'recommendation') return this.applyRecommendation(e, stream.id);
    if (e.type === 'MeetingPublished') return this.applyPublished(e, (e.data as { meetingId: string }).meetingId);
    if (e.type === 'BodyEstablished') {
      const d = e.data as { bodyId: string; name: MultilingualText };
      db.prepare('INSERT OR REPLACE INTO bodies (id, name) VALUES (?, ?)').run(d.bodyId, JSON.stringify(d.name));
      return;
    }
    if (e.type === 'NotificationSent') {
      const d = e.data as unknown as SentNotification;
      if (!d.recipient.startsWith('follower:')) return;
      this.noteSent(d.notificationId, d.recipient.slice('follower:'.length), d.sentAt, d.digest === true);
      return;
    }
    if (e.type === 'DigestSent') {
      const d = e.data as unknown as SentDigest;
      if (!d.recipient.startsWith('follower:')) return;
      const mark = db.prepare('UPDATE sent SET digest_id = ? WHERE id = ?');
      for (const id of d.notificationIds) mark.run(d.digestId, id);
    }
  }

  private applyFollower(e: FollowerEvent): void {
    const db = this.db;
    const id = e.data.followerId;
    if (e.type === 'FollowRequested') {
      const d = e.data;
      db.prepare(
        "INSERT OR IGNORE INTO followers (follower_id, subject_kind, subject_id, language, status) VALUES (?, ?, ?, ?, 'REQUESTED')",
      ).run(id, d.subjectKind, d.subjectId, d.language);
      this.plan(nameUuid(`follow-confirm\n${id}`), id, 'CONFIRM', null, d.requestedAt);
      return;
    }
    const status = { FollowConfirmed: 'CONFIRMED', FollowEnded: 'ENDED', FollowerErased: 'ERASED' }[e.type];
    db.prepare('UPDATE followers SET status = ? WHERE follower_id = ?').run(status, id);
    // Confirmed: the confirmation is no longer needed. Ended or erased: nothing more goes out.
    if (e.type === 'FollowConfirmed') db.prepare("DELETE FROM pending WHERE follower_id = ? AND kind = 'CONFIRM'").run(id);
    else db.prepare('DELETE FROM pending WHERE follower_id = ?').run(id);
  }

  private applyRecommendation(e: RecordedEvent, id: string): void {
    const db = this.db;
    const row = db.prepare('SELECT published, state FROM recommendations WHERE id = ?').get(id) as
      { published: number; state: string } | undefined;
    const before = row ? (JSON.parse(row.state) as RecommendationState) : recommendationDecider.initialState();
    const after = recommendationDecider.evolve(before, upcasters.upcastStored<RecommendationEvent>(e));
    const published = row
      ? row.published === 1
      : after.meetingId !== null && db.prepare('SELECT 1 FROM published_meetings WHERE id = ?').get(after.meetingId) !== undefined;
    db.prepare('INSERT OR REPLACE INTO recommendations (id, meeting_id, published, state) VALUES (?, ?, ?, ?)').run(
      id,
      after.meetingId ?? '',
      published ? 1 : 0,
      JSON.stringify(after),
    );
    if (!published) return;
    if (!row) return this.tellBodyFollowers(e, after); // adopted at a meeting published already
    const kind = changeKind(before, after);
    if (!kind) return;
    for (const followerId of this.confirmedFollowers(id))
      this.plan(nameUuid(`follow-change\n${followerId}\n${e.id}`), followerId, 'CHANGE', changeOf(kind, id, after), e.recordedAt);
  }

  private applyPublished(e: RecordedEvent, meetingId: string): void {
    const db = this.db;
    db.prepare('INSERT OR IGNORE INTO published_meetings (id) VALUES (?)').run(meetingId);
    const rows = db.prepare('SELECT id, state FROM recommendations WHERE meeting_id = ? AND published = 0').all(meetingId) as Array<{
      id: string;
      state: string;
    }>;
    db.prepare('UPDATE recommendations SET published = 1 WHERE meeting_id = ?').run(meetingId);
    for (const r of rows) this.tellBodyFollowers(e, JSON.parse(r.state) as RecommendationState);
  }

  /** A newly published recommendation: one change for each confirmed follower of its body. */
  private tellBodyFollowers(e: RecordedEvent, rec: RecommendationState): void {
    if (!rec.bodyId || !rec.id) return;
    for (const followerId of this.confirmedFollowers(rec.bodyId))
      this.plan(
        nameUuid(`follow-change\n${followerId}\n${e.id}\n${rec.id}`),
        followerId,
        'CHANGE',
        changeOf('PUBLISHED', rec.id, rec),
        e.recordedAt,
      );
  }

  private confirmedFollowers(subjectId: string): string[] {
    return this.db
      .prepare("SELECT follower_id FROM followers WHERE subject_id = ? AND status = 'CONFIRMED'")
      .pluck()
      .all(subjectId) as string[];
  }

  private plan(id: string, followerId: string, kind: PendingRow['kind'], change: PublicChange | null, dueAt: string): void {
    if (this.db.prepare('SELECT 1 FROM sent WHERE id = ?').get(id)) return;
    this.db
      .prepare('INSERT OR IGNORE INTO pending (id, follower_id, kind, change, due_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(id, followerId, kind, change && JSON.stringify(change), dueAt, dueAt);
  }

  // ------------------------------------------------------------------ sending

  /** Sends what is due now; one tick at a time per process. */
  tick(limit = 1_000): Promise<FollowTickResult> {
    this.ticking ??= this.runTick(limit).finally(() => {
      this.ticking = null;
    });
    return this.ticking;
  }

  private async runTick(limit: number): Promise<FollowTickResult> {
    const result: FollowTickResult = { sent: 0, failed: 0, digests: 0 };
    if (!this.options.mail) return result;
    const now = this.options.clock.now();
    const rows = this.db
      .prepare('SELECT id, follower_id, kind, change, due_at FROM pending WHERE next_attempt_at <= ? ORDER BY next_attempt_at LIMIT ?')
      .all(new Date(now).toISOString(), limit) as PendingRow[];
    for (const row of rows) {
      if (this.stopped) break;
      const outcome = await this.deliver(row, now);
      if (outcome === 'sent') result.sent += 1;
      if (outcome === 'failed') result.failed += 1;
    }
    if (!this.stopped) result.digests = await this.sendDigests(now);
    return result;
  }

  private follower(followerId: string): FollowerRow | undefined {
    return this.db.prepare('SELECT subject_kind, subject_id, language, status FROM followers WHERE follower_id = ?').get(followerId) as
      FollowerRow | undefined;
  }

  private drop(id: string): void {
    this.db.prepare('DELETE FROM pending WHERE id = ?').run(id);
  }

  private async deliver(row: PendingRow, now: number): Promise<'sent' | 'failed' | 'skipped'> {
    const follower = this.follower(row.follower_id);
    const wanted = row.kind === 'CONFIRM' ? 'REQUESTED' : 'CONFIRMED';
    if (follower?.status !== wanted) {
      this.drop(row.id);
      return 'skipped';
    }
    const address = await this.options.addresses.get(row.follower_id);
    if (!address) {
      this.drop(row.id); // erased
      return 'skipped';
    }
    const claim = await decideNotification(
      this.events,
      this.options.owner,
      row.id,
      { type: 'ClaimNotification', data: this.claimData(row.id, now) },
      now,
    );
    if (claim.error) {
      if (claim.error.code === 'NOTIFICATION_ALREADY_SENT') this.drop(row.id);
      else if (typeof claim.error.details.until === 'string') this.postpone(row.id, claim.error.details.until);
      return 'skipped';
    }
    const change = row.change ? (JSON.parse(row.change) as PublicChange) : null;
    const followed = this.followed(follower);
    const links = followerLinks(this.options.publicUrl, row.follower_id, address.token);
    const message = change
      ? renderChange(change, followed, links, follower.language, this.options.publicUrl)
      : renderConfirmation(followed, links, follower.language);
    // A burst: past the day's limit, the change waits for the follower's digest (recorded now, mailed then).
    const viaDigest = change !== null && this.sentToday(row.follower_id, now) >= (this.options.burstLimit ?? 3);
    const messageId = this.messageId(row.id);
    if (!viaDigest) {
      try {
        await this.send(address, message, messageId, links);
      } catch (error) {
        const failed = await decideNotification(
          this.events,
          this.options.owner,
          row.id,
          {
            type: 'RecordNotificationFailed',
            data: {
              owner: this.options.owner,
              reason: deliveryFailure(error),
              error: (error as Error).message,
              at: new Date(now).toISOString(),
              backoff: this.options.backoff ?? { firstMs: 60_000, maxMs: 3_600_000 },
            },
          },
          now,
        );
        if (!failed.error) this.postpone(row.id, failed.retryAt!);
        return 'failed';
      }
    }
    const record: SentNotification = {
      notificationId: row.id,
      recipient: followerRecipient(row.follower_id),
      rule: change ? `FOLLOW_${change.kind}` : 'FOLLOW_CONFIRM',
      subjectId: change?.recommendationId ?? follower.subject_id,
      subjectKind: change ? 'recommendation' : follower.subject_kind,
      dueAt: row.due_at,
      sentAt: new Date(now).toISOString(),
      // The address is personal data: the record names the follower, never the address.
      emails: [],
      language: follower.language,
      messageId: viaDigest ? null : messageId,
      title: message.subject,
      ...(viaDigest ? { digest: true as const } : {}),
    };
    const recorded = await decideNotification(
      this.events,
      this.options.owner,
      row.id,
      { type: 'RecordNotificationSent', data: { owner: this.options.owner, record } },
      now,
    );
    // Counted at once (the log brings the same record back a moment later), so the day's limit holds within one tick.
    if (!recorded.error) this.noteSent(row.id, row.follower_id, record.sentAt, viaDigest);
    return 'sent';
  }

  /** A follower's message recorded as sent: counted for the day, or waiting for the digest with its change. */
  private noteSent(id: string, followerId: string, sentAt: string, viaDigest: boolean): void {
    this.db
      .prepare(
        'INSERT OR IGNORE INTO sent (id, follower_id, sent_at, via_digest, change) VALUES (?, ?, ?, ?, (SELECT change FROM pending WHERE id = ?))',
      )
      .run(id, followerId, sentAt, viaDigest ? 1 : 0, id);
    this.drop(id);
  }

  /** Changes mailed one by one to the follower since the current digest day began. */
  private sentToday(followerId: string, now: number): number {
    const { at } = digestMoment(now, this.options.digest);
    return this.db
      .prepare('SELECT count(*) FROM sent WHERE follower_id = ? AND via_digest = 0 AND sent_at >= ? AND change IS NOT NULL')
      .pluck()
      .get(followerId, at) as number;
  }

  /** Each follower with changes waiting: one digest for the latest digest moment, listing those recorded by then. */
  private async sendDigests(now: number): Promise<number> {
    const { day, at } = digestMoment(now, this.options.digest);
    const followers = this.db
      .prepare('SELECT DISTINCT follower_id FROM sent WHERE via_digest = 1 AND digest_id IS NULL AND sent_at <= ?')
      .pluck()
      .all(at) as string[];
    let sent = 0;
    for (const followerId of followers) {
      if (this.stopped) break;
      const follower = this.follower(followerId);
      const address = follower?.status === 'CONFIRMED' ? await this.options.addresses.get(followerId) : null;
      if (!follower || !address) continue;
      const id = nameUuid(`follow-digest\n${followerId}\n${day}`);
      const claim = await decideNotification(
        this.events,
        this.options.owner,
        id,
        { type: 'ClaimNotification', data: this.claimData(id, now) },
        now,
      );
      if (claim.error) continue;
      const items = this.db
        .prepare(
          'SELECT id, change FROM sent WHERE follower_id = ? AND via_digest = 1 AND digest_id IS NULL AND sent_at <= ? ORDER BY sent_at',
        )
        .all(followerId, at) as Array<{ id: string; change: string | null }>;
      const links = followerLinks(this.options.publicUrl, followerId, address.token);
      const changes = items.flatMap((i) => (i.change ? [JSON.parse(i.change) as PublicChange] : []));
      const message = renderDigest(day, changes, this.followed(follower), links, follower.language, this.options.publicUrl);
      const messageId = this.messageId(id);
      try {
        await this.send(address, message, messageId, links);
      } catch {
        continue; // tried again next tick
      }
      const record: SentDigest = {
        digestId: id,
        recipient: followerRecipient(followerId),
        day,
        notificationIds: items.map((i) => i.id),
        sentAt: new Date(now).toISOString(),
        emails: [],
        language: follower.language,
        messageId,
      };
      const recorded = await decideNotification(
        this.events,
        this.options.owner,
        id,
        { type: 'RecordDigestSent', data: { owner: this.options.owner, record } },
        now,
      );
      if (!recorded.error) sent += 1;
    }
    return sent;
  }

  private claimData(id: string, now: number) {
    return { notificationId: id, owner: this.options.owner, at: new Date(now).toISOString(), leaseMs: this.options.leaseMs ?? 120_000 };
  }

  /** Every message carries RFC 8058 one-click unsubscribe: a POST to the link, no sign-in. */
  private send(address: FollowerAddress, message: FollowMessage, messageId: string, links: { unsubscribe: string }): Promise<void> {
    return this.options.mail!.send({
      to: [address.address],
      subject: message.subject,
      text: message.text,
      html: message.html,
      messageId,
      headers: { 'List-Unsubscribe': `<${links.unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
    });
  }

  private followed(f: FollowerRow): FollowedSubject {
    if (f.subject_kind === 'body') {
      const name = this.db.prepare('SELECT name FROM bodies WHERE id = ?').pluck().get(f.subject_id) as string | undefined;
      return { kind: 'body', id: f.subject_id, name: name ? (JSON.parse(name) as MultilingualText) : null };
    }
    const state = this.db.prepare('SELECT state FROM recommendations WHERE id = ?').pluck().get(f.subject_id) as string | undefined;
    return { kind: 'recommendation', id: f.subject_id, number: state ? ((JSON.parse(state) as RecommendationState).number ?? '') : '' };
  }

  private messageId(id: string): string {
    return `<${id}@${this.options.messageIdDomain}>`;
  }

  private postpone(id: string, until: string): void {
    this.db.prepare('UPDATE pending SET next_attempt_at = ? WHERE id = ?').run(until, id);
  }
}
