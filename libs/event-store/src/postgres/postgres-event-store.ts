import { randomUUID } from 'node:crypto';
import { Pool, PoolClient, QueryArrayConfig, QueryArrayResult, QueryResult } from 'pg';
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
} from '../event-store.port';
import { followLog } from '../follow-log';
import { BatchAppend, Head, INSERT, LOCK, Outcome, StreamHeads, decideAppend, emptyGroupState, readGroupState } from './append-group';
import {
  EVENT_COLUMNS,
  EventRow,
  LOG_MIGRATIONS,
  STATEMENT_ROWS,
  appendQuery,
  notifyOthers,
  appendedPayload,
  headOf,
  toRecorded,
} from './log-table';
import { LogListener } from './log-listener';
import { TurnBatch } from './turn-batch';
import { guardClient, isConnectionError, migrateSchema, unreachable } from './postgres-schema';

/**
 * Global order without gaps: the log's end is a row of its own (`log_head`). Every append takes the
 * advisory lock of version 2 (`LOG_LOCK`), then moves the end row before it numbers its events (from
 * the old end on), and holds both locks until it has committed. PostgreSQL makes a commit visible
 * before it releases the transaction's locks, so the next append cannot number, let alone commit,
 * until the previous one is visible: positions become visible strictly in order and with no holes,
 * and a follower reading `position > checkpoint` can never pass an event that commits later. An
 * UPDATE that waited for a row's lock goes on with the row's newest version, so one statement can
 * wait, number and insert (one round trip); numbering from `max(position)` would need a snapshot
 * taken after the wait, hence a second statement.
 * We chose this over the alternatives:
 * - Marten's high-water mark (a sequence plus a daemon that waits out gaps, then skips them after a
 *   timeout) can skip a slow transaction's events for good, or stall every follower while it waits;
 * - Emmett's filter (`transaction_id < pg_snapshot_xmin(pg_current_snapshot())`) is exact but makes
 *   every follower read wait behind the oldest running transaction of the whole database, and its
 *   positions (a sequence) keep holes from rolled-back appends.
 * The price, one writer at a time across all replicas, is paid once per group commit, not per
 * append: the appends that arrive together in one process share the lock, the round trip and the
 * commit (bench/README.md measures it against one transaction per command).
 */
const PAGE = 1000;
const POLL_MS = 1000;
/** Stream heads remembered for one-round-trip appends; past this many, the least recently used is forgotten. */
const HEADS = 10_000;
/**
 * What a stale head makes the one-round-trip insert fail with: a taken revision or event id, or a
 * predecessor not as remembered. The statement wrote nothing then, as with a taken position (the
 * log's end row left behind by a replica of version 2, which the two-round-trip path moves on), a
 * deadlock or a serialization failure (a database whose default isolation is stricter than READ
 * COMMITTED): each is decided again on two round trips.
 */
const STALE_HEAD = new Set(['23505', '23502']);
const RETRY_ON_TWO = new Set([...STALE_HEAD, '40P01', '40001']);
const MOVE_END = (position: bigint) => `UPDATE log_head SET position = ${position} WHERE only_row;`;
export interface PostgresEventStoreOptions {
  connectionString: string;
  /** Server time source, injectable for tests. */
  now?: () => Date;
  /** On (the default): appends asked for together share one transaction. Off: one transaction each. */
  groupCommit?: boolean;
  /** Connections kept to the server (appends use one at a time; reads share the rest). */
  poolSize?: number;
  /** Followers look again after this long even without a notification. */
  pollMs?: number;
}

export type { BatchAppend } from './append-group';

interface QueuedAppend extends BatchAppend {
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

export class PostgresEventStore implements EventStore {
  readonly name = 'postgres';
  private readonly pool: Pool;
  /** Names this store in its notifications, so that it does not take its own commits for another's. */
  private readonly sender = randomUUID();
  private readonly listener: LogListener;
  private readonly now: () => Date;
  private readonly groupCommit: boolean;
  private readonly pollMs: number;
  private schema: Promise<void> | null = null;
  private queue: QueuedAppend[] = [];
  private flushing: Promise<void> | null = null;
  private readonly loads = new TurnBatch<EventRow[]>((streamIds) => this.readStreams(streamIds), []);
  private closed = false;
  private readonly counts = { commits: 0, roundTrips: 0 };
  /**
   * The last revision and hash this store saw of each stream (read, or committed here). An event's
   * hash never changes, so an entry is never wrong, only possibly no longer the head.
   */
  private readonly heads = new StreamHeads(HEADS);

