import { EventEmitter } from 'node:events';
import { EventStore, RecordedEvent, Subscription } from './event-store.port';

/** What the owner of a checkpointed follower (a projector, the notifier) brings: its checkpoint and how it applies a batch. */
export interface CheckpointedConsumer {
  /** The position the owner's committed state includes; read at start, after a failure and on resume. */
  readCheckpoint(): bigint;
  /**
   * Applies a batch and stores its last position as the checkpoint, in one transaction (exactly once).
   * Returns false when the batch went into a transaction the owner keeps open (a replay from zero);
   * the owner then calls `committed()` once it commits.
   */
  apply(batch: RecordedEvent[]): boolean | void;
  /** Before each subscription, with the position it starts after. */
  beforeSubscribe?(after: bigint): void;
  /** Caught up with the log as it stood when the subscription started (pending events are applied). */
  onCaughtUp?(): void;
  /** A batch failed or the subscription dropped: forget whatever was applied but not committed. */
  reset?(error: Error): void;
}

export interface CheckpointedFollowerOptions {
  /** Events applied per batch while catching up. */
  maxBatch: number;
  /** Pause before resubscribing after a failure. */
  retryDelayMs?: number;
  onError?: (error: Error) => void;
  /** The error `waitFor` rejects with when `position` is not reached in time. */
  timeoutError?: (position: bigint, reached: bigint) => Error;
}

/**
 * Follows the log from the owner's checkpoint and hands it the events in batches: full batches
 * while catching up, then on caught-up, then live on the next turn of the event loop. A dropped
 * subscription or a failed batch resumes from the owner's committed checkpoint after a pause, so
 * no event is lost or applied twice. Waiters and listeners hear of each committed advance.
 */
export class CheckpointedFollower {
  private readonly progress = new EventEmitter();
  private subscription: Subscription | null = null;
  private pending: RecordedEvent[] = [];
  private flushScheduled = false;
  private current: bigint;
  private failure: Error | null = null;
  private stopped = false;
  /** Set while the owner holds the log still (a hand-over); a retry must not resubscribe then. */
  private paused = false;
  private caughtUp: (() => void) | null = null;

  constructor(
    private readonly events: EventStore,
    private readonly consumer: CheckpointedConsumer,
    private readonly options: CheckpointedFollowerOptions,
  ) {
    this.current = consumer.readCheckpoint();
    this.progress.setMaxListeners(0);
  }

  /** The position of the last batch applied. */
  get position(): bigint {
    return this.current;
  }

  get lastError(): Error | null {
    return this.failure;
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  /** Resolves once caught up with the log as it stood at start. */
  start(): Promise<void> {
    return new Promise((resolve) => {
      this.caughtUp = resolve;
      this.subscribe();
    });
  }

  /** Stops following without stopping for good and applies what is pending; `resume` goes on. */
  async pause(): Promise<void> {
    this.paused = true;
    await this.unsubscribe();
  }

  /**
   * Follows again from the owner's checkpoint (which may have moved while paused) and tells
   * listeners of it and of `passed`, events it covers that they have not heard of.
   */
  resume(passed: RecordedEvent[] = []): void {
    this.paused = false;
    this.current = this.consumer.readCheckpoint();
    this.progress.emit('advanced', this.current);
    if (passed.length) this.progress.emit('applied', passed);
    this.subscribe();
  }

  /** The owner committed what it held open (see `CheckpointedConsumer.apply`). */
  committed(): void {
    this.progress.emit('advanced', this.current);
  }

  /** Stops following and applies what is pending. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.unsubscribe();
  }

  /** Resolves once the owner's committed state includes `position`, or fails after `timeoutMs`. */
  waitFor(position: bigint, timeoutMs: number): Promise<void> {
    return waitForPosition(
      this.progress,
      () => this.current,
      position,
      timeoutMs,
      () => this.options.timeoutError?.(position, this.current) ?? new Error(`not at position ${position} yet (at ${this.current})`),
    );
  }

  /** Listens to each committed advance of the position. */
  onAdvance(listener: (position: bigint) => void): () => void {
    this.progress.on('advanced', listener);
    return () => this.progress.off('advanced', listener);
  }

  /** Listens to each applied batch (committed, or held in the owner's open transaction). */
  onApplied(listener: (batch: RecordedEvent[]) => void): () => void {
    this.progress.on('applied', listener);
    return () => this.progress.off('applied', listener);
  }

  /** Ends the subscription, then applies what it had handed over. */
  private async unsubscribe(): Promise<void> {
    const subscription = this.subscription;
    this.subscription = null;
    await subscription?.stop();
    this.flush();
  }

  private subscribe(): void {
    // Catching up, events are applied in full batches; live, each lands on the next turn of the loop.
    let live = false;
    this.consumer.beforeSubscribe?.(this.current);
    this.subscription = this.events.subscribeToAll({
      after: this.current,
      onEvent: (event) => {
        this.pending.push(event);
        if (this.pending.length >= this.options.maxBatch) this.flush();
        else if (live) this.scheduleFlush();
      },
      onCaughtUp: () => {
        live = true;
        this.flush();
        this.consumer.onCaughtUp?.();
        this.caughtUp?.();
      },
      onError: (error) => this.recover(error),
    });
  }

  /** A dropped subscription or a failed batch resumes from the owner's committed checkpoint after a pause. */
  private recover(error: Error): void {
    this.failure = error;
    this.consumer.reset?.(error);
    this.options.onError?.(error);
    const failed = this.subscription;
    this.subscription = null;
    this.pending = [];
    void failed?.stop().catch(() => undefined);
    const before = this.current;
    this.current = this.consumer.readCheckpoint();
    // Another process sharing the owner's file may have committed further meanwhile.
    if (this.current > before) this.progress.emit('advanced', this.current);
    setTimeout(() => {
      if (!this.stopped && !this.paused && !this.subscription) this.subscribe();
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
    const committed = this.consumer.apply(batch) !== false;
    this.current = batch[batch.length - 1]!.position;
    this.failure = null;
    if (committed) this.progress.emit('advanced', this.current);
    this.progress.emit('applied', batch);
  }
}

/**
 * Resolves once `current()` has reached `position`, as told by `advanced` events on `progress`,
 * or rejects with `timeoutError()` after `timeoutMs`.
 */
export function waitForPosition(
  progress: EventEmitter,
  current: () => bigint,
  position: bigint,
  timeoutMs: number,
  timeoutError: () => Error,
): Promise<void> {
  if (current() >= position) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAdvance = (at: bigint) => {
      if (at < position) return;
      clearTimeout(timer);
      progress.off('advanced', onAdvance);
      resolve();
    };
    const timer = setTimeout(() => {
      progress.off('advanced', onAdvance);
      reject(timeoutError());
    }, timeoutMs);
    progress.on('advanced', onAdvance);
  });
}
