import { DAY_MS, Language, MeetingEvent, RecommendationEvent } from '@gov/domain';
import { CheckpointedFollower, EventStore, RecordedEvent, WrongExpectedRevisionError } from '@gov/event-store';
import { Clock } from './clock';
import { DEFAULT_DIGEST, DIGEST_SENT, DigestRecord, DigestSchedule, digestId, digestMoment, renderDigest } from './digest';
import { DeliveryFailure, MailSender, deliveryFailure } from './mail-sender';
import { MessageSubject, renderMessage } from './messages';
import { NotifierDb } from './notifier-db';
import {
  DEFAULT_RULES,
  Rule,
  RuleConfig,
  PlannedNotification,
  Tracked,
  TrackedMeeting,
  latestOccurrence,
  nameUuid,
  notificationId,
  plan,
  trackMeeting,
  trackRecommendation,
} from './rules';

export const NOTIFICATION_SENT = 'NotificationSent';
export const NOTIFICATION_CLAIMED = 'NotificationClaimed';
export const notificationStream = (id: string) => `notification-${id}`;

export interface NotifierOptions {
  clock: Clock;
  /** Events applied (and committed) at once; one batch holds the thread, so a serving process keeps it small. */
  maxBatch?: number;
  /** Unset: email off; notifications are still recorded and listed in the app. */
  mail?: MailSender | null;
  /** Domain for Message-IDs (`<notification id@domain>`), e.g. MAIL_FROM's. */
  messageIdDomain?: string;
  publicUrl: string;
  rules?: RuleConfig;
  /** When daily digests go out (for the recipients who chose them). */
  digest?: DigestSchedule;
  /** Names this process in claims. */
  owner: string;
  /** How long a claim keeps other senders off while this one talks to the SMTP server. */
  leaseMs?: number;
  /** Notifications (other than overdue ones) this much past their moment are dropped, not sent late. */
  staleAfterMs?: number;
  /** Pause before the first retry of a failed delivery; doubles up to maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
  onError?: (e: Error) => void;
  /** Deliveries in flight at once during a tick. */
  concurrency?: number;
}

/** What became of one delivery attempt: recorded as sent (`digest` for a daily digest), or failed and waiting to retry. */
export type DeliveryOutcome = { result: 'sent'; kind: 'message' | 'digest' } | { result: 'failed'; reason: DeliveryFailure };

export interface TickResult {
  sent: number;
  failed: number;
  skipped: number;
  expired: number;
  /** Daily digests sent. */
  digests: number;
}

interface PendingRow {
  id: string;
  subject_id: string;
  subject_kind: Tracked['kind'];
  recipient: string;
  rule: Rule;
  cycle: number;
  due_at: string;
  attempts: number;
}

// Catching up, a batch is one transaction: fewer, larger commits (the plan diff keeps each cheap).
const MAX_BATCH = 50_000;
const NOTIFIER_ACTOR = { sub: 'notifier', name: 'Notifier', roles: [] as string[] };

/**
 * Follows the log from its own checkpoint, keeps what is due in its own tables, and on each tick
 * sends what is due now. Each notification is claimed in the log (`NotificationClaimed`, a lease),
 * sent, then recorded (`NotificationSent`) in its own stream under a deterministic id, so two
 * replicas, a restart or a replay never record it twice, and send it twice only when a sender
 * died between the SMTP server's acceptance and the record (then with the same Message-ID).
 */
export class Notifier {
  private readonly follower: CheckpointedFollower;
  private ticking: Promise<TickResult> | null = null;
  private readonly rules: RuleConfig;
  /** Subjects whose plan changed in the batch: replanned once at its end. */
  private readonly dirty = new Map<string, Tracked>();
  private readonly observers: Array<(outcome: DeliveryOutcome) => void> = [];
  /** Digests the SMTP server did not accept: when to try again. */
  private readonly digestRetries = new Map<string, { at: number; attempts: number }>();
  private stopped = false;