  constructor(private readonly options: PostgresEventStoreOptions) {
    this.now = options.now ?? (() => new Date());
    this.groupCommit = options.groupCommit ?? true;
    this.pollMs = options.pollMs ?? POLL_MS;
    this.pool = new Pool({ connectionString: options.connectionString, max: options.poolSize ?? 8, connectionTimeoutMillis: 5000 });
    // An idle connection the server dropped: the pool discards it and the next query opens another.
    this.pool.on('error', () => undefined);
    this.listener = new LogListener(options.connectionString, this.sender, this.pollMs, () => this.ready());
    // A head another store moved is no longer the one to continue from.
    this.listener.elsewhere.on('appended', (streamId: string, revision: bigint) => {
      if ((this.heads.get(streamId)?.revision ?? revision) < revision) this.heads.forget(streamId);
    });
  }

  /**
   * Resolves once the schema is in place (created or migrated here); rejects when the server is
   * unreachable (tried again on the next call) or its schema is newer than this code.
   */
  ready(): Promise<void> {
    this.schema ??= migrateSchema(this.pool, 'event log', LOG_MIGRATIONS).catch((error: unknown) => {
      if (isConnectionError(error)) this.schema = null;
      throw error;
    });
    return this.schema;
  }

  /** Group commits so far, and round trips to the server (appends' and reads') so far. */
  stats(): { commits: number; roundTrips: number } {
    return { ...this.counts };
  }

