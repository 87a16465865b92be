import { governanceMetadata, nameUuid } from '@gov/domain';
import { CheckpointedFollower, EventStore, RecordedEvent, WrongExpectedRevisionError } from '@gov/event-store';
import { Clock } from './clock';
import { NotificationsProjection, handles } from './notifications.projection';
import { NotifierDb } from './notifier-db';
import { NOTIFIER_ACTOR } from './lease';
import { RuleConfig } from './rules';

const remindersStream = (rules: RuleConfig) => `reminders-${nameUuid(`reminders started\n${JSON.stringify(rules)}`)}`;

/**
 * When reminders with these rules started, as the log has it: the first notifier to start with them
 * records the moment, every other one (a replica, a data dir started afresh) reads it, so all agree on
 * what was due before and goes into the catch-up summaries.
 */
async function remindersStarted(events: EventStore, rules: RuleConfig, now: string): Promise<string> {
  const stream = remindersStream(rules);
  const started = async () => (await events.readStream(stream, { maxCount: 1 }))[0]?.data.at as string | undefined;
  const known = await started();
  if (known) return known;
  try {
    await events.appendToStream(
      stream,
      [
        {
          id: crypto.randomUUID(),
          type: 'RemindersStarted',
          data: { rules: { ...rules }, at: now },
          metadata: governanceMetadata(
            {
              actor: NOTIFIER_ACTOR,
              commandId: null,
              commandType: 'StartReminders',
              correlationId: stream,
              causationId: stream,
              occurredAt: now,
            },
            'RemindersStarted',
          ),
        },
      ],
      { expectedRevision: 'no_stream' },
    );
    return now;
  } catch (error) {
    if (error instanceof WrongExpectedRevisionError) return (await started())!;
    throw error;
  }
}

export interface NotificationsFollowerOptions {
  clock: Clock;
  rules: RuleConfig;
  /** Events applied (and committed) at once. */
  maxBatch: number;
  onError?: (e: Error) => void;
}

/**
 * Keeps the notifications projection in step with the log: batches from its checkpoint, each
 * committed with the new checkpoint in one transaction. A first pass over a history (a checkpoint
 * of zero, or one left unfinished) and a rules change mark what is already due for the catch-up summaries.
 */
export class NotificationsFollower {
  readonly projection: NotificationsProjection;
  private readonly follower: CheckpointedFollower;
  private catchUpBefore: string | null = null;

  constructor(
    private readonly events: EventStore,
    readonly store: NotifierDb,
    private readonly options: NotificationsFollowerOptions,
  ) {
    const db = store.db;
    const projection = (this.projection = new NotificationsProjection(db, options.rules));
    const commit = db.transaction((batch: RecordedEvent[]) => {
      // Another process on the same data dir may have applied part of the batch already: an event
      // folded twice would, e.g., count a reopening twice.
      const reached = store.checkpoint();
      const fresh = batch.filter((e) => e.position > reached && handles(e));
      if (fresh.length) projection.handle(fresh, { catchUpBefore: this.catchUpBefore });
      const last = batch[batch.length - 1]!.position;
      if (last > reached) store.saveCheckpoint(last);
    });
    this.follower = new CheckpointedFollower(
      events,
      {
        readCheckpoint: () => store.checkpoint(),
        // Write-locked from the start, so two processes' batches queue on the lock instead of one failing.
        apply: (batch) => commit.immediate(batch),
        onCaughtUp: () => {
          if (this.catchUpBefore === null) return;
          this.catchUpBefore = null;
          projection.setFirstPass(null);
        },
        reset: () => projection.reset(),
      },
      {
        maxBatch: options.maxBatch,
        onError: options.onError,
        timeoutError: (position) => new Error(`notifier has not reached position ${position}`),
      },
    );
  }

  get position(): bigint {
    return this.follower.position;
  }

  /** True while the first pass over the log has not caught up. */
  get firstPass(): boolean {
    return this.catchUpBefore !== null;
  }

  /** Resolves once caught up with the log as it stood at start. */
  async start(): Promise<void> {
    const { store, projection, options } = this;
    const fresh = store.checkpoint() === 0n && projection.firstPass() === null;
    const rulesChanged = projection.plannedWith() !== JSON.stringify(options.rules);
    if (fresh || rulesChanged) {
      const started = await remindersStarted(this.events, options.rules, new Date(options.clock.now()).toISOString());
      // Marked before the first batch, so a crash mid-pass resumes it as a first pass with the same moment.
      store.db
        .transaction(() => {
          if (fresh) projection.setFirstPass(started);
          if (rulesChanged) projection.replanAll(started);
        })
        .immediate();
    }
    this.catchUpBefore = projection.firstPass();
    return this.follower.start();
  }

  stop(): Promise<void> {
    return this.follower.stop();
  }

  waitFor(position: bigint, timeoutMs = 10_000): Promise<void> {
    return this.follower.waitFor(position, timeoutMs);
  }

  onAdvance(listener: (position: bigint) => void): () => void {
    return this.follower.onAdvance(listener);
  }

  onApplied(listener: (batch: RecordedEvent[]) => void): () => void {
    return this.follower.onApplied(listener);
  }
}
