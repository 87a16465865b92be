import Database from 'better-sqlite3';
import {
  BodyEvent,
  MeetingEvent,
  NOTIFICATION_EVENT_TYPES,
  NotificationEvent,
  RecommendationEvent,
  UnitEvent,
  parseStreamId,
  upcasters,
} from '@gov/domain';
import { RecordedEvent } from '@gov/event-store';
import { catchUpId } from './digest';
import { READ_MARK_EVENT_TYPES, ReadMarkEvent } from './read-marks';
import { PlannedNotification, RuleConfig, Tracked, latestOccurrence, plan, trackMeeting, trackRecommendation } from './rules';

/*
 * The notifications projection: what each recommendation and meeting calls for (`tracked`, and the
 * reminders not yet sent in `pending`), who is written to in which language (`contacts`), what was
 * sent (`sent`, the in-app list), digests, and who read what (`read_mark`). It owns these tables;
 * the follower (notifier-db.ts) hands it batches, skips what was applied and checkpoints.
 */

export const NOTIFICATIONS_MIGRATIONS = [
  {
    version: 1,
    up: `
      CREATE TABLE checkpoint (id INTEGER PRIMARY KEY CHECK (id = 1), position INTEGER NOT NULL);
      INSERT INTO checkpoint (id, position) VALUES (1, 0);
      -- What the notifier knows about each recommendation or meeting (JSON of Tracked).
      CREATE TABLE tracked (subject_id TEXT PRIMARY KEY, json TEXT NOT NULL);
      CREATE TABLE contacts (recipient TEXT PRIMARY KEY, emails TEXT NOT NULL, language TEXT NOT NULL);
      -- Notifications due now or later, not yet recorded as sent.
      CREATE TABLE pending (
        id TEXT PRIMARY KEY, subject_id TEXT NOT NULL, subject_kind TEXT NOT NULL, recipient TEXT NOT NULL,
        rule TEXT NOT NULL, cycle INTEGER NOT NULL, due_at TEXT NOT NULL, next_attempt_at TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT);
      CREATE INDEX pending_next ON pending (next_attempt_at);
      CREATE INDEX pending_subject ON pending (subject_id);
      -- Every NotificationSent in the log: the in-app list and the "already sent" set.
      CREATE TABLE sent (
        id TEXT PRIMARY KEY, position INTEGER NOT NULL, recipient TEXT NOT NULL, rule TEXT NOT NULL,
        subject_id TEXT NOT NULL, subject_kind TEXT NOT NULL, due_at TEXT NOT NULL, sent_at TEXT NOT NULL,
        emails TEXT NOT NULL, message_id TEXT, title TEXT NOT NULL);
      CREATE INDEX sent_recipient ON sent (recipient, position DESC);
      CREATE TABLE read_mark (sub TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (sub, id)) WITHOUT ROWID;
    `,
  },
  {
    version: 2,
    up: `
      -- Daily digests: a recipient's choice, and which notifications waited for (then went out in) a digest.
      ALTER TABLE contacts ADD COLUMN digest INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE sent ADD COLUMN via_digest INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE sent ADD COLUMN digest_id TEXT;
      CREATE INDEX sent_digest_waiting ON sent (recipient, due_at) WHERE via_digest = 1 AND digest_id IS NULL;
      -- Every DigestSent in the log.
      CREATE TABLE digest (id TEXT PRIMARY KEY, recipient TEXT NOT NULL, day TEXT NOT NULL, position INTEGER NOT NULL, sent_at TEXT NOT NULL);
      -- The rules the pending reminders were planned with: others, and they are planned again.
      CREATE TABLE setting (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    `,
  },
  {
    version: 3,
    up: `
      -- Due before the notifier's first pass (or a rules change) was over: told in one catch-up summary per recipient, not one by one.
      ALTER TABLE pending ADD COLUMN catch_up INTEGER NOT NULL DEFAULT 0;
      CREATE INDEX pending_catch_up ON pending (recipient) WHERE catch_up = 1;
    `,
  },
];