  /**
   * Group commit: appends asked for while the previous commit was in flight (or in the same turn of
   * the event loop) go into the next transaction together, each judged on its own; each promise
   * settles once that transaction has committed.
   */
  appendToStream(streamId: string, events: EventToAppend[], options: { expectedRevision?: ExpectedRevision } = {}): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new Error('the event store is closed'));
    // From the first append on, this store hears of the others' commits (onAppendedElsewhere).
    this.listener.start();
    return new Promise<AppendResult>((resolve, reject) => {
      const append = { streamId, events, expectedRevision: options.expectedRevision ?? 'any', resolve, reject };
      if (!this.groupCommit) return void this.commitGroup([append]);
      this.queue.push(append);
      this.flushing ??= new Promise<void>((done) => setImmediate(done)).then(() => this.drain());
    });
  }

  /**
   * Bulk import (migrate-to-postgres): many appends in one transaction, all or nothing, each with its
   * own expected revision and, for imported history, the time it was first recorded.
   */
  async appendBatch(appends: BatchAppend[]): Promise<AppendResult[]> {
    const outcomes = await this.transact(appends, true);
    return outcomes.map((o) => {
      if ('error' in o) throw o.error;
      return o.result;
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const group = this.queue;
      this.queue = [];
      await this.commitGroup(group);
    }
    this.flushing = null;
  }

  private async commitGroup(group: QueuedAppend[]): Promise<void> {
    let outcomes: Outcome[];
    try {
      outcomes = await this.transact(group, false, () => this.queue.splice(0));
    } catch (error) {
      for (const a of group) a.reject(error);
      return;
    }
    group.forEach((a, i) => {
      const outcome = outcomes[i]!;
      if ('error' in outcome) a.reject(outcome.error);
      else a.resolve(outcome.result);
    });
  }

  /**
   * One transaction under the log lock. When this store knows the head of every stream the group
   * appends to, that is one round trip (`appendKnownHeads`); otherwise, or when a head turns out to
   * have moved, two: read the heads and event ids the group touches, decide each append in order
   * against what the ones before it wrote, insert every row in one statement, commit.
   * With `allOrNothing` the first failing append fails the whole transaction.
   *
   * The two round trips: the locks and the read go in one simple query, the insert, the end row's
   * move, NOTIFY and COMMIT in another (statements of a simple query run in order, each with a
   * snapshot taken when it starts: the read sees every commit made before the locks were granted).
   * Values travel as literals escaped by the driver.
   *
   * With `joiners` (group commit), the lock is only tried: when another replica holds it, this one
   * waits for it and then takes in the appends that arrived meanwhile (`group` grows), so replicas
   * contending for the log commit in groups as large as one replica's would be.
   */
  private async transact<A extends BatchAppend>(group: A[], allOrNothing: boolean, joiners?: () => A[]): Promise<Outcome[]> {
    await this.ready();
    const client = await this.connect();
    let healthy = true;
    try {
      const known = allOrNothing ? null : await this.appendKnownHeads(client, group);
      if (known) return known;
      const tried = await readGroupState(client, (query) => this.send(client, query), group, joiners ? 'try' : 'wait');
      let state = tried.state;
      if (!tried.locked) {
        await this.send(client, LOCK);
        group.push(...joiners!());
        ({ state } = await readGroupState(client, (query) => this.send(client, query), group, 'held'));
      }
      const outcomes = group.map((a): Outcome => {
        try {
          return { result: decideAppend(a, state, this.now()) };
        } catch (error) {
          if (allOrNothing) throw error;
          return { error };
        }
      });
      if (state.rows.length > 0) {
        const values = state.rows.map((row) => `(${row.map((v) => client.escapeLiteral(v)).join(', ')})`).join(',\n');
        const payload = client.escapeLiteral(appendedPayload(this.sender, state.heads));
        await this.send(
          client,
          `${INSERT} VALUES ${values}; ${MOVE_END(state.position)} ${notifyOthers(payload, client.escapeLiteral(this.sender))} COMMIT`,
        );
        // Nothing to insert (replays, refusals): the end row is still brought up to the log's end.
      } else await this.send(client, `${MOVE_END(state.position)} COMMIT`);
      this.committed(state.heads);
      return outcomes;
    } catch (error) {
      if (isConnectionError(error)) {
        healthy = false;
        // The commit may or may not have happened: a retry with the same event ids tells (idempotent appends).
        throw unreachable('event log', error);
      }
      await this.send(client, 'ROLLBACK').catch(() => (healthy = false));
      throw error;
    } finally {
      client.release(!healthy);
    }
  }

  /**
   * The group in one round trip, decided against the heads this store remembers: one statement
   * (`appendStatement`, log-table.ts), prepared once a size, committed on its own, which moves the
   * log's end, numbers the rows from where it was, inserts them and notifies. The database confirms
   * each remembered head as it inserts: the next revision and every event id must be free (unique
   * constraints), and the predecessor of each stream's first new event must carry the hash the chain
   * continues from (else the row's `prev_hash` is NULL, which the table refuses). Any refusal rolls
   * the whole group back and answers null: the caller decides it again on what the log holds. Null too,
   * before any round trip, when a head is unknown, an append fails on a remembered head (its error may
   * be one the log would not give), or the group has more events than a statement carries (undecided).
   */
  private async appendKnownHeads(client: PoolClient, group: BatchAppend[]): Promise<Outcome[] | null> {
    if (group.reduce((n, a) => n + a.events.length, 0) > STATEMENT_ROWS) return null;
    const state = emptyGroupState();
    for (const { streamId, expectedRevision = 'any' } of group) {
      const head = this.heads.get(streamId);
      if (head) state.heads.set(streamId, head);
      else if (expectedRevision !== 'no_stream') return null;
    }
    // Rows that continue a head remembered here, as opposed to one an earlier append of the group wrote.
    const fromLog = new Set<number>();
    const written = new Set<string>();
    const outcomes: Outcome[] = [];
    for (const a of group) {
      if (a.events.length === 0) return null;
      const first = state.rows.length;
      try {
        outcomes.push({ result: decideAppend(a, state, this.now()) });
      } catch (error) {
        // Against what an earlier append of this group wrote, the answer holds once the group commits.
        if (!written.has(a.streamId)) return null;
        outcomes.push({ error });
        continue;
      }
      // A stream's first row continues a remembered head, unless it starts the stream.
      if (!written.has(a.streamId) && state.rows.length > first && state.rows[first]![2] !== '0') fromLog.add(first);
      written.add(a.streamId);
    }
    let inserted: QueryArrayResult<[string]>;
    try {
      inserted = await this.send(client, {
        ...appendQuery(state.rows.length),
        values: [
          ...state.rows.flatMap((row, i) => [...row.slice(1), fromLog.has(i)]),
          appendedPayload(this.sender, state.heads),
          this.sender,
        ],
        rowMode: 'array',
      });
    } catch (error) {
      const { code, constraint } = error as { code?: string; constraint?: string };
      if (!RETRY_ON_TWO.has(code ?? '')) throw error;
      // A taken position says nothing of the heads; a taken revision or id, or a broken chain, does.
      if (STALE_HEAD.has(code!) && constraint !== 'events_pkey') for (const streamId of state.heads.keys()) this.heads.forget(streamId);
      return null;
    }
    const last = BigInt(inserted.rows[0]![0]);
    this.committed(state.heads);
    return outcomes.map((o) => ('error' in o ? o : { result: { ...o.result, position: o.result.position + last } }));
  }

  /** Remembers heads that are in the log now (committed, or read); wakes this store's followers (the log notifies only the others). */
  private committed(heads: Map<string, Head>): void {
    this.counts.commits++;
    for (const [streamId, head] of heads) this.heads.remember(streamId, head);
    this.listener.appended.emit('append');
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const from = options.fromRevision;
    if (!backwards && from === undefined && options.maxCount === undefined) return this.loadStream(streamId);
    const rows = await this.query(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = $1 ${from === undefined ? '' : backwards ? 'AND revision <= $3' : 'AND revision >= $3'}
       ORDER BY revision ${backwards ? 'DESC' : 'ASC'} LIMIT $2`,
      [streamId, options.maxCount ?? null, ...(from === undefined ? [] : [from.toString()])],
    );
    const top = backwards ? rows[0] : rows[rows.length - 1];
    if (top) this.heads.remember(streamId, headOf(top));
    return rows.map(toRecorded);
  }

  /**
   * A whole stream, as every load before a decision reads it. Loads asked for in the same turn of
   * the event loop share one prepared query (as appends share a commit): many writers loading at
   * once cost the server one round trip, not one each.
   */
  private async loadStream(streamId: string): Promise<RecordedEvent[]> {
    return (await this.loads.get(streamId)).map(toRecorded);
  }

  private async readStreams(streamIds: string[]): Promise<Map<string, EventRow[]>> {
    // One stream (as a lone writer loads) on a statement of its own, planned once for any stream: the
    // list's statement is planned anew for each list (its cached plan costs more than one made for
    // the list in hand), measured a twentieth of a lone writer's command.
    const rows =
      streamIds.length === 1
        ? await this.query(`SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = $1 ORDER BY revision`, streamIds, 'read_stream')
        : await this.query(
            `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ANY($1::text[]) ORDER BY stream_id, revision`,
            [streamIds],
            'read_streams',
          );
    const streams = new Map<string, EventRow[]>();
    for (const row of rows) {
      const stream = streams.get(row[1]);
      if (stream) stream.push(row);
      else streams.set(row[1], [row]);
    }
    // The highest revision read: the head, which the next append to the stream continues.
    for (const [streamId, found] of streams) this.heads.remember(streamId, headOf(found[found.length - 1]!));
    return streams;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    return this.readPage(options.after ?? 0n, options.maxCount ?? null);
  }

  private async readPage(after: bigint, limit: number | null): Promise<RecordedEvent[]> {
    const rows = await this.query(`SELECT ${EVENT_COLUMNS} FROM events WHERE position > $1 ORDER BY position ASC LIMIT $2`, [
      after.toString(),
      limit,
    ]);
    return rows.map(toRecorded);
  }

  async headPosition(): Promise<bigint> {
    const [row] = await this.query('SELECT coalesce(max(position), 0)::text FROM events', []);
    return BigInt(row![0]);
  }

  /** True when the log answers a query now (for /health). */
  async reachable(): Promise<boolean> {
    return this.query('SELECT 1', []).then(
      () => true,
      () => false,
    );
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    this.listener.start();
    return followLog(
      {
        appended: this.listener.appended,
        isClosed: () => this.closed,
        pageSize: PAGE,
        // Only a notification lost while the listening connection was down waits this long.
        pollMs: this.pollMs,
        readPage: (after, pageSize) => this.readPage(after, pageSize),
        // A dropped connection or a stopped server: the follower reads again from its checkpoint.
        isTransient: (error) => !this.closed && isConnectionError(error),
      },
      options,
    );
  }

  onAppendedElsewhere(listener: (streamId: string, revision: bigint) => void): () => void {
    this.listener.start();
    this.listener.elsewhere.on('appended', listener);
    return () => this.listener.elsewhere.off('appended', listener);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    // Appends already asked for are committed (and answered) before the connections close.
    await this.flushing;
    this.closed = true;
    await this.listener.close();
    await this.pool.end();
  }

  private async connect(): Promise<PoolClient> {
    if (this.closed) throw new Error('the event store is closed');
    try {
      return guardClient(await this.pool.connect());
    } catch (error) {
      throw unreachable('event log', error);
    }
  }

  /** One round trip on an append's connection. */
  private send(client: PoolClient, query: string): Promise<QueryResult>;
  private send<R extends unknown[]>(client: PoolClient, query: QueryArrayConfig): Promise<QueryArrayResult<R>>;
  private send(client: PoolClient, query: string | QueryArrayConfig): Promise<unknown> {
    this.counts.roundTrips++;
    return client.query(query as QueryArrayConfig);
  }

  private async query(text: string, values: unknown[], name?: string): Promise<EventRow[]> {
    await this.ready();
    if (this.closed) throw new Error('the event store is closed');
    this.counts.roundTrips++;
    try {
      return (await this.pool.query<EventRow>({ name, text, values, rowMode: 'array' })).rows;
    } catch (error) {
      if (isConnectionError(error)) throw unreachable('event log', error);
      throw error;
    }
  }
}
