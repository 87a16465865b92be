import { EventEmitter } from 'node:events';
import { EventStore, RecordedEvent, Subscription } from '@gov/event-store';
import { ProjectionSet } from './projection-set';
import { ReadModelDb } from './read-model-db';

export class ProjectionTimeoutError extends Error {
  readonly code = 'TIMEOUT';
  constructor(position: bigint, reached: bigint) {
    super(`the read model has not reached position ${position} yet (it is at ${reached}); retry shortly`);
  }
}

/** Catch-up batches commit together; a crash mid-batch rolls the whole batch and its checkpoint back. */
const MAX_BATCH = 10_000;
/** Rows a replay from zero holds in memory before writing them. */
const REPLAY_HOLD = 50_000;

export interface ProjectorOptions {
  retryDelayMs?: number;
  onError?: (e: Error) => void;
  /** Events applied per batch while catching up. */
  maxBatch?: number;
}

/**
 * Keeps the read model in step with the log: an ordered subscription from the stored checkpoint,
 * each batch of events and the new checkpoint committed in one transaction (exactly once).
 *
 * A replay from zero (new or rebuilt read model) is one transaction instead: every page is written
 * once rather than once per batch, tables the projection can derive in one statement and the query
 * indexes are built at the end, and a crash leaves the empty read model the replay started from.
 */
export class Projector {
  private projections!: ProjectionSet;
  private readonly progress = new EventEmitter();
  private subscription: Subscription | null = null;
  private pending: RecordedEvent[] = [];
  private flushScheduled = false;
  private current: bigint;
  private failure: Error | null = null;
  private stopped = false;
  private readonly applyBatch;
  private commitBatch!: (batch: RecordedEvent[]) => void;
  /** True while a replay from zero holds its one transaction open. */
  private replaying = false;

  constructor(
    private readonly events: EventStore,
    readonly readModel: ReadModelDb,
    private readonly options: ProjectorOptions = {},
  ) {
    this.current = readModel.checkpoint().position;
    this.progress.setMaxListeners(0);
    this.applyBatch = (batch: RecordedEvent[]) => {
      this.projections.handle(batch, { replaying: this.replaying });
      // A replay's commit is at its end, so rows are written when enough are held, not per batch.
      if (!this.replaying || this.projections.heldBack >= REPLAY_HOLD) this.projections.flush();
      this.readModel.saveCheckpoint(batch[batch.length - 1]!.position);
    };
    try {
      this.openProjections();
    } catch (error) {
      if (!readModel.stale) throw error;
      // This version's projections cannot write the older file's tables (a column changed shape):
      // it cannot be served meanwhile, so it is replayed in place as a new one would be.
      readModel.reset();
      this.current = 0n;
      this.openProjections();
    }
  }

  /** Opens the projections on the read model's current file (again after it was replaced). */
  private openProjections(): void {
    this.projections = new ProjectionSet(this.readModel.connection);
    this.commitBatch = this.readModel.connection.transaction(this.applyBatch);
  }

  /**
   * Switches to a read model `builder` has built beside the served one (ReadModelUpgrade): stops
   * projecting into the served file, lets the builder reach at least the served position (so no
   * answer goes back in time), stops it, and replaces the file within one turn of the event loop;
   * then projects into the new file from its checkpoint. Queries never wait; read-your-writes
   * waits only while the builder covers the last few events.
   */
  async handOver(builder: Projector): Promise<boolean> {
    if (this.stopped) return false;
    const subscription = this.subscription;
    this.subscription = null;
    await subscription?.stop();
    this.flush();
    try {
      await builder.waitFor(this.current, 60_000);
    } catch (error) {
      this.subscribe();
      throw error;
    }
    await builder.stop();
    // Listeners (live subscriptions) hear of the events the builder applied past this position, too.
    const gap = builder.position - this.current;
    const caughtUp = gap > 0n ? await this.events.readAll({ after: this.current, maxCount: Number(gap) }) : [];
    if (this.stopped) return false;
    this.readModel.replaceWith(builder.readModel);
    this.openProjections();
    this.current = this.readModel.checkpoint().position;
    this.progress.emit('advanced', this.current);
    if (caughtUp.length) this.progress.emit('projected', caughtUp);
    this.subscribe();
    return true;
  }

