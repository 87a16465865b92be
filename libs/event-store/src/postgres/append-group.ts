import type { PoolClient, QueryArrayConfig, QueryArrayResult } from 'pg';
import {
  AppendResult,
  EventToAppend,
  ExpectedRevision,
  IdempotencyMismatchError,
  checkExpectedRevision,
  expectedRevisionHolds,
  findIdempotentReplay,
} from '../event-store.port';
import { chainEvents } from '../hash-chain';
import { LOG_LOCK } from './log-table';

/** What a group commit decides, one append after another, and what it reads of the log to decide it. */

export interface BatchAppend {
  streamId: string;
  events: EventToAppend[];
  expectedRevision?: ExpectedRevision;
  recordedAt?: Date;
}

export type Outcome = { result: AppendResult } | { error: unknown };

export interface Head {
  revision: bigint;
  hash: string;
}

interface Link {
  revision: bigint;
  position: bigint;
  type: string;
}

/** What one group commit found under the lock, and what it adds as it decides append after append. */
export interface GroupState {
  heads: Map<string, Head>;
  ids: Map<string, Link>;
  position: bigint;
  rows: string[][];
}

export const emptyGroupState = (): GroupState => ({ heads: new Map(), ids: new Map(), position: 0n, rows: [] });

const idKey = (streamId: string, eventId: string) => `${streamId}\u0000${eventId}`;

export const INSERT = 'INSERT INTO events (position, stream_id, revision, event_id, type, data, metadata, prev_hash, hash, recorded_at)';

/** The last revision and hash seen of each stream, the least recently used forgotten past `limit`. */
export class StreamHeads {
  private readonly heads = new Map<string, Head>();

  constructor(private readonly limit: number) {}

  get(streamId: string): Head | undefined {
    return this.heads.get(streamId);
  }

  remember(streamId: string, head: Head): void {
    const known = this.heads.get(streamId);
    if (known && known.revision > head.revision) return;
    this.heads.delete(streamId);
    this.heads.set(streamId, head);
    if (this.heads.size > this.limit) this.heads.delete(this.heads.keys().next().value!);
  }

  forget(streamId: string): void {
    this.heads.delete(streamId);
  }
}

/** Each statement of the transaction sees what committed before it began, whatever the database's default. */
const BEGIN = 'BEGIN ISOLATION LEVEL READ COMMITTED;';
/**
 * The log's locks for an append of two round trips, in the order every append takes them: the
 * advisory lock of version 2 (so that a replica of that version, still running during an upgrade,
 * waits for this one and numbers after it), then the end row's (which orders every append, see
 * PostgresEventStore).
 */
export const LOCK = `SELECT pg_advisory_xact_lock(${LOG_LOCK}); SELECT 1 FROM log_head WHERE only_row FOR UPDATE;`;
/** Tried: the row only once the advisory lock is held, always in this order, so two appends never wait for each other. */
const TRY_LOCK = `SELECT CASE WHEN pg_try_advisory_xact_lock(${LOG_LOCK}) THEN (SELECT true FROM log_head WHERE only_row FOR UPDATE) ELSE false END;`;

/**
 * Reads the heads and event ids the group touches, after beginning the transaction and taking the
 * log's locks (`wait`), trying to (`try`: the state read is of use only when `locked`), or with them
 * `held`. The log's end is read after the locks as the larger of
 * `max(position)` (a replica of version 2 does not move the end row) and the end row (events deleted
 * from the log's tail, as by hand, leave their positions behind: a follower may have passed them).
 */
