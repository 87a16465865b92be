import { EventEmitter } from 'node:events';
import { Client, Pool, PoolClient, QueryArrayResult } from 'pg';
import {
  AppendResult,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  IdempotencyMismatchError,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
  checkExpectedRevision,
  expectedRevisionHolds,
  findIdempotentReplay,
} from '../event-store.port';
import { followLog } from '../follow-log';
import { GENESIS_HASH, chainHash } from '../hash-chain';
import { EVENT_COLUMNS, EventRow, LOG_MIGRATIONS, toRecorded } from './log-table';
import { guardClient, isConnectionError, migrateSchema, unreachable } from './postgres-schema';

/**
 * Global order without gaps: every append transaction takes one transaction-level advisory lock
 * before it numbers its events (max(position) + 1 onwards) and holds it until it has committed.
 * PostgreSQL makes a commit visible before it releases the transaction's locks, so the next
 * transaction cannot number, let alone commit, until the previous one is visible: positions
 * become visible strictly in order and with no holes, and a follower reading `position > checkpoint`
 * can never pass an event that commits later. We chose this over the alternatives:
 * - Marten's high-water mark (a sequence plus a daemon that waits out gaps, then skips them after a
 *   timeout) can skip a slow transaction's events for good, or stall every follower while it waits;
 * - Emmett's filter (`transaction_id < pg_snapshot_xmin(pg_current_snapshot())`) is exact but makes
 *   every follower read wait behind the oldest running transaction of the whole database, and its
 *   positions (a sequence) keep holes from rolled-back appends.
 * The price, one writer at a time across all replicas, is paid once per group commit, not per
 * append: the appends that arrive together in one process share the lock, the round trips and the
 * commit (bench/README.md measures it against one transaction per command).
 */
const LOG_LOCK = 0x4756454c;
/** The channel a commit notifies on; followers LISTEN and fall back to polling. */
const CHANNEL = 'governance_log';
const PAGE = 1000;
const POLL_MS = 1000;

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

export interface BatchAppend {
  streamId: string;
  events: EventToAppend[];
  expectedRevision?: ExpectedRevision;
  recordedAt?: Date;
}

interface QueuedAppend extends BatchAppend {
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

type Outcome = { result: AppendResult } | { error: unknown };

interface Link {
  revision: bigint;
  position: bigint;
  type: string;
}

/** What one group commit found under the lock, and what it adds as it decides append after append. */
interface GroupState {
  heads: Map<string, { revision: bigint; hash: string }>;
  ids: Map<string, Link>;
  position: bigint;
  rows: string[][];
}

const idKey = (streamId: string, eventId: string) => `${streamId}\u0000${eventId}`;

export class PostgresEventStore implements EventStore {
  readonly name = 'postgres';
  private readonly pool: Pool;
  private readonly appended = new EventEmitter();
  private readonly now: () => Date;
  private readonly groupCommit: boolean;
  private readonly pollMs: number;
  private schema: Promise<void> | null = null;
  private queue: QueuedAppend[] = [];
  private flushing: Promise<void> | null = null;
  private closed = false;
  private listener: Client | null = null;
  private listening = false;
  private listenRetry: NodeJS.Timeout | null = null;
  private commits = 0;

