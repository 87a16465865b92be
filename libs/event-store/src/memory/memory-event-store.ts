import { EventEmitter } from 'node:events';
import {
  AppendResult,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
  checkExpectedRevision,
  findIdempotentReplay,
} from '../event-store.port';
import { followLog } from '../follow-log';
import { chainEvents } from '../hash-chain';

/** Deep copies in and out, so callers can no more change stored history here than in a file. */
const copy = <T>(value: T): T => structuredClone(value);

/**
 * The event log in process memory: for application-layer tests that need a real store but no
 * file or server. It passes the same conformance suite as the SQLite and EventStoreDB adapters.
 */
export class InMemoryEventStore implements EventStore {
  readonly name = 'memory';
  private readonly log: RecordedEvent[] = [];
  private readonly streams = new Map<string, RecordedEvent[]>();
  private readonly appended = new EventEmitter();
  private closed = false;

  constructor(private readonly now: () => Date = () => new Date()) {
    this.appended.setMaxListeners(0);
  }

  async appendToStream(
    streamId: string,
    events: EventToAppend[],
    options: { expectedRevision?: ExpectedRevision } = {},
  ): Promise<AppendResult> {
    this.assertOpen();
    // Everything below runs without an await, so an append is atomic like a transaction.
    const stream = this.streams.get(streamId) ?? [];
    const replay = findIdempotentReplay(streamId, events, (id) => stream.find((e) => e.id === id));
    if (replay) return replay;
    const head = stream.at(-1);
    checkExpectedRevision(streamId, options.expectedRevision ?? 'any', head?.revision ?? null);
    const recordedAt = this.now().toISOString();
    const chain = chainEvents(head && { revision: head.revision, hash: head.metadata.hash }, events);
    for (const { event, revision, prevHash, hash } of chain.chained) {
      const recorded: RecordedEvent = {
        streamId,
        id: event.id,
        type: event.type,
        revision,
        position: BigInt(this.log.length + 1),
        data: copy(event.data),
        metadata: { ...copy(event.metadata ?? {}), prevHash, hash },
        recordedAt,
      };
      stream.push(recorded);
      this.log.push(recorded);
    }
    this.streams.set(streamId, stream);
    if (events.length > 0) this.appended.emit('append');
    const last = stream.at(-1);
    return {
      nextExpectedRevision: last?.revision ?? -1n,
      position: last?.position ?? BigInt(this.log.length),
      idempotentReplay: false,
    };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const stream = this.streams.get(streamId) ?? [];
    const backwards = options.direction === 'backwards';
    const from = options.fromRevision;
    const selected = backwards
      ? stream.filter((e) => from === undefined || e.revision <= from).reverse()
      : stream.filter((e) => from === undefined || e.revision >= from);
    return copy(selected.slice(0, options.maxCount ?? selected.length));
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    // Positions are 1-based indexes into the log.
    const start = Number(options.after ?? 0n);
    return copy(this.log.slice(start, options.maxCount === undefined ? undefined : start + options.maxCount));
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    return followLog(
      {
        appended: this.appended,
        isClosed: () => this.closed,
        pageSize: 1000,
        // Positions are 1-based indexes into the log.
        readPage: (after, pageSize) => copy(this.log.slice(Number(after), Number(after) + pageSize)),
      },
      options,
    );
  }

  async headPosition(): Promise<bigint> {
    return BigInt(this.log.length);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.appended.emit('append');
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the in-memory event store is closed');
  }
}