type ContactsEvent = Extract<UnitEvent, { type: 'UnitContactsSet' }> | Extract<BodyEvent, { type: 'BodyContactsSet' }>;
const MEETING_EVENT_TYPES = ['MeetingScheduled', 'MeetingHeld', 'MinutesApproved', 'MeetingCancelled'] as const;
/** What the projection reads, upcast as every reader of the log does. */
export type NotificationsEvent = RecommendationEvent | MeetingEvent | ContactsEvent | NotificationEvent | ReadMarkEvent;

export interface NotificationsContext {
  /** Reminders planned now and due before this moment go to the recipient's catch-up summary; null once the first pass is over. */
  readonly catchUpBefore: string | null;
}

const NOTIFICATION_TYPES = new Set<string>(NOTIFICATION_EVENT_TYPES);
const READ_MARK_TYPES = new Set<string>(READ_MARK_EVENT_TYPES);
const MEETING_TYPES = new Set<string>(MEETING_EVENT_TYPES);

/** Whether the projection handles this stored event (by stream and type): everything else is skipped unparsed. */
export function handles(e: RecordedEvent): boolean {
  return (
    parseStreamId(e.streamId)?.kind === 'recommendation' ||
    (MEETING_TYPES.has(e.type) && parseStreamId(e.streamId)?.kind === 'meeting') ||
    e.type === 'UnitContactsSet' ||
    e.type === 'BodyContactsSet' ||
    NOTIFICATION_TYPES.has(e.type) ||
    READ_MARK_TYPES.has(e.type)
  );
}

/** Messages to units and bodies; others on notification streams (followers' emails) are another mailer's. */
const isOurs = (recipient: string) => recipient.startsWith('unit:') || recipient.startsWith('body:');
const cycleOf = (t: Tracked) => (t.kind === 'recommendation' ? t.cycle : 0);

/** The projection opened on the notifier's database: statements prepared, the batch's replanning state. */
export class NotificationsProjection {
  private readonly q;
  /** Subjects whose plan changed in the batch: replanned once at its end. */
  private readonly dirty = new Map<string, Tracked>();
  /** What each subject touched in the batch was before it: its plan is what `pending` holds for it (less what went out). */
  private readonly before = new Map<string, Tracked | undefined>();