  get position(): bigint {
    return this.current;
  }

  /** Resolves once caught up with the log as it stood at start. */
  start(): Promise<void> {
    return new Promise((resolve) => {
      this.subscribe(resolve);
    });
  }

  private subscribe(onCaughtUp?: () => void): void {
    // Catching up, events commit in full batches; live, each lands on the next turn of the loop.
    let live = false;
    if (this.current === 0n) this.beginReplay();
    this.subscription = this.events.subscribeToAll({
      after: this.current,
      onEvent: (event) => {
        this.pending.push(event);
        if (this.pending.length >= (this.options.maxBatch ?? MAX_BATCH)) this.flush();
        else if (live) this.scheduleFlush();
      },
      onCaughtUp: () => {
        live = true;
        this.flush();
        this.endReplay();
        this.readModel.ensureIndexes();
        onCaughtUp?.();
      },
      onError: (error) => this.recover(error, onCaughtUp),
    });
  }

  private beginReplay(): void {
    this.readModel.beginBulkLoad();
    this.readModel.connection.exec('BEGIN IMMEDIATE');
    this.replaying = true;
  }

  /** Completes a replay from zero: held-back rows, derived tables and query indexes, then one commit. */
  private endReplay(): void {
    if (!this.replaying) return;
    this.projections.flush();
    this.projections.derive();
    this.readModel.ensureIndexes();
    this.projections.deriveIndexed();
    this.readModel.connection.exec('COMMIT');
    this.readModel.endBulkLoad();
    this.replaying = false;
    this.progress.emit('advanced', this.current);
  }

  /** A dropped subscription or a failed batch resumes from the last committed checkpoint after a pause. */
  private recover(error: Error, onCaughtUp?: () => void): void {
    this.failure = error;
    if (this.replaying) {
      this.replaying = false;
      if (this.readModel.connection.inTransaction) this.readModel.connection.exec('ROLLBACK');
      this.readModel.endBulkLoad();
    }
    this.projections.reset();
    this.options.onError?.(error);
    const failed = this.subscription;
    this.subscription = null;
    this.pending = [];
    void failed?.stop().catch(() => undefined);
    this.current = this.readModel.checkpoint().position;
    setTimeout(() => {
      // A hand-over may have subscribed meanwhile.
      if (!this.stopped && !this.subscription) this.subscribe(onCaughtUp);
    }, this.options.retryDelayMs ?? 1000).unref();
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      try {
        this.flush();
      } catch (error) {
        this.recover(error as Error);
      }
    });
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    // Inside a replay's transaction a failed batch rolls the whole replay back (see recover).
    (this.replaying ? this.applyBatch : this.commitBatch)(batch);
    this.current = batch[batch.length - 1]!.position;
    this.failure = null;
    if (!this.replaying) this.progress.emit('advanced', this.current);
    this.progress.emit('projected', batch);
  }

  /** Listens to each applied batch (committed, or part of a replay from zero), e.g. to push changes to subscribers. */
  onProjected(listener: (batch: RecordedEvent[]) => void): () => void {
    this.progress.on('projected', listener);
    return () => this.progress.off('projected', listener);
  }

  /** Read-your-writes: resolves once the read model includes `position`, or fails after `timeoutMs`. */
  waitFor(position: bigint, timeoutMs = 5000): Promise<void> {
    if (this.current >= position) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onAdvance = (at: bigint) => {
        if (at < position) return;
        clearTimeout(timer);
        this.progress.off('advanced', onAdvance);
        resolve();
      };
      const timer = setTimeout(() => {
        this.progress.off('advanced', onAdvance);
        reject(new ProjectionTimeoutError(position, this.current));
      }, timeoutMs);
      this.progress.on('advanced', onAdvance);
    });
  }

  onAdvance(listener: (position: bigint) => void): () => void {
    this.progress.on('advanced', listener);
    return () => this.progress.off('advanced', listener);
  }

  get lastError(): Error | null {
    return this.failure;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const sub = this.subscription;
    this.subscription = null;
    await sub?.stop();
    this.flush();
    // Stopped mid-replay: keep what was replayed; the next start catches up from there.
    this.endReplay();
  }
}
