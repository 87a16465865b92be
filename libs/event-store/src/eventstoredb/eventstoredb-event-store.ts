import {
  AllStreamResolvedEvent,
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  NO_STREAM,
  Position,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
  excludeSystemEvents,
  jsonEvent,
} from '@eventstore/db-client';
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
  WrongExpectedRevisionError,
  checkExpectedRevision,
  findIdempotentReplay,
} from '../event-store.port';
import { chainEvents } from '../hash-chain';

const U64 = 1n << 64n;
/**
 * EventStoreDB positions are (commit, prepare) pairs and events of one append share the commit
 * part; folding both into one ordered bigint keeps the port's single global position.
 */
export const encodePosition = (p: Position): bigint => p.commit * U64 + p.prepare;
export const decodePosition = (p: bigint): Position => ({ commit: p / U64, prepare: p % U64 });

const PAGE = 500;
const CHAIN_RETRIES = 5;

export interface EventStoreDbOptions {
  connectionString: string;
  /** Backoff bounds for resubscribing after a dropped subscription. */
  minBackoffMs?: number;
  maxBackoffMs?: number;
}

export class EventStoreDbEventStore implements EventStore {
  readonly name = 'eventstoredb';
  private readonly client: EventStoreDBClient;

  constructor(private readonly options: EventStoreDbOptions) {
    this.client = EventStoreDBClient.connectionString(options.connectionString);
  }

  async appendToStream(
    streamId: string,
    events: EventToAppend[],
    options: { expectedRevision?: ExpectedRevision } = {},
  ): Promise<AppendResult> {
    const expected = options.expectedRevision ?? 'any';
    for (let attempt = 0; ; attempt++) {
      const existing = await this.readStream(streamId);
      const byId = new Map(existing.map((e) => [e.id, e]));
      const replay = findIdempotentReplay(streamId, events, (id) => byId.get(id));
      if (replay) return replay;
      const head = existing[existing.length - 1];
      checkExpectedRevision(streamId, expected, head ? head.revision : null);
      if (events.length === 0)
        return { nextExpectedRevision: head?.revision ?? -1n, position: head?.position ?? 0n, idempotentReplay: false };
      const chain = chainEvents(head && { revision: head.revision, hash: String(head.metadata.hash) }, events);
      const payload = chain.chained.map(({ event: e, prevHash, hash }) => {
        const metadata = { ...(e.metadata ?? {}), prevHash, hash, recordedAt: new Date().toISOString() };
        return jsonEvent({ id: e.id, type: e.type, data: e.data, metadata });
      });
      try {
        // Pin the revision we chained onto, so a racing writer cannot fork the hash chain.
        const result = await this.client.appendToStream(streamId, payload, { expectedRevision: head ? head.revision : NO_STREAM });
        return {
          nextExpectedRevision: result.nextExpectedRevision,
          position: result.position ? encodePosition(result.position) : 0n,
          idempotentReplay: false,
        };
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw error;
        const actual = error.actualVersion === NO_STREAM ? 'no_stream' : error.actualVersion;
        if (typeof expected === 'bigint' || expected === 'no_stream' || attempt >= CHAIN_RETRIES)
          throw new WrongExpectedRevisionError(streamId, expected, actual);
      }
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const out: RecordedEvent[] = [];
    try {
      const read = this.client.readStream(streamId, {
        direction: backwards ? BACKWARDS : FORWARDS,
        fromRevision: options.fromRevision ?? (backwards ? END : START),
        maxCount: options.maxCount ?? Number.MAX_SAFE_INTEGER,
      });
      for await (const resolved of read) out.push(toRecorded(resolved as AllStreamResolvedEvent));
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return out;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const max = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    const out: RecordedEvent[] = [];
    let after = options.after;
    while (out.length < max) {
      const page = await this.readAllPage(after, Math.min(PAGE, max - out.length));
      out.push(...page);
      if (page.length === 0) break;
      after = page[page.length - 1]!.position;
    }
    return out;
  }

  /** One page strictly after `after`; ESDB reads from a position inclusively, so that one is skipped. */
  private async readAllPage(after: bigint | undefined, count: number): Promise<RecordedEvent[]> {
    const out: RecordedEvent[] = [];
    const read = this.client.readAll({
      direction: FORWARDS,
      fromPosition: after === undefined ? START : decodePosition(after),
      maxCount: count + 1,
    });
    for await (const resolved of read) {
      if (!resolved.event || isSystem(resolved)) continue;
      const event = toRecorded(resolved);
      if (after !== undefined && event.position <= after) continue;
      out.push(event);
      if (out.length === count) break;
    }
    return out;
  }

  async headPosition(): Promise<bigint> {
    for await (const resolved of this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 50 })) {
      if (resolved.event && !isSystem(resolved)) return toRecorded(resolved).position;
    }
    return 0n;
  }