  constructor(
    private readonly events: EventStore,
    readonly store: NotifierDb,
    private readonly options: NotifierOptions,
  ) {
    this.rules = options.rules ?? DEFAULT_RULES;
    const db = store.db;
    const q = {
      tracked: db.prepare('SELECT json FROM tracked WHERE subject_id = ?').pluck(),
      saveTracked: db.prepare(
        'INSERT INTO tracked (subject_id, json) VALUES (?, ?) ON CONFLICT (subject_id) DO UPDATE SET json = excluded.json',
      ),
      contacts: db.prepare(
        'INSERT INTO contacts (recipient, emails, language, digest) VALUES (?, ?, ?, ?) ON CONFLICT (recipient) DO UPDATE SET emails = excluded.emails, language = excluded.language, digest = excluded.digest',
      ),
      addDigest: db.prepare('INSERT OR IGNORE INTO digest (id, recipient, day, position, sent_at) VALUES (?, ?, ?, ?, ?)'),
      inDigest: db.prepare('UPDATE sent SET digest_id = ? WHERE id = ?'),
      pendingIds: db.prepare('SELECT id FROM pending WHERE subject_id = ?').pluck(),
      allTracked: db.prepare('SELECT subject_id, json FROM tracked'),
      rules: db.prepare("SELECT value FROM setting WHERE key = 'rules'").pluck(),
      saveRules: db.prepare("INSERT INTO setting (key, value) VALUES ('rules', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value"),
      dropPending: db.prepare('DELETE FROM pending WHERE id = ?'),
      isSent: db.prepare('SELECT 1 FROM sent WHERE id = ?').pluck(),
      addPending: db.prepare(
        'INSERT OR IGNORE INTO pending (id, subject_id, subject_kind, recipient, rule, cycle, due_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      addSent: db.prepare(
        'INSERT OR IGNORE INTO sent (id, position, recipient, rule, subject_id, subject_kind, due_at, sent_at, emails, message_id, title, via_digest) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      checkpoint: db.prepare('UPDATE checkpoint SET position = ? WHERE id = 1'),
    };
    /** What each subject touched in the batch was before it: its plan is what `pending` holds for it (less what went out). */
    const before = new Map<string, Tracked | undefined>();
    const load = (subjectId: string): Tracked | undefined => {
      const held = this.dirty.get(subjectId);
      if (held) return held;
      const json = q.tracked.get(subjectId) as string | undefined;
      const tracked = json ? (JSON.parse(json) as Tracked) : undefined;
      if (!before.has(subjectId)) before.set(subjectId, tracked);
      return tracked;
    };
    const add = (p: PlannedNotification, cycle: number) => {
      if (!q.isSent.get(p.id)) q.addPending.run(p.id, p.subjectId, p.subjectKind, p.recipient, p.rule, cycle, p.dueAt, p.dueAt);
    };
    // Only the difference between the old plan and the new one is written: most events change
    // little of it (catching up, this is most of the notifier's work).
    const replan = (subjectId: string, tracked: Tracked, was: Tracked | undefined) => {
      const old = was ? plan(was, this.rules) : [];
      const planned = plan(tracked, this.rules);
      const oldSeeds = new Set(old.map((p) => p.seed));
      const newSeeds = new Set(planned.map((p) => p.seed));
      for (const p of old) if (!newSeeds.has(p.seed)) q.dropPending.run(p.id);
      const cycle = tracked.kind === 'recommendation' ? tracked.cycle : 0;
      for (const p of planned) if (!oldSeeds.has(p.seed)) add(p, cycle);
      q.saveTracked.run(subjectId, JSON.stringify(tracked));
    };
    /** The whole plan again, for every subject: once after the rules changed (a deployment's settings). */
    const replanAll = db.transaction(() => {
      for (const { subject_id: subjectId, json } of q.allTracked.all() as Array<{ subject_id: string; json: string }>) {
        const tracked = JSON.parse(json) as Tracked;
        const planned = plan(tracked, this.rules);
        const keep = new Set(planned.map((p) => p.id));
        for (const id of q.pendingIds.all(subjectId) as string[]) if (!keep.has(id)) q.dropPending.run(id);
        for (const p of planned) add(p, tracked.kind === 'recommendation' ? tracked.cycle : 0);
      }
      q.saveRules.run(JSON.stringify(this.rules));
    });
    if (q.rules.get() !== JSON.stringify(this.rules)) replanAll.immediate();
    const apply = (e: RecordedEvent) => {
      const data = e.data;
      if (e.type === 'UnitContactsSet' || e.type === 'BodyContactsSet') {
        const recipient = e.type === 'UnitContactsSet' ? `unit:${String(data.unitId)}` : `body:${String(data.bodyId)}`;
        q.contacts.run(recipient, JSON.stringify(data.emails), String(data.language), data.digest === true ? 1 : 0);
      } else if (e.streamId.startsWith('recommendation-')) {
        const id = e.streamId.slice('recommendation-'.length);
        const before = load(id);
        this.dirty.set(
          id,
          trackRecommendation(before?.kind === 'recommendation' ? before : undefined, e as unknown as RecommendationEvent),
        );
      } else if (e.streamId.startsWith('meeting-')) {
        const id = e.streamId.slice('meeting-'.length);
        const before = load(id);
        const after = trackMeeting(before?.kind === 'meeting' ? before : undefined, e as unknown as MeetingEvent);
        if (after) this.dirty.set(id, after);
      } else if (e.type === NOTIFICATION_SENT) {
        const d = data as unknown as SentRecord;
        q.addSent.run(
          d.notificationId,
          Number(e.position),
          d.recipient,
          d.rule,
          d.subjectId,
          d.subjectKind,
          d.dueAt,
          d.sentAt,
          JSON.stringify(d.emails),
          d.messageId,
          d.title,
          d.digest === true ? 1 : 0,
        );
        q.dropPending.run(d.notificationId);
        const tracked = d.rule === 'OVERDUE' ? load(d.subjectId) : undefined;
        if (tracked?.kind === 'recommendation' && (!tracked.lastOverdue || tracked.lastOverdue < d.dueAt))
          this.dirty.set(d.subjectId, { ...tracked, lastOverdue: d.dueAt });
      } else if (e.type === DIGEST_SENT) {
        const d = data as unknown as DigestRecord;
        q.addDigest.run(d.digestId, d.recipient, d.day, Number(e.position), d.sentAt);
        for (const id of d.notificationIds) q.inDigest.run(d.digestId, id);
      }
    };
    const commit = db.transaction((batch: RecordedEvent[]) => {
      // Another service process on the same data dir may have applied part of the batch already:
      // folding an event twice would, e.g., count a reopening twice.
      const reached = this.store.checkpoint();
      this.dirty.clear();
      before.clear();
      for (const e of batch) if (e.position > reached) apply(e);
      for (const [id, tracked] of this.dirty) replan(id, tracked, before.get(id));
      this.dirty.clear();
      const last = batch[batch.length - 1]!.position;
      if (last > reached) q.checkpoint.run(Number(last));
    });
    this.follower = new CheckpointedFollower(
      events,
      {
        readCheckpoint: () => store.checkpoint(),
        apply: (batch) => {
          try {
            // Write-locked from the start, so two processes' batches queue on the lock instead of one failing.
            commit.immediate(batch);
          } catch (error) {
            this.dirty.clear();
            throw error;
          }
        },
      },
      {
        maxBatch: options.maxBatch ?? MAX_BATCH,
        onError: options.onError,
        timeoutError: (position) => new Error(`notifier has not reached position ${position}`),
      },
    );
  }

  get position(): bigint {
    return this.store.checkpoint();
  }

  /** Resolves once caught up with the log as it stood at start. */
  start(): Promise<void> {
    return this.follower.start();
  }

  /** Waits (bounded by the caller) until the notifier has applied the log up to `position`. */
  waitFor(position: bigint, timeoutMs = 10_000): Promise<void> {
    return this.follower.waitFor(position, timeoutMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.follower.stop();
    await this.ticking?.catch(() => undefined);
  }

  /** Sends what is due now; one tick at a time per process. */
  tick(limit = 10_000): Promise<TickResult> {
    if (!this.ticking)
      this.ticking = this.runTick(limit).finally(() => {
        this.ticking = null;
      });
    return this.ticking;
  }

  private async runTick(limit: number): Promise<TickResult> {
    const now = this.options.clock.now();
    const nowIso = new Date(now).toISOString();
    const db = this.store.db;
    const rows = db
      .prepare(
        'SELECT id, subject_id, subject_kind, recipient, rule, cycle, due_at, attempts FROM pending WHERE next_attempt_at <= ? ORDER BY next_attempt_at LIMIT ?',
      )
      .all(nowIso, limit) as PendingRow[];
    const result: TickResult = { sent: 0, failed: 0, skipped: 0, expired: 0, digests: 0 };
    const stale = this.options.staleAfterMs ?? 3 * DAY_MS;
    let next = 0;
    // A few deliveries in flight at once: each waits on the SMTP server and on two appends.
    const worker = async () => {
      while (next < rows.length && !this.stopped) {
        const row = rows[next++]!;
        let dueAt = row.due_at;
        let id = row.id;
        if (row.rule === 'OVERDUE') {
          dueAt = latestOccurrence(row.due_at, now, this.rules.overdueRepeatDays);
          if (dueAt !== row.due_at) id = notificationId(row.recipient, row.rule, row.subject_id, dueAt, row.cycle);
        } else if (Date.parse(row.due_at) < now - stale) {
          db.prepare('DELETE FROM pending WHERE id = ?').run(row.id);
          result.expired += 1;
          continue;
        }
        result[await this.deliver(row, id, dueAt, now)] += 1;
      }
    };
    await Promise.all(Array.from({ length: this.options.concurrency ?? 8 }, worker));
    result.digests = await this.sendDigests(now);
    return result;
  }

  /** Claim in the log → send → record in the log. A recipient who chose the daily digest gets it recorded (and listed in the app) now, emailed in the day's digest. */
  private async deliver(row: PendingRow, id: string, dueAt: string, now: number): Promise<'sent' | 'failed' | 'skipped'> {
    const claim = await this.claim(id, NOTIFICATION_SENT, now);
    if (claim.state === 'done') this.store.db.prepare('DELETE FROM pending WHERE id = ?').run(row.id);
    if (claim.state === 'held') this.postpone(row.id, claim.until, row.attempts, null);
    if (claim.state !== 'claimed') return 'skipped';

    const { emails, language, digest } = this.contactsOf(row.recipient);
    const message = renderMessage(row.rule, this.subjectOf(row.subject_id, row.rule), language, this.options.publicUrl, this.rules);
    const messageId = this.messageId(id);
    const mail = this.options.mail;
    const emailed = !!mail && emails.length > 0 && !digest;
    if (emailed) {
      try {
        await mail.send({ to: emails, subject: message.subject, text: message.text, html: message.html, messageId });
      } catch (error) {
        this.report({ result: 'failed', reason: deliveryFailure(error) });
        const attempts = row.attempts + 1;
        this.postpone(row.id, new Date(now + this.backoff(attempts)).toISOString(), attempts, (error as Error).message);
        return 'failed';
      }
    }
    const record: SentRecord = {
      notificationId: id,
      recipient: row.recipient,
      rule: row.rule,
      subjectId: row.subject_id,
      subjectKind: row.subject_kind,
      dueAt,
      sentAt: new Date(now).toISOString(),
      emails: emailed ? emails : [],
      language,
      messageId: emailed ? messageId : null,
      title: message.subject,
      ...(mail && emails.length > 0 && digest ? { digest: true } : {}),
    };
    await this.record(id, NOTIFICATION_SENT, record, claim.revision, now);
    this.store.db.prepare('DELETE FROM pending WHERE id = ?').run(row.id);
    this.report({ result: 'sent', kind: 'message' });
    return 'sent';
  }

  /**
   * Each recipient who has notifications waiting for a digest gets one message for the latest digest
   * moment (DIGEST_HOUR of a local day) listing those due by then, claimed and recorded as
   * `DigestSent` under an id from the recipient and the day, so it goes out once.
   */
  private async sendDigests(now: number): Promise<number> {
    const mail = this.options.mail;
    const db = this.store.db;
    if (!mail || !db.prepare('SELECT 1 FROM sent WHERE via_digest = 1 AND digest_id IS NULL LIMIT 1').get()) return 0;
    // What is waiting is what this notifier has applied: catch up first, or a digest recorded (by
    // any replica) but not yet applied here would be listed again in the next one.
    try {
      await this.waitFor(await this.events.headPosition());
    } catch {
      return 0;
    }
    const { day, at } = digestMoment(now, this.options.digest ?? DEFAULT_DIGEST);
    const waiting = `FROM sent WHERE recipient = ? AND via_digest = 1 AND digest_id IS NULL AND due_at <= ?`;
    const recipients = db
      .prepare('SELECT DISTINCT recipient FROM sent WHERE via_digest = 1 AND digest_id IS NULL AND due_at <= ?')
      .pluck()
      .all(at) as string[];
    let sent = 0;
    for (const recipient of recipients) {
      const id = digestId(recipient, day);
      const retry = this.digestRetries.get(id);
      if (this.stopped || db.prepare('SELECT 1 FROM digest WHERE id = ?').get(id) || (retry && retry.at > now)) continue;
      const { emails, language } = this.contactsOf(recipient);
      if (emails.length === 0) continue; // the addresses were removed: the notifications stay listed in the app
      const claim = await this.claim(id, DIGEST_SENT, now);
      if (claim.state !== 'claimed') continue;
      const items = db
        .prepare(`SELECT id, rule, subject_id AS subjectId ${waiting} ORDER BY due_at, position`)
        .all(recipient, at) as Array<{
        id: string;
        rule: Rule;
        subjectId: string;
      }>;
      const message = renderDigest(
        day,
        items.map((i) => ({ rule: i.rule, subject: this.subjectOf(i.subjectId, i.rule) })),
        language,
        this.options.publicUrl,
        this.rules,
      );
      const messageId = this.messageId(id);
      try {
        await mail.send({ to: emails, subject: message.subject, text: message.text, html: message.html, messageId });
      } catch (error) {
        this.report({ result: 'failed', reason: deliveryFailure(error) });
        const attempts = (retry?.attempts ?? 0) + 1;
        this.digestRetries.set(id, { at: now + this.backoff(attempts), attempts });
        continue;
      }
      this.digestRetries.delete(id);
      const record: DigestRecord = {
        digestId: id,
        recipient,
        day,
        notificationIds: items.map((i) => i.id),
        sentAt: new Date(now).toISOString(),
        emails,
        language,
        messageId,
      };
      await this.record(id, DIGEST_SENT, record, claim.revision, now);
      this.report({ result: 'sent', kind: 'digest' });
      sent += 1;
    }
    return sent;
  }

  /**
   * Takes the lease on one notification's (or digest's) stream: `done` when it is recorded already,
   * `held` while another sender's lease runs, `lost` when another sender claimed it just now.
   */
  private async claim(
    id: string,
    doneType: string,
    now: number,
  ): Promise<{ state: 'claimed'; revision: bigint } | { state: 'done' | 'lost' } | { state: 'held'; until: string }> {
    const stream = notificationStream(id);
    const history = await this.events.readStream(stream);
    if (history.some((e) => e.type === doneType)) return { state: 'done' };
    const last = history[history.length - 1];
    const lease = last?.data as { owner?: string; leaseUntil?: string } | undefined;
    if (last && lease?.owner !== this.options.owner && lease?.leaseUntil && Date.parse(lease.leaseUntil) > now)
      return { state: 'held', until: lease.leaseUntil };
    const leaseUntil = new Date(now + (this.options.leaseMs ?? 120_000)).toISOString();
    try {
      const claimed = await this.events.appendToStream(
        stream,
        [
          {
            id: nameUuid(`${id}:claim:${this.options.owner}:${history.length}`),
            type: NOTIFICATION_CLAIMED,
            data: { notificationId: id, owner: this.options.owner, leaseUntil },
            metadata: this.metadata(id, now),
          },
        ],
        { expectedRevision: last ? last.revision : 'no_stream' },
      );
      return { state: 'claimed', revision: claimed.nextExpectedRevision };
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError) return { state: 'lost' }; // another sender got there first
      throw error;
    }
  }

  /** Records what went out, after the claim; a sender whose lease ran out and was taken over finds it recorded already. */
  private async record(id: string, type: string, data: SentRecord | DigestRecord, claimRevision: bigint, now: number): Promise<void> {
    try {
      await this.events.appendToStream(
        notificationStream(id),
        [{ id: nameUuid(`${id}:sent`), type, data: data as unknown as Record<string, unknown>, metadata: this.metadata(id, now) }],
        { expectedRevision: claimRevision },
      );
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
    }
  }

  private contactsOf(recipient: string): { emails: string[]; language: Language; digest: boolean } {
    const row = this.store.db.prepare('SELECT emails, language, digest FROM contacts WHERE recipient = ?').get(recipient) as
      { emails: string; language: Language; digest: number } | undefined;
    return { emails: row ? (JSON.parse(row.emails) as string[]) : [], language: row?.language ?? 'ru', digest: row?.digest === 1 };
  }

  private messageId(id: string): string {
    return `<${id}@${this.options.messageIdDomain ?? 'notifications.invalid'}>`;
  }

  private backoff(attempts: number): number {
    return Math.min((this.options.backoffMs ?? 60_000) * 2 ** (attempts - 1), this.options.maxBackoffMs ?? 3_600_000);
  }

  /** Tells `observer` of every delivery attempt's outcome (metrics). */
  observe(observer: (outcome: DeliveryOutcome) => void): void {
    this.observers.push(observer);
  }

  private report(outcome: DeliveryOutcome): void {
    for (const observer of this.observers) observer(outcome);
  }

  /** Notifications due by now and not yet recorded as sent, and of them those waiting for a retry after a failure. */
  backlog(): { due: number; retrying: number } {
    const now = new Date(this.options.clock.now()).toISOString();
    return this.store.db
      .prepare('SELECT count(*) FILTER (WHERE due_at <= ?) AS due, count(*) FILTER (WHERE attempts > 0) AS retrying FROM pending')
      .get(now) as { due: number; retrying: number };
  }

  private postpone(id: string, until: string, attempts: number, error: string | null): void {
    this.store.db
      .prepare('UPDATE pending SET next_attempt_at = ?, attempts = ?, last_error = coalesce(?, last_error) WHERE id = ?')
      .run(until, attempts, error, id);
  }

  private metadata(id: string, now: number) {
    const at = new Date(now).toISOString();
    return {
      actor: NOTIFIER_ACTOR,
      commandId: null,
      commandType: 'SendNotification',
      correlationId: id,
      causationId: id,
      occurredAt: at,
      schemaVersion: 1,
    };
  }

  private subjectOf(subjectId: string, rule: Rule): MessageSubject {
    const json = this.store.db.prepare('SELECT json FROM tracked WHERE subject_id = ?').pluck().get(subjectId) as string | undefined;
    const tracked = json ? (JSON.parse(json) as Tracked) : undefined;
    if (tracked?.kind === 'meeting') return meetingSubject(tracked);
    const s = tracked?.state;
    // The unit is told why its report came back or its extension was refused.
    const reason =
      rule === 'RETURNED' ? tracked?.reasons?.returned : rule === 'EXTENSION_REFUSED' ? tracked?.reasons?.extensionRefused : undefined;
    return {
      kind: 'recommendation',
      id: subjectId,
      number: s?.number ?? '',
      text: s?.text ?? null,
      dueDate: s?.dueDate ?? null,
      reason: reason ?? null,
    };
  }

  /** Deliveries that failed and wait for their next attempt: the admin's list. */
  failing(): Array<{ id: string; recipient: string; rule: string; attempts: number; nextAttemptAt: string; lastError: string | null }> {
    return this.store.db
      .prepare(
        'SELECT id, recipient, rule, attempts, next_attempt_at AS nextAttemptAt, last_error AS lastError FROM pending WHERE attempts > 0 ORDER BY next_attempt_at',
      )
      .all() as ReturnType<Notifier['failing']>;
  }
}

const meetingSubject = (m: TrackedMeeting): MessageSubject => ({
  kind: 'meeting',
  id: m.meetingId,
  number: m.number,
  text: null,
  dueDate: null,
});

/** The data of a `NotificationSent` event. */
export interface SentRecord {
  notificationId: string;
  recipient: string;
  rule: Rule;
  subjectId: string;
  subjectKind: Tracked['kind'];
  dueAt: string;
  sentAt: string;
  /** Addresses the SMTP server accepted it for; empty when only listed in the app. */
  emails: string[];
  language: Language;
  messageId: string | null;
  title: string;
  /** Not emailed on its own: it goes out in the recipient's daily digest. */
  digest?: true;
}
