import type { UnavailableError } from './unavailable';

/**
 * The event log port. Revisions start at 0 within a stream, as in EventStoreDB; positions are
 * global and ordered. Both are bigint here and decimal strings at every outer boundary.
 */
export type ExpectedRevision = 'no_stream' | 'stream_exists' | 'any' | bigint;

export interface EventToAppend {
  /** Unique per event: appending an id that the stream already holds is an idempotent retry. */
  id: string;
  type: string;
  data: Record<string, unknown>;
  metadata?: Record<string, unknown>;
}

export interface RecordedEvent {
  streamId: string;
  id: string;
  type: string;
  revision: bigint;
  position: bigint;
  data: Record<string, unknown>;
  metadata: EventMetadata;
  recordedAt: string;
}

/** The store adds the per-stream hash chain; the write side adds the rest (actor, ids, times). */
export interface EventMetadata extends Record<string, unknown> {
  prevHash: string;
  hash: string;
}

export interface AppendResult {
  /** Revision of the last event in the stream after the append. */
  nextExpectedRevision: bigint;
  /** Global position of the last event appended (or found, for a retry). */
  position: bigint;
  /** True when every event was already in the stream: nothing was written. */
  idempotentReplay: boolean;
}

export interface ReadStreamOptions {
  direction?: 'forwards' | 'backwards';
  /** Inclusive. Defaults to the start (forwards) or the end (backwards). */
  fromRevision?: bigint;
  maxCount?: number;
}

export interface ReadAllOptions {
  /** Exclusive: events strictly after this position. Omit to start at the beginning. */
  after?: bigint;
  maxCount?: number;
}

export interface SubscribeOptions {
  /** Exclusive checkpoint: deliver events strictly after it. Omit to start at the beginning. */
  after?: bigint;
  /** Called in log order, one at a time: the next event waits until the promise settles. */
  onEvent(event: RecordedEvent): Promise<void> | void;
  /** Called once caught up with the log as it stood when the subscription started. */
  onCaughtUp?(): void;
  /** Called when the subscription fails for good (the handler threw, or the store closed). */
  onError?(error: Error): void;
}

export interface Subscription {
  stop(): Promise<void>;
}

export interface EventStore {
  readonly name: string;
  appendToStream(streamId: string, events: EventToAppend[], options?: { expectedRevision?: ExpectedRevision }): Promise<AppendResult>;
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  subscribeToAll(options: SubscribeOptions): Subscription;
  /** Position of the last event in the log, 0n when empty. */
  headPosition(): Promise<bigint>;
  /**
   * Why the log cannot take writes now (a full disk, a file it cannot write), or null. Stores that
   * know it (a local file) tell it from the last write and check again on each call while it lasts.
   */
  writeFault?(): UnavailableError | null;
  /**
   * Tells `listener` of appends other processes made (the stream and its last revision now) as soon
   * as this store hears of them, so that what a writer remembers of a stream can be dropped before
   * it is used; stores only this process writes never call it. Returns a function that stops telling.
   */
  onAppendedElsewhere?(listener: (streamId: string, revision: bigint) => void): () => void;
  close(): Promise<void>;
}

export class WrongExpectedRevisionError extends Error {
  readonly code = 'CONFLICT';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    /** The stream's current revision, or 'no_stream'. */
    readonly actual: bigint | 'no_stream',
  ) {
    super(`stream ${streamId} is at revision ${String(actual)}, expected ${String(expected)}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

export class IdempotencyMismatchError extends Error {
  readonly code = 'CONFLICT';
  constructor(
    readonly streamId: string,
    readonly eventId: string,
  ) {
    super(`event ${eventId} is already in stream ${streamId}, but this append differs from the one that wrote it`);
    this.name = 'IdempotencyMismatchError';
  }
}

export function expectedRevisionHolds(expected: ExpectedRevision, current: bigint | null): boolean {
  return (
    expected === 'any' ||
    (expected === 'no_stream' && current === null) ||
    (expected === 'stream_exists' && current !== null) ||
    (typeof expected === 'bigint' && current === expected)
  );
}

export function checkExpectedRevision(streamId: string, expected: ExpectedRevision, current: bigint | null): void {
  if (!expectedRevisionHolds(expected, current)) throw new WrongExpectedRevisionError(streamId, expected, current ?? 'no_stream');
}

/** A value a client sent that cannot be used (a malformed position or cursor): the client's fault, not a bug. */
export class InvalidInputError extends Error {
  readonly code = 'BAD_USER_INPUT';
  constructor(message: string) {
    super(message);
    this.name = 'InvalidInputError';
  }
}

/** Parses a revision or position sent as a decimal string; rejects anything lossy or negative. */
export function parseBigInt(field: string, value: string): bigint {
  if (!/^(0|[1-9]\d{0,19})$/.test(value)) throw new InvalidInputError(`${field} must be a non-negative decimal integer`);
  return BigInt(value);
}

/**
 * Decides whether an append is a retry of one already stored: its first event id is in the
 * stream. Then every event must match, in order, or the caller reused ids for different events.
 */
export function findIdempotentReplay(
  streamId: string,
  events: EventToAppend[],
  lookup: (eventId: string) => { revision: bigint; position: bigint; type: string } | undefined,
): AppendResult | null {
  if (events.length === 0) return null;
  const found = events.map((e) => lookup(e.id));
  const first = found[0];
  if (!first) {
    const clash = found.findIndex(Boolean);
    if (clash >= 0) throw new IdempotencyMismatchError(streamId, events[clash]!.id);
    return null;
  }
  found.forEach((row, i) => {
    if (!row || row.type !== events[i]!.type || row.revision !== first.revision + BigInt(i))
      throw new IdempotencyMismatchError(streamId, events[i]!.id);
  });
  const last = found[found.length - 1]!;
  return { nextExpectedRevision: last.revision, position: last.position, idempotentReplay: true };
}
