import { SentNotification } from '@gov/domain';
import { EventStore, RecordedEvent } from '@gov/event-store';
import { Clock } from './clock';
import { DigestSchedule } from './digest';
import { DueQueries } from './due-queries';
import { Leases, notificationStream } from './lease';
import { MailSender } from './mail-sender';
import { NotificationsFollower } from './notifications-follower';
import { NotifierDb } from './notifier-db';
import { ListedChange, NotifierPort } from './notifier-port';
import { READ_MARK_EVENT_TYPES } from './read-marks';
import { DEFAULT_RULES, RuleConfig } from './rules';
import { DEFAULT_STALE_MS, DeliveryOutcome, Scheduler, TickResult } from './scheduler';

export { notificationStream };
export type { DeliveryOutcome, TickResult };
export type SentRecord = SentNotification;
export const NOTIFICATION_SENT = 'NotificationSent';
export const NOTIFICATION_CLAIMED = 'NotificationClaimed';

export interface NotifierOptions {
  clock: Clock;
  /** Events applied (and committed) at once. */
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

const READ_MARKS = new Set<string>(READ_MARK_EVENT_TYPES);

// Catching up, a batch is one transaction: fewer, larger commits (the plan diff keeps each cheap).
const MAX_BATCH = 50_000;

/**
 * The notifier: the notifications projection on its follower (what is due, what was sent, who read
 * what), and the scheduler that asks it what is due, claims each message in the log through the
 * notification decider, sends it and records it, so two replicas, a restart or a replay never record
 * one twice, and send one twice only when a sender died between the SMTP server's acceptance and the
 * record (then with the same Message-ID).
 */
export class Notifier implements NotifierPort {
  private readonly follower: NotificationsFollower;
  private readonly scheduler: Scheduler;
  private readonly due: DueQueries;
  private readonly observers: Array<(outcome: DeliveryOutcome) => void> = [];
  private ticking: Promise<TickResult> | null = null;

  constructor(
    private readonly events: EventStore,
    readonly store: NotifierDb,
    private readonly options: NotifierOptions,
  ) {
    const rules = options.rules ?? DEFAULT_RULES;
    this.follower = new NotificationsFollower(events, store, {
      clock: options.clock,
      rules,
      maxBatch: options.maxBatch ?? MAX_BATCH,
      onError: options.onError,
    });
    this.due = new DueQueries(store.db);
    const leases = new Leases(events, {
      owner: options.owner,
      leaseMs: options.leaseMs ?? 120_000,
      backoff: { firstMs: options.backoffMs ?? 60_000, maxMs: options.maxBackoffMs ?? 3_600_000 },
    });
    this.scheduler = new Scheduler(this.due, this.follower.projection, leases, {
      clock: options.clock,
      // Read through the options on each send: a test may swap the sender.
      get mail() {
        return options.mail ?? null;
      },
      messageIdDomain: options.messageIdDomain ?? 'notifications.invalid',
      publicUrl: options.publicUrl,
      rules,
      digest: options.digest,
      staleAfterMs: options.staleAfterMs ?? DEFAULT_STALE_MS,
      concurrency: options.concurrency ?? 8,
      caughtUp: async () => this.waitFor(await events.headPosition()),
      report: (outcome) => this.observers.forEach((observer) => observer(outcome)),
    });
  }

  get position(): bigint {
    return this.follower.position;
  }

  /** Resolves once caught up with the log as it stood at start. */
  start(): Promise<void> {
    return this.follower.start();
  }

  /** Waits (bounded by the caller) until the notifier has applied the log up to `position`. */
  waitFor(position: bigint, timeoutMs = 10_000): Promise<void> {
    return this.follower.waitFor(position, timeoutMs);
  }

  onAdvance(listener: (position: bigint) => void): () => void {
    return this.follower.onAdvance(listener);
  }

  onApplied(listener: (batch: RecordedEvent[]) => void): () => void {
    return this.follower.onApplied(listener);
  }

  onListed(listener: (change: ListedChange) => void): () => void {
    return this.follower.onApplied((batch) => {
      const sent = batch.filter((e) => e.type === NOTIFICATION_SENT).map((e) => e.data as unknown as SentRecord);
      const readers = [...new Set(batch.filter((e) => READ_MARKS.has(e.type)).map((e) => String(e.data.sub)))];
      if (sent.length || readers.length) listener({ sent, readers });
    });
  }

  async stop(): Promise<void> {
    this.scheduler.stop();
    await this.follower.stop();
    await this.ticking?.catch(() => undefined);
  }

  /** Sends what is due now; one tick at a time per process. */
  tick(limit = 10_000): Promise<TickResult> {
    if (!this.ticking)
      this.ticking = this.scheduler.tick(limit).finally(() => {
        this.ticking = null;
      });
    return this.ticking;
  }

  /** Tells `observer` of every delivery attempt's outcome (metrics). */
  observe(observer: (outcome: DeliveryOutcome) => void): void {
    this.observers.push(observer);
  }

  /** Notifications due by now and not yet recorded as sent, and of them those waiting for a retry after a failure. */
  backlog(): { due: number; retrying: number } {
    return this.due.backlog(new Date(this.options.clock.now()).toISOString());
  }

  /** Deliveries that failed and wait for their next attempt: the admin's list. */
  failing(): ReturnType<DueQueries['failing']> {
    return this.due.failing();
  }
}