  constructor(private readonly options: PostgresEventStoreOptions) {
    this.now = options.now ?? (() => new Date());
    this.groupCommit = options.groupCommit ?? true;
    this.pollMs = options.pollMs ?? POLL_MS;
    this.pool = new Pool({ connectionString: options.connectionString, max: options.poolSize ?? 8, connectionTimeoutMillis: 5000 });
    // An idle connection the server dropped: the pool discards it and the next query opens another.
    this.pool.on('error', () => undefined);
    this.appended.setMaxListeners(0);
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

  /** Group commits so far. */
  commitCount(): number {
    return this.commits;
  }

  /**
   * Group commit: appends asked for while the previous commit was in flight (or in the same turn of
   * the event loop) go into the next transaction together, each judged on its own; each promise
   * settles once that transaction has committed.
   */
  appendToStream(streamId: string, events: EventToAppend[], options: { expectedRevision?: ExpectedRevision } = {}): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new Error('the event store is closed'));
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
   * One transaction under the log lock: read the heads and event ids the group touches, decide each
   * append in order against what the ones before it wrote, insert every row in one statement, commit.
   * With `allOrNothing` the first failing append fails the whole transaction.
   *
   * Two round trips in all, as many as a plain insert in its own transaction takes after BEGIN: the
   * lock and the read go in one simple query, the insert, NOTIFY and COMMIT in another (statements of
   * a simple query run in order, each with a snapshot taken when it starts: the read sees every
   * commit made before the lock was granted). Values travel as literals escaped by the driver.
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
      const tried = await this.readGroupState(client, group, joiners ? 'try' : 'wait');
      let state = tried.state;
      if (!tried.locked) {
        await client.query(`SELECT pg_advisory_xact_lock(${LOG_LOCK})`);
        group.push(...joiners!());
        ({ state } = await this.readGroupState(client, group, 'held'));
      }
      const outcomes = group.map((a): Outcome => {
        try {
          return { result: this.decide(a, state) };
        } catch (error) {
          if (allOrNothing) throw error;
          return { error };
        }
      });
      if (state.rows.length > 0) {
        const values = state.rows.map((row) => `(${row.map((v) => client.escapeLiteral(v)).join(', ')})`).join(',\n');
        await client.query(`${INSERT} VALUES ${values}; NOTIFY ${CHANNEL}; COMMIT`);
      } else await client.query('COMMIT');
      this.commits++;
      return outcomes;
    } catch (error) {
      if (isConnectionError(error)) {
        healthy = false;
        // The commit may or may not have happened: a retry with the same event ids tells (idempotent appends).
        throw unreachable('event log', error);
      }
      await client.query('ROLLBACK').catch(() => (healthy = false));
      throw error;
    } finally {
      client.release(!healthy);
    }
  }

  /**
   * Reads the heads and event ids the group touches, after beginning the transaction and taking the
   * log lock (`wait`), trying to (`try`: the state read is of use only when `locked`), or with it `held`.
   */
  private async readGroupState(
    client: PoolClient,
    group: BatchAppend[],
    lock: 'wait' | 'try' | 'held',
  ): Promise<{ locked: boolean; state: GroupState }> {
    const streams = [...new Set(group.map((a) => a.streamId))];
    const keys = group.flatMap((a) => a.events.map((e) => [a.streamId, e.id] as const));
    const array = (values: string[]) => `ARRAY[${values.map((v) => client.escapeLiteral(v)).join(', ')}]::text[]`;
    const answer = (await client.query({
      text: `${{ wait: `BEGIN; SELECT pg_advisory_xact_lock(${LOG_LOCK});`, try: `BEGIN; SELECT pg_try_advisory_xact_lock(${LOG_LOCK});`, held: '' }[lock]}
        SELECT 'head', s, NULL, e.revision::text, e.hash, NULL
          FROM unnest(${array(streams)}) AS s
          CROSS JOIN LATERAL (SELECT revision, hash FROM events WHERE stream_id = s ORDER BY revision DESC LIMIT 1) AS e
        UNION ALL
        SELECT 'id', ev.stream_id, ev.event_id, ev.revision::text, ev.type, ev.position::text
          FROM unnest(${array(keys.map(([s]) => s))}, ${array(keys.map(([, e]) => e))}) AS k(s, e)
          JOIN events ev ON ev.stream_id = k.s AND ev.event_id = k.e
        UNION ALL
        SELECT 'end', NULL, NULL, NULL, NULL, coalesce(max(position), 0)::text FROM events`,
      rowMode: 'array',
    })) as unknown as QueryArrayResult<[string, string | null, string | null, string | null, string | null, string | null]>[];
    // One statement answers one result, several an array of them: the read is the last.
    const results = Array.isArray(answer) ? answer : [answer];
    const { rows } = results[results.length - 1]!;
    const locked = lock !== 'try' || (results[1]!.rows[0] as unknown[])[0] === true;
    const state: GroupState = { heads: new Map(), ids: new Map(), position: 0n, rows: [] };
    for (const [kind, streamId, eventId, revision, text, position] of rows) {
      if (kind === 'head') state.heads.set(streamId!, { revision: BigInt(revision!), hash: text! });
      else if (kind === 'id')
        state.ids.set(idKey(streamId!, eventId!), { revision: BigInt(revision!), type: text!, position: BigInt(position!) });
      else state.position = BigInt(position!);
    }
    return { locked, state };
  }

  /** Decides one append against the group's state as the appends before it left it, and adds its rows. */
  private decide(a: BatchAppend, state: GroupState): AppendResult {
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
    let revision = current ?? -1n;
    let prevHash = head?.hash ?? GENESIS_HASH;
    const recordedAt = (a.recordedAt ?? this.now()).toISOString();
    for (const event of events) {
      revision++;
      state.position++;
      const hash = chainHash(prevHash, event.type, event.data);
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
      prevHash = hash;
    }
    if (events.length > 0) state.heads.set(streamId, { revision, hash: prevHash });
    return { nextExpectedRevision: revision, position: state.position, idempotentReplay: false };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const from = options.fromRevision;
    const rows = await this.query(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = $1 ${from === undefined ? '' : backwards ? 'AND revision <= $3' : 'AND revision >= $3'}
       ORDER BY revision ${backwards ? 'DESC' : 'ASC'} LIMIT $2`,
      [streamId, options.maxCount ?? null, ...(from === undefined ? [] : [from.toString()])],
    );
    return rows.map(toRecorded);
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
    this.listen();
    return followLog(
      {
        appended: this.appended,
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

  /** One LISTEN connection per store wakes every follower; when it drops, it is opened again. */
  private listen(): void {
    if (this.listening || this.closed) return;
    this.listening = true;
    const client = new Client({ connectionString: this.options.connectionString });
    this.listener = client;
    const retry = () => {
      if (this.listener !== client) return;
      this.listener = null;
      this.listening = false;
      void client.end().catch(() => undefined);
      // Events committed while it was down are found by the followers' polling meanwhile.
      this.appended.emit('append');
      if (!this.closed) this.listenRetry = setTimeout(() => this.listen(), this.pollMs).unref();
    };
    client.on('notification', () => this.appended.emit('append'));
    client.on('error', retry);
    client.on('end', retry);
    client
      .connect()
      .then(() => client.query(`LISTEN ${CHANNEL}`))
      // Whatever was committed between the follower's last read and the LISTEN is looked for now.
      .then(() => this.appended.emit('append'))
      .catch(retry);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    // Appends already asked for are committed (and answered) before the connections close.
    await this.flushing;
    this.closed = true;
    if (this.listenRetry) clearTimeout(this.listenRetry);
    const listener = this.listener;
    this.listener = null;
    await listener?.end().catch(() => undefined);
    this.appended.emit('append');
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

  private async query(text: string, values: unknown[]): Promise<EventRow[]> {
    await this.ready();
    if (this.closed) throw new Error('the event store is closed');
    try {
      return (await this.pool.query<EventRow>({ text, values, rowMode: 'array' })).rows;
    } catch (error) {
      if (isConnectionError(error)) throw unreachable('event log', error);
      throw error;
    }
  }
}

const INSERT = 'INSERT INTO events (position, stream_id, revision, event_id, type, data, metadata, prev_hash, hash, recorded_at)';