  constructor(
    readonly db: Database.Database,
    private readonly rules: RuleConfig,
  ) {
    this.q = {
      tracked: db.prepare('SELECT json FROM tracked WHERE subject_id = ?').pluck(),
      saveTracked: db.prepare(
        'INSERT INTO tracked (subject_id, json) VALUES (?, ?) ON CONFLICT (subject_id) DO UPDATE SET json = excluded.json',
      ),
      allTracked: db.prepare('SELECT subject_id, json FROM tracked'),
      contacts: db.prepare(
        'INSERT INTO contacts (recipient, emails, language, digest) VALUES (?, ?, ?, ?) ON CONFLICT (recipient) DO UPDATE SET emails = excluded.emails, language = excluded.language, digest = excluded.digest',
      ),
      addDigest: db.prepare('INSERT OR IGNORE INTO digest (id, recipient, day, position, sent_at) VALUES (?, ?, ?, ?, ?)'),
      inDigest: db.prepare('UPDATE sent SET digest_id = ? WHERE id = ?'),
      pendingIds: db.prepare('SELECT id FROM pending WHERE subject_id = ?').pluck(),
      dropPending: db.prepare('DELETE FROM pending WHERE id = ?'),
      isSent: db.prepare('SELECT 1 FROM sent WHERE id = ?').pluck(),
      addPending: db.prepare(
        'INSERT OR IGNORE INTO pending (id, subject_id, subject_kind, recipient, rule, cycle, due_at, next_attempt_at, catch_up) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      addSent: db.prepare(
        'INSERT OR IGNORE INTO sent (id, position, recipient, rule, subject_id, subject_kind, due_at, sent_at, emails, message_id, title, via_digest) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      leased: db.prepare('UPDATE pending SET next_attempt_at = max(next_attempt_at, ?) WHERE id = ?'),
      failed: db.prepare('UPDATE pending SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE id = ?'),
      caughtUp: db.prepare('SELECT id, subject_id, rule, due_at FROM pending WHERE recipient = ? AND catch_up = 1'),
      digestRecorded: db.prepare('SELECT 1 FROM digest WHERE id = ?').pluck(),
      sentOf: db.prepare('SELECT recipient FROM sent WHERE id = ?').pluck(),
      mark: db.prepare('INSERT OR IGNORE INTO read_mark (sub, id) VALUES (?, ?)'),
      markThrough: db.prepare(
        'INSERT OR IGNORE INTO read_mark (sub, id) SELECT ?, s.id FROM sent s WHERE s.recipient IN (SELECT value FROM json_each(?)) AND s.position <= ?',
      ),
      setting: db.prepare('SELECT value FROM setting WHERE key = ?').pluck(),
      saveSetting: db.prepare('INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
      dropSetting: db.prepare('DELETE FROM setting WHERE key = ?'),
    };
  }

  /** Applies a batch of events the projection handles, in log order (inside the follower's transaction). */
  handle(batch: readonly RecordedEvent[], ctx: NotificationsContext): void {
    this.dirty.clear();
    this.before.clear();
    for (const recorded of batch) this.apply(recorded, upcasters.upcastStored<NotificationsEvent>(recorded));
    for (const [id, tracked] of this.dirty) this.replan(id, tracked, this.before.get(id), ctx.catchUpBefore);
    this.dirty.clear();
    this.before.clear();
  }

  /** Forgets the batch's state after a rolled-back batch. */
  reset(): void {
    this.dirty.clear();
    this.before.clear();
  }

  private apply(recorded: RecordedEvent, event: NotificationsEvent): void {
    const position = Number(recorded.position);
    switch (event.type) {
      case 'UnitContactsSet':
      case 'BodyContactsSet': {
        const d = event.data;
        const recipient = 'unitId' in d ? `unit:${d.unitId}` : `body:${d.bodyId}`;
        this.q.contacts.run(recipient, JSON.stringify(d.emails), d.language, d.digest === true ? 1 : 0);
        return;
      }
      case 'NotificationClaimed':
        this.q.leased.run(event.data.leaseUntil, event.data.notificationId);
        return;
      case 'NotificationFailed':
        this.q.failed.run(event.data.attempts, event.data.retryAt, event.data.error, event.data.notificationId);
        return;
      case 'NotificationSent': {
        const d = event.data;
        if (!isOurs(d.recipient)) return;
        const emails = JSON.stringify(d.emails);
        const viaDigest = d.digest === true ? 1 : 0;
        this.q.addSent.run(
          d.notificationId,
          position,
          d.recipient,
          d.rule,
          d.subjectId,
          d.subjectKind,
          d.dueAt,
          d.sentAt,
          emails,
          d.messageId,
          d.title,
          viaDigest,
        );
        this.q.dropPending.run(d.notificationId);
        const tracked = d.rule === 'OVERDUE' ? this.load(d.subjectId) : undefined;
        if (tracked?.kind === 'recommendation' && (!tracked.lastOverdue || tracked.lastOverdue < d.dueAt))
          this.dirty.set(d.subjectId, { ...tracked, lastOverdue: d.dueAt });
        return;
      }
      case 'DigestSent': {
        const d = event.data;
        if (!isOurs(d.recipient)) return;
        this.q.addDigest.run(d.digestId, d.recipient, d.day, position, d.sentAt);
        if (d.kind === 'catch-up') this.caughtUp(d.recipient, d.sentAt);
        else for (const id of d.notificationIds) this.q.inDigest.run(d.digestId, id);
        return;
      }
      case 'NotificationsRead':
        for (const id of event.data.ids) if (this.q.sentOf.get(id) !== undefined) this.q.mark.run(event.data.sub, id);
        return;
      case 'NotificationsReadThrough':
        this.q.markThrough.run(event.data.sub, JSON.stringify(event.data.recipients), Number(event.data.through));
        return;
      default:
        break;
    }
    const stream = parseStreamId(recorded.streamId);
    if (stream?.kind === 'recommendation') {
      const { id } = stream;
      const before = this.load(id);
      const was = before?.kind === 'recommendation' ? before : undefined;
      this.dirty.set(id, trackRecommendation(was, event as RecommendationEvent, recorded.recordedAt));
    } else if (stream?.kind === 'meeting') {
      const { id } = stream;
      const before = this.load(id);
      const after = trackMeeting(before?.kind === 'meeting' ? before : undefined, event as MeetingEvent, recorded.recordedAt);
      if (after) this.dirty.set(id, after);
    }
  }

  /**
   * A recipient's catch-up summary went out (here or elsewhere): what it covered is not sent one by
   * one; an overdue series goes on from the occurrence it covered.
   */
  private caughtUp(recipient: string, at: string): void {
    const rows = this.q.caughtUp.all(recipient) as Array<{ id: string; subject_id: string; rule: string; due_at: string }>;
    for (const row of rows) {
      this.q.dropPending.run(row.id);
      if (row.rule !== 'OVERDUE') continue;
      const tracked = this.load(row.subject_id);
      const covered = latestOccurrence(row.due_at, Date.parse(at), this.rules.overdueRepeatDays);
      if (tracked?.kind === 'recommendation' && (!tracked.lastOverdue || tracked.lastOverdue < covered))
        this.dirty.set(row.subject_id, { ...tracked, lastOverdue: covered });
    }
  }

  private load(subjectId: string): Tracked | undefined {
    const held = this.dirty.get(subjectId);
    if (held) return held;
    const json = this.q.tracked.get(subjectId) as string | undefined;
    const tracked = json ? (JSON.parse(json) as Tracked) : undefined;
    if (!this.before.has(subjectId)) this.before.set(subjectId, tracked);
    return tracked;
  }

  private add(p: PlannedNotification, cycle: number, catchUpBefore: string | null): void {
    if (this.q.isSent.get(p.id)) return;
    let catchUp = catchUpBefore !== null && p.dueAt < catchUpBefore ? 1 : 0;
    // The recipient's summary went out already (another notifier's first pass): covered, but an overdue series goes on.
    if (catchUp && this.q.digestRecorded.get(catchUpId(p.recipient, this.rules))) {
      if (p.rule !== 'OVERDUE') return;
      catchUp = 0;
    }
    this.q.addPending.run(p.id, p.subjectId, p.subjectKind, p.recipient, p.rule, cycle, p.dueAt, p.dueAt, catchUp);
  }

  // Only the difference between the old plan and the new one is written: most events change
  // little of it (catching up, this is most of the notifier's work).
  private replan(subjectId: string, tracked: Tracked, was: Tracked | undefined, catchUpBefore: string | null): void {
    const old = was ? plan(was, this.rules) : [];
    const planned = plan(tracked, this.rules);
    const oldSeeds = new Set(old.map((p) => p.seed));
    const newSeeds = new Set(planned.map((p) => p.seed));
    for (const p of old) if (!newSeeds.has(p.seed)) this.q.dropPending.run(p.id);
    for (const p of planned) if (!oldSeeds.has(p.seed)) this.add(p, cycleOf(tracked), catchUpBefore);
    this.q.saveTracked.run(subjectId, JSON.stringify(tracked));
  }

  /** The rules the pending reminders were planned with (null before the first plan). */
  plannedWith(): string | null {
    return (this.q.setting.get('rules') as string | undefined) ?? null;
  }

  /** The whole plan again, for every subject, after the rules changed: what is due by `catchUpBefore` goes to the summaries. */
  replanAll(catchUpBefore: string | null): void {
    for (const { subject_id: subjectId, json } of this.q.allTracked.all() as Array<{ subject_id: string; json: string }>) {
      const tracked = JSON.parse(json) as Tracked;
      const planned = plan(tracked, this.rules);
      const keep = new Set(planned.map((p) => p.id));
      for (const id of this.q.pendingIds.all(subjectId) as string[]) if (!keep.has(id)) this.q.dropPending.run(id);
      for (const p of planned) this.add(p, cycleOf(tracked), catchUpBefore);
    }
    this.q.saveSetting.run('rules', JSON.stringify(this.rules));
  }

  /** The moment a first pass over the log started (kept across restarts until it is over), or null. */
  firstPass(): string | null {
    return (this.q.setting.get('first_pass') as string | undefined) ?? null;
  }

  setFirstPass(at: string | null): void {
    if (at === null) this.q.dropSetting.run('first_pass');
    else this.q.saveSetting.run('first_pass', at);
  }

  /** Forgets a reminder past the window for late sending (an outage): this notifier will not send it. */
  expire(id: string): void {
    this.q.dropPending.run(id);
  }
}
