import { EventEmitter } from 'node:events';
import { upcasters } from '@gov/domain';
import { EventStore, RecordedEvent, Subscription } from '@gov/event-store';
import { Projection } from './projection';
import { ReadModelDb } from './read-model-db';

export class ProjectionTimeoutError extends Error {
  readonly code = 'TIMEOUT';
  constructor(position: bigint, reached: bigint) {
    super(`the read model has not reached position ${position} yet (it is at ${reached}); retry shortly`);
  }
}

/** Catch-up batches commit together; a crash mid-batch rolls the whole batch and its checkpoint back. */
const MAX_BATCH = 10_000;

/**
 * Keeps the read model in step with the log: an ordered subscription from the stored checkpoint,
 * each batch of events and the new checkpoint committed in one transaction (exactly once).
 */
export class Projector {
  private readonly projection: Projection;
  private readonly progress = new EventEmitter();
  private subscription: Subscription | null = null;
  private pending: RecordedEvent[] = [];
  private flushScheduled = false;
  private current: bigint;
  private failure: Error | null = null;
  private stopped = false;
  private readonly commitBatch;
  private readonly saveCheckpoint;

  constructor(
    private readonly events: EventStore,
    readonly readModel: ReadModelDb,
    private readonly options: { retryDelayMs?: number; onError?: (e: Error) => void } = {},
  ) {
    this.projection = new Projection(readModel.db);
    this.current = readModel.checkpoint().position;
    this.progress.setMaxListeners(0);
    this.saveCheckpoint = readModel.db.prepare('UPDATE checkpoint SET position = ? WHERE id = 1');
    this.commitBatch = readModel.db.transaction((batch: RecordedEvent[]) => {
      for (const e of batch) {
        this.projection.apply(e, upcasters.upcast(e.type, e.data, Number(e.metadata.schemaVersion ?? 1)));
      }
      this.saveCheckpoint.run(Number(batch[batch.length - 1].position));
    });
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
    this.subscription = this.events.subscribeToAll({
      after: this.current,
      onEvent: (event) => {
        this.pending.push(event);
        if (this.pending.length >= MAX_BATCH) this.flush();
        else this.scheduleFlush();
      },
      onCaughtUp: () => {
        this.flush();
        onCaughtUp?.();
      },
      onError: (error) => this.recover(error, onCaughtUp),
    });
  }

  /** A dropped subscription or a failed batch resumes from the last committed checkpoint after a pause. */
  private recover(error: Error, onCaughtUp?: () => void): void {
    this.failure = error;
    this.projection.reset();
    this.options.onError?.(error);
    const failed = this.subscription;
    this.subscription = null;
    this.pending = [];
    void failed?.stop().catch(() => undefined);
    this.current = this.readModel.checkpoint().position;
    setTimeout(() => {
      if (!this.stopped) this.subscribe(onCaughtUp);
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
    this.commitBatch(batch);
    this.current = batch[batch.length - 1].position;
    this.failure = null;
    this.progress.emit('advanced', this.current);
    this.progress.emit('projected', batch);
  }

  /** Listens to each committed batch, e.g. to push changes to subscribers. */
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
  }
}
