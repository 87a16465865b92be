import { CheckpointedFollower, EventStore, RecordedEvent } from '@gov/event-store';
import { ProjectionSet } from './projection-set';
import { ReadModelDb } from './read-model-db';

export class ProjectionTimeoutError extends Error {
  readonly code = 'TIMEOUT';
  constructor(position: bigint, reached: bigint) {
    super(`the read model has not reached position ${position} yet (it is at ${reached}); retry shortly`);
  }
}

/**
 * Catch-up batches commit together; a crash mid-batch rolls the whole batch and its checkpoint back.
 * A batch's parsed events live until it is applied: 10 000 outlived the young generation, and
 * copying and promoting them was a sixth of a replay's CPU.
 */
const MAX_BATCH = 1_000;
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
  private readonly follower: CheckpointedFollower;
  private readonly applyBatch;
  private commitBatch!: (batch: RecordedEvent[]) => void;
  /** True while a replay from zero holds its one transaction open. */
  private replaying = false;
  /** The checkpoint this process last wrote, to notice when another process wrote after it. */
  private committedPosition = 0n;

  constructor(
    private readonly events: EventStore,
    readonly readModel: ReadModelDb,
    options: ProjectorOptions = {},
  ) {
    this.applyBatch = (given: RecordedEvent[]) => {
      // Another service process on the same data dir may have projected part of the batch already:
      // what it applied is skipped (projecting an event twice would count it twice), and the
      // projections' cached state is forgotten, as the tables it cached have moved on.
      const reached = this.readModel.checkpoint().position;
      if (reached !== this.committedPosition) this.projections.reset();
      const batch = reached < given[0]!.position ? given : given.filter((e) => e.position > reached);
      this.committedPosition = given[given.length - 1]!.position;
      if (batch.length === 0) return;
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
      this.openProjections();
    }
    this.follower = new CheckpointedFollower(
      events,
      {
        readCheckpoint: () => (this.committedPosition = this.readModel.checkpoint().position),
        // Inside a replay's transaction a failed batch rolls the whole replay back (see reset).
        apply: (batch) => {
          (this.replaying ? this.applyBatch : this.commitBatch)(batch);
          return !this.replaying;
        },
        beforeSubscribe: (after) => {
          if (after === 0n) this.beginReplay();
        },
        onCaughtUp: () => {
          this.endReplay();
          this.readModel.ensureIndexes();
        },
        reset: () => {
          if (this.replaying) {
            this.replaying = false;
            if (this.readModel.connection.inTransaction) this.readModel.connection.exec('ROLLBACK');
            this.readModel.endBulkLoad();
          }
          this.projections.reset();
        },
      },
      {
        maxBatch: options.maxBatch ?? MAX_BATCH,
        retryDelayMs: options.retryDelayMs,
        onError: options.onError,
        timeoutError: (position, reached) => new ProjectionTimeoutError(position, reached),
      },
    );
  }

  /** Opens the projections on the read model's current file (again after it was replaced). */
  private openProjections(): void {
    this.projections = new ProjectionSet(this.readModel.connection);
    const commit = this.readModel.connection.transaction(this.applyBatch);
    // Write-locked from the start: the checkpoint read decides what to skip, and two processes'
    // batches queue on the lock (busy timeout) instead of one failing when it upgrades to write.
    this.commitBatch = (batch) => commit.immediate(batch);
  }

  /**
   * Switches to a read model `builder` has built beside the served one (ReadModelUpgrade): stops
   * projecting into the served file, lets the builder reach at least the served position (so no
   * answer goes back in time), stops it, and replaces the file within one turn of the event loop;
   * then projects into the new file from its checkpoint. Queries never wait; read-your-writes
   * waits only while the builder covers the last few events.
   */
  async handOver(builder: Projector): Promise<boolean> {
    if (this.follower.isStopped) return false;
    await this.follower.pause().catch((error: unknown) => {
      // The last batch failed on a damaged served file: nothing of it was committed, and the builder covers it.
      if (!this.readModel.damaged) throw error;
    });
    try {
      await builder.waitFor(this.position, 60_000);
    } catch (error) {
      this.follower.resume();
      throw error;
    }
    await builder.stop();
    // Listeners (live subscriptions) hear of the events the builder applied past this position, too.
    const gap = builder.position - this.position;
    const caughtUp = gap > 0n ? await this.events.readAll({ after: this.position, maxCount: Number(gap) }) : [];
    if (this.follower.isStopped) return false;
    this.readModel.replaceWith(builder.readModel);
    this.openProjections();
    this.follower.resume(caughtUp);
    return true;
  }

  get position(): bigint {
    return this.follower.position;
  }

  /** Resolves once caught up with the log as it stood at start. */
  start(): Promise<void> {
    return this.follower.start();
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
    this.follower.committed();
  }

  /** Listens to each applied batch (committed, or part of a replay from zero), e.g. to push changes to subscribers. */
  onProjected(listener: (batch: RecordedEvent[]) => void): () => void {
    return this.follower.onApplied(listener);
  }

  /**
   * Read-your-writes: resolves once the read model includes `position`, or fails after `timeoutMs`;
   * at once with the damage while the served file is damaged (it is being rebuilt: a retry succeeds).
   */
  waitFor(position: bigint, timeoutMs = 5000): Promise<void> {
    const damaged = this.readModel.damaged;
    if (damaged && this.position < position) return Promise.reject(damaged);
    return this.follower.waitFor(position, timeoutMs);
  }

  onAdvance(listener: (position: bigint) => void): () => void {
    return this.follower.onAdvance(listener);
  }

  get lastError(): Error | null {
    return this.follower.lastError;
  }

  async stop(): Promise<void> {
    await this.follower.stop();
    // Stopped mid-replay: keep what was replayed; the next start catches up from there.
    this.endReplay();
  }
}