export async function readGroupState(
  client: PoolClient,
  send: (query: QueryArrayConfig) => Promise<unknown>,
  group: BatchAppend[],
  lock: 'wait' | 'try' | 'held',
): Promise<{ locked: boolean; state: GroupState }> {
  const streams = [...new Set(group.map((a) => a.streamId))];
  const keys = group.flatMap((a) => a.events.map((e) => [a.streamId, e.id] as const));
  const array = (values: string[]) => `ARRAY[${values.map((v) => client.escapeLiteral(v)).join(', ')}]::text[]`;
  const answer = (await send({
    text: `${{ wait: `${BEGIN} ${LOCK}`, try: `${BEGIN} ${TRY_LOCK}`, held: '' }[lock]}
      SELECT 'head', s, NULL, e.revision::text, e.hash, NULL
        FROM unnest(${array(streams)}) AS s
        CROSS JOIN LATERAL (SELECT revision, hash FROM events WHERE stream_id = s ORDER BY revision DESC LIMIT 1) AS e
      UNION ALL
      SELECT 'id', ev.stream_id, ev.event_id, ev.revision::text, ev.type, ev.position::text
        FROM unnest(${array(keys.map(([s]) => s))}, ${array(keys.map(([, e]) => e))}) AS k(s, e)
        JOIN events ev ON ev.stream_id = k.s AND ev.event_id = k.e
      UNION ALL
      SELECT 'end', NULL, NULL, NULL, NULL,
        greatest(coalesce(max(position), 0), (SELECT position FROM log_head WHERE only_row))::text FROM events`,
    rowMode: 'array',
  })) as QueryArrayResult<[string, string | null, string | null, string | null, string | null, string | null]>[];
  // One statement answers one result, several an array of them: the read is the last.
  const results = Array.isArray(answer) ? answer : [answer];
  const { rows } = results[results.length - 1]!;
  const locked = lock !== 'try' || (results[1]!.rows[0] as unknown[])[0] === true;
  const state = emptyGroupState();
  for (const [kind, streamId, eventId, revision, text, position] of rows) {
    if (kind === 'head') state.heads.set(streamId!, { revision: BigInt(revision!), hash: text! });
    else if (kind === 'id')
      state.ids.set(idKey(streamId!, eventId!), { revision: BigInt(revision!), type: text!, position: BigInt(position!) });
    else state.position = BigInt(position!);
  }
  return { locked, state };
}

/** Decides one append against the group's state as the appends before it left it, and adds its rows. */
export function decideAppend(a: BatchAppend, state: GroupState, now: Date): AppendResult {
  const { streamId, events } = a;
  const expected = a.expectedRevision ?? 'any';
  const head = state.heads.get(streamId);
  const current = head?.revision ?? null;
  const lookup = (id: string) => state.ids.get(idKey(streamId, id));
  if (!expectedRevisionHolds(expected, current)) {
    const replay = findIdempotentReplay(streamId, events, lookup);
    if (replay) return replay;
    checkExpectedRevision(streamId, expected, current);
  }
  // A first id already stored is a retry (or a reuse, refused); any later one, or one repeated
  // within the append, is a reuse: nothing of the append is written.
  const seen = new Set<string>();
  for (const [i, event] of events.entries()) {
    if (lookup(event.id)) {
      const replay = i === 0 ? findIdempotentReplay(streamId, events, lookup) : null;
      if (replay) return replay;
      throw new IdempotencyMismatchError(streamId, event.id);
    }
    if (seen.has(event.id)) throw new IdempotencyMismatchError(streamId, event.id);
    seen.add(event.id);
  }
  const recordedAt = (a.recordedAt ?? now).toISOString();
  const chain = chainEvents(head, events);
  for (const { event, revision, prevHash, hash } of chain.chained) {
    state.position++;
    state.rows.push([
      state.position.toString(),
      streamId,
      revision.toString(),
      event.id,
      event.type,
      JSON.stringify(event.data),
      JSON.stringify(event.metadata ?? {}),
      prevHash,
      hash,
      recordedAt,
    ]);
    state.ids.set(idKey(streamId, event.id), { revision, position: state.position, type: event.type });
  }
  if (events.length > 0) state.heads.set(streamId, chain.head);
  return { nextExpectedRevision: chain.head.revision, position: state.position, idempotentReplay: false };
}