  /** Catches up by paging, then goes live; a dropped live subscription resumes from its checkpoint. */
  subscribeToAll(options: SubscribeOptions): Subscription {
    let stopped = false;
    let live: { unsubscribe(): Promise<void> } | null = null;
    let checkpoint = options.after;
    const minBackoff = this.options.minBackoffMs ?? 100;
    const maxBackoff = this.options.maxBackoffMs ?? 10_000;
    const deliver = async (event: RecordedEvent) => {
      if (checkpoint !== undefined && event.position <= checkpoint) return;
      try {
        await options.onEvent(event);
      } catch (error) {
        // Tagged so the resubscribe loop stops instead of retrying a failing handler forever.
        throw Object.assign(error instanceof Error ? error : new Error(String(error)), { [HANDLER_ERROR]: true });
      }
      checkpoint = event.position;
    };
    const run = async () => {
      for (;;) {
        const page = await this.readAllPage(checkpoint, PAGE);
        for (const event of page) {
          if (stopped) return;
          await deliver(event);
        }
        if (page.length < PAGE) break;
      }
      options.onCaughtUp?.();
      let backoff = minBackoff;
      while (!stopped) {
        try {
          const subscription = this.client.subscribeToAll({
            fromPosition: checkpoint === undefined ? START : decodePosition(checkpoint),
            filter: excludeSystemEvents(),
          });
          live = subscription;
          for await (const resolved of subscription) {
            if (stopped) break;
            if (!resolved.event || isSystem(resolved)) continue;
            await deliver(toRecorded(resolved));
            backoff = minBackoff;
          }
        } catch (error) {
          if (stopped) return;
          if (isHandlerError(error)) throw error;
        }
        if (stopped) return;
        await new Promise((r) => setTimeout(r, backoff));
        backoff = Math.min(maxBackoff, backoff * 2);
      }
    };
    const finished = run().catch((error: Error) => {
      if (!stopped) options.onError?.(error);
    });
    return {
      stop: async () => {
        stopped = true;
        await live?.unsubscribe().catch(() => undefined);
        await finished;
      },
    };
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }
}

const HANDLER_ERROR = Symbol('handler');
function isHandlerError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && HANDLER_ERROR in error;
}

function isSystem(resolved: AllStreamResolvedEvent): boolean {
  const e = resolved.event!;
  return e.type.startsWith('$') || e.streamId.startsWith('$');
}

function toRecorded(resolved: AllStreamResolvedEvent): RecordedEvent {
  const e = resolved.event!;
  const { recordedAt, ...metadata } = (e.metadata ?? {}) as Record<string, unknown>;
  return {
    streamId: e.streamId,
    id: e.id,
    type: e.type,
    revision: e.revision,
    position: e.position ? encodePosition(e.position) : 0n,
    data: e.data as Record<string, unknown>,
    metadata: metadata as RecordedEvent['metadata'],
    recordedAt: typeof recordedAt === 'string' ? recordedAt : e.created.toISOString(),
  };
}
