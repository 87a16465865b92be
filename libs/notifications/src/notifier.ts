import { DAY_MS, Language, MeetingEvent, RecommendationEvent } from '@gov/domain';
import { CheckpointedFollower, EventStore, RecordedEvent, WrongExpectedRevisionError } from '@gov/event-store';
import { Clock } from './clock';
import { MailSender } from './mail-sender';
import { MessageSubject, renderMessage } from './messages';
import { NotifierDb } from './notifier-db';
import {
  DEFAULT_RULES,
  Rule,
  RuleConfig,
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
  /** Unset: email off; notifications are still recorded and listed in the app. */
  mail?: MailSender | null;
  /** Domain for Message-IDs (`<notification id@domain>`), e.g. MAIL_FROM's. */
  messageIdDomain?: string;
  publicUrl: string;
  rules?: RuleConfig;
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

export interface TickResult {
  sent: number;
  failed: number;
  skipped: number;
  expired: number;
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

const MAX_BATCH = 5_000;
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
  readonly failures = { total: 0 };
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
        'INSERT INTO contacts (recipient, emails, language) VALUES (?, ?, ?) ON CONFLICT (recipient) DO UPDATE SET emails = excluded.emails, language = excluded.language',
      ),
      pendingIds: db.prepare('SELECT id FROM pending WHERE subject_id = ?').pluck(),
      dropPending: db.prepare('DELETE FROM pending WHERE id = ?'),
      isSent: db.prepare('SELECT 1 FROM sent WHERE id = ?').pluck(),
      addPending: db.prepare(
        'INSERT OR IGNORE INTO pending (id, subject_id, subject_kind, recipient, rule, cycle, due_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      addSent: db.prepare(
        'INSERT OR IGNORE INTO sent (id, position, recipient, rule, subject_id, subject_kind, due_at, sent_at, emails, message_id, title) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      checkpoint: db.prepare('UPDATE checkpoint SET position = ? WHERE id = 1'),
    };
    const load = (subjectId: string): Tracked | undefined => {
      const held = this.dirty.get(subjectId);
      if (held) return held;
      const json = q.tracked.get(subjectId) as string | undefined;
      return json ? (JSON.parse(json) as Tracked) : undefined;
    };
    const replan = (subjectId: string, tracked: Tracked) => {
      const planned = plan(tracked, this.rules);
      const keep = new Set(planned.map((p) => p.id));
      for (const id of q.pendingIds.all(subjectId) as string[]) if (!keep.has(id)) q.dropPending.run(id);
      const cycle = tracked.kind === 'recommendation' ? tracked.cycle : 0;
      for (const p of planned)
        if (!q.isSent.get(p.id)) q.addPending.run(p.id, p.subjectId, p.subjectKind, p.recipient, p.rule, cycle, p.dueAt, p.dueAt);
      q.saveTracked.run(subjectId, JSON.stringify(tracked));
    };
    const apply = (e: RecordedEvent) => {
      const data = e.data;
      if (e.type === 'UnitContactsSet' || e.type === 'BodyContactsSet') {
        const recipient = e.type === 'UnitContactsSet' ? `unit:${String(data.unitId)}` : `body:${String(data.bodyId)}`;
        q.contacts.run(recipient, JSON.stringify(data.emails), String(data.language));
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
        );
        q.dropPending.run(d.notificationId);
        const tracked = load(d.subjectId);
        if (d.rule === 'OVERDUE' && tracked?.kind === 'recommendation' && (!tracked.lastOverdue || tracked.lastOverdue < d.dueAt))
          this.dirty.set(d.subjectId, { ...tracked, lastOverdue: d.dueAt });
      }
    };
    const commitBatch = db.transaction((batch: RecordedEvent[]) => {
      for (const e of batch) apply(e);
      for (const [id, tracked] of this.dirty) replan(id, tracked);
      this.dirty.clear();
      q.checkpoint.run(Number(batch[batch.length - 1]!.position));
    });
    this.follower = new CheckpointedFollower(
      events,
      {
        readCheckpoint: () => store.checkpoint(),
        apply: (batch) => {
          try {
            commitBatch(batch);
          } catch (error) {
            this.dirty.clear();
            throw error;
          }
        },
      },
      {
        maxBatch: MAX_BATCH,
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
    const result: TickResult = { sent: 0, failed: 0, skipped: 0, expired: 0 };
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
    return result;
  }

  /** Claim in the log → send → record in the log. */
  private async deliver(row: PendingRow, id: string, dueAt: string, now: number): Promise<'sent' | 'failed' | 'skipped'> {
    const stream = notificationStream(id);
    const history = await this.events.readStream(stream);
    if (history.some((e) => e.type === NOTIFICATION_SENT)) {
      this.store.db.prepare('DELETE FROM pending WHERE id = ?').run(row.id);
      return 'skipped';
    }
    const last = history[history.length - 1];
    const lease = last?.data as { owner?: string; leaseUntil?: string } | undefined;
    if (last && lease?.owner !== this.options.owner && lease?.leaseUntil && Date.parse(lease.leaseUntil) > now) {
      this.postpone(row.id, lease.leaseUntil, row.attempts, null);
      return 'skipped';
    }
    const leaseUntil = new Date(now + (this.options.leaseMs ?? 120_000)).toISOString();
    let claimRevision: bigint;
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
      claimRevision = claimed.nextExpectedRevision;
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError) return 'skipped'; // another sender got there first
      throw error;
    }

    const contacts = this.store.db.prepare('SELECT emails, language FROM contacts WHERE recipient = ?').get(row.recipient) as
      { emails: string; language: Language } | undefined;
    const emails = contacts ? (JSON.parse(contacts.emails) as string[]) : [];
    const language: Language = contacts?.language ?? 'ru';
    const message = renderMessage(row.rule, this.subjectOf(row), language, this.options.publicUrl);
    const messageId = `<${id}@${this.options.messageIdDomain ?? 'notifications.invalid'}>`;
    const mail = this.options.mail;
    if (mail && emails.length > 0) {
      try {
        await mail.send({ to: emails, subject: message.subject, text: message.text, html: message.html, messageId });
      } catch (error) {
        this.failures.total += 1;
        const attempts = row.attempts + 1;
        const backoff = Math.min((this.options.backoffMs ?? 60_000) * 2 ** (attempts - 1), this.options.maxBackoffMs ?? 3_600_000);
        this.postpone(row.id, new Date(now + backoff).toISOString(), attempts, (error as Error).message);
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
      emails: mail ? emails : [],
      language,
      messageId: mail && emails.length > 0 ? messageId : null,
      title: message.subject,
    };
    try {
      await this.events.appendToStream(
        stream,
        [
          {
            id: nameUuid(`${id}:sent`),
            type: NOTIFICATION_SENT,
            data: record as unknown as Record<string, unknown>,
            metadata: this.metadata(id, now),
          },
        ],
        { expectedRevision: claimRevision },
      );
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
    }
    this.store.db.prepare('DELETE FROM pending WHERE id = ?').run(row.id);
    return 'sent';
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

  private subjectOf(row: PendingRow): MessageSubject {
    const json = this.store.db.prepare('SELECT json FROM tracked WHERE subject_id = ?').pluck().get(row.subject_id) as string | undefined;
    const tracked = json ? (JSON.parse(json) as Tracked) : undefined;
    if (tracked?.kind === 'meeting') return meetingSubject(tracked);
    const s = tracked?.state;
    return { kind: 'recommendation', id: row.subject_id, number: s?.number ?? '', text: s?.text ?? null, dueDate: s?.dueDate ?? null };
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
}
