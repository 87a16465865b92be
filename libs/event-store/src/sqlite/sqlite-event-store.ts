import Database from 'better-sqlite3';
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
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
  IdempotencyMismatchError,
  checkExpectedRevision,
  expectedRevisionHolds,
  findIdempotentReplay,
} from '../event-store.port';
import { followLog } from '../follow-log';
import { chainEvents } from '../hash-chain';
import { UnavailableError, sqliteFault } from '../unavailable';
import { Migration, StoreFileError, openSqliteFile } from './sqlite-file';
import { metadataOf, recorded } from '../recorded-event';

/** "GVES": marks the file as this product's event store. */
const APPLICATION_ID = 0x47564553;

const MIGRATIONS: Migration[] = [
  {
    version: 1,
    up: `
      CREATE TABLE events (
        position    INTEGER PRIMARY KEY,
        stream_id   TEXT    NOT NULL,
        revision    INTEGER NOT NULL,
        event_id    TEXT    NOT NULL,
        type        TEXT    NOT NULL,
        data        TEXT    NOT NULL,
        metadata    TEXT    NOT NULL,
        prev_hash   TEXT    NOT NULL,
        hash        TEXT    NOT NULL,
        recorded_at TEXT    NOT NULL
      );
      CREATE UNIQUE INDEX events_stream_revision ON events (stream_id, revision);
      CREATE UNIQUE INDEX events_stream_event_id ON events (stream_id, event_id);
    `,
  },
  // Written and emptied by a write probe while appends fail for want of space (see writeFault).
  { version: 2, up: 'CREATE TABLE write_probe (bytes BLOB NOT NULL)' },
  // A row here means the log was moved to PostgreSQL (npm run migrate-to-postgres): never served again.
  { version: 3, up: 'CREATE TABLE moved (to_url TEXT NOT NULL, at TEXT NOT NULL)' },
];

/** A probe writes about what a command's append does: a few new pages. */
const PROBE_BYTES = 16 * 1024;

const EVENT_COLUMNS = 'position, stream_id, revision, event_id, type, data, recorded_at, metadata, prev_hash, hash';

const BATCH = 1000;
/** Other processes (CLI tools) may append to the same file; this bounds how late their events are seen. */
const CROSS_PROCESS_POLL_MS = 500;

export interface SqliteEventStoreOptions {
  /** Full path of the file; defaults to `<dataDir>/events.sqlite`. */
  file?: string;
  dataDir?: string;
  /** Server time source, injectable for tests. */
  now?: () => Date;
  /**
   * On (the default): appends asked for together share one commit. Off: each append commits on its
   * own as it is asked for (the benchmark's same-run baseline).
   */
  groupCommit?: boolean;
  /** Opens a log that was moved to PostgreSQL (the migration checking it again); nothing else may. */
  readMoved?: boolean;
}

export interface BatchAppend {
  streamId: string;
  events: EventToAppend[];
  expectedRevision?: ExpectedRevision;
  recordedAt?: Date;
}

/** An append waiting for the next group commit. */
interface QueuedAppend {
  streamId: string;
  events: EventToAppend[];
  expected: ExpectedRevision;
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

type Outcome = { result: AppendResult } | { error: unknown };

/** Group commits so far (one transaction each) and the appends they carried, failed ones included. */
export interface CommitStats {
  commits: number;
  appends: number;
}

export class SqliteEventStore implements EventStore {
  readonly name = 'sqlite';
  readonly file: string;
  private readonly db: Database.Database;
  private readonly appended = new EventEmitter();
  private readonly now: () => Date;
  private closed = false;
  private readonly stmts;
  private readonly appendTx;
  private readonly batchTx;
  private readonly groupTx;
  private queue: QueuedAppend[] = [];
  private flushScheduled = false;
  private readonly stats: CommitStats = { commits: 0, appends: 0 };
  private readonly groupCommit: boolean;
  /** Set when a commit failed for a reason of the machine (disk full, unwritable file); cleared by the next that succeeds. */
  private fault: UnavailableError | null = null;
  private readonly probe;

  constructor(options: SqliteEventStoreOptions) {
    this.file = options.file ?? join(options.dataDir ?? './data', 'events.sqlite');
    this.now = options.now ?? (() => new Date());
    this.groupCommit = options.groupCommit ?? true;
    this.db = openSqliteFile(this.file, APPLICATION_ID, MIGRATIONS, 'event store');
    const moved = this.db.prepare('SELECT to_url, at FROM moved').get() as { to_url: string; at: string } | undefined;
    if (moved && !options.readMoved) {
      this.db.close();
      throw new StoreFileError(
        `${this.file} was moved to PostgreSQL (${moved.to_url}) at ${moved.at} by npm run migrate-to-postgres: ` +
          'serve that log with POSTGRES_URL; this copy is kept only as a record and is never served again',
      );
    }
    this.appended.setMaxListeners(0);
    this.stmts = {
      head: this.db.prepare('SELECT revision, hash FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1'),
      byEventId: this.db.prepare('SELECT position, revision, type FROM events WHERE stream_id = ? AND event_id = ?'),
      insert: this.db.prepare(
        'INSERT INTO events (stream_id, revision, event_id, type, data, metadata, prev_hash, hash, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      // Rows as arrays, no object per row: the write side reads its aggregate's stream on every command.
      forwards: this.db
        .prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision ASC LIMIT ?`)
        .raw(true),
      // The whole stream, as the write side loads it, without the bounds it does not need.
      stream: this.db.prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? ORDER BY revision ASC`).raw(true),
      backwards: this.db
        .prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND revision <= ? ORDER BY revision DESC LIMIT ?`)
        .raw(true),
      // Subscriptions page through the log with this one too. Metadata comes with the page (parsed only
      // when asked for): the read model's timeline reads the actor of nine events in ten, and a query
      // per event cost more than reading it along.
      all: this.db.prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE position > ? ORDER BY position ASC LIMIT ?`).raw(true),
      headPosition: this.db.prepare('SELECT coalesce(max(position), 0) AS p FROM events'),
    };
    this.probe = this.db.transaction(() => {
      this.db.prepare('INSERT INTO write_probe VALUES (randomblob(?))').run(PROBE_BYTES);
      this.db.exec('DELETE FROM write_probe');
    });
    this.appendTx = this.db.transaction((streamId: string, events: EventToAppend[], expected: ExpectedRevision) =>
      this.appendInTransaction(streamId, events, expected),
    );
    this.batchTx = this.db.transaction((appends: BatchAppend[]) =>
      appends.map((a) => this.appendInTransaction(a.streamId, a.events, a.expectedRevision ?? 'any', a.recordedAt)),
    );
    // Each append in its own savepoint (a nested better-sqlite3 transaction): one that fails is
    // undone alone, and the rest of the group commits.
    this.groupTx = this.db.transaction((group: QueuedAppend[]) =>
      group.map((a): Outcome => {
        try {
          return { result: this.appendTx(a.streamId, a.events, a.expected) };
        } catch (error) {
          // Some failures (disk full, I/O) end the whole transaction, not just the savepoint: then
          // nothing of the group is stored, and the group fails as one.
          if (!this.db.inTransaction) throw error;
          return { error: this.named(error) };
        }
      }),
    );
  }

  /**
   * Group commit: appends asked for in the same turn of the event loop (while the previous commit
   * held the thread) are queued and committed together in one transaction and one fsync, each
   * checked against its own expected revision; each promise settles only once that commit is durable.
   */
  async appendToStream(
    streamId: string,
    events: EventToAppend[],
    options: { expectedRevision?: ExpectedRevision } = {},
  ): Promise<AppendResult> {
    this.assertOpen();
    return new Promise<AppendResult>((resolve, reject) => {
      this.queue.push({ streamId, events, expected: options.expectedRevision ?? 'any', resolve, reject });
      if (!this.groupCommit) this.flush();
      else if (!this.flushScheduled) {
        this.flushScheduled = true;
        // After the microtasks and I/O callbacks of this turn, so every writer woken by the last
        // commit (or by requests that arrived during it) has queued its append.
        setImmediate(() => this.flush());
      }
    });
  }

  /** Group commits and the appends they carried since the store opened. */
  commitStats(): CommitStats {
    return { ...this.stats };
  }

  private flush(): void {
    this.flushScheduled = false;
    const group = this.queue;
    this.queue = [];
    if (group.length === 0) return;
    let outcomes: Outcome[];
    try {
      // IMMEDIATE takes the write lock up front, so revision checks and inserts see one state. A lone
      // append needs no savepoint: whatever fails rolls back the transaction it is alone in.
      outcomes = group.length === 1 ? [this.appendAlone(group[0]!)] : this.groupTx.immediate(group);
    } catch (error) {
      // The commit itself failed (I/O error, disk full): nothing of the group is stored.
      const named = this.named(error);
      for (const a of group) a.reject(named);
      return;
    }
    if (outcomes.some((o) => 'result' in o)) this.fault = null;
    this.stats.commits++;
    this.stats.appends += group.length;
    let wrote = false;
    group.forEach((a, i) => {
      const outcome = outcomes[i]!;
      if ('error' in outcome) return a.reject(outcome.error);
      if (!outcome.result.idempotentReplay && a.events.length > 0) wrote = true;
      a.resolve(outcome.result);
    });
    if (wrote) this.appended.emit('append');
  }

  private appendAlone(a: QueuedAppend): Outcome {
    try {
      return { result: this.appendTx.immediate(a.streamId, a.events, a.expected) };
    } catch (error) {
      return { error: this.named(error) };
    }
  }

  /** A failure of the machine (not of the append) becomes a retryable UnavailableError, and the log's fault until a write succeeds. */
  private named(error: unknown): unknown {
    const reason = sqliteFault(error);
    // A damaged log is not something a retry or freed space cures: it stays an internal error, logged.
    if (!reason || reason === 'DAMAGED') return error;
    this.fault = new UnavailableError('event log', reason, (error as Error).message);
    return this.fault;
  }

  /**
   * Why the log cannot take writes now, or null. While a fault lasts, each call tries a write of
   * about an append's size (committed, then emptied), so the fault clears once space or permission
   * returns even if no client writes meanwhile.
   */
  writeFault(): UnavailableError | null {
    if (!this.fault || this.closed) return this.fault;
    try {
      this.probe.immediate();
      this.fault = null;
    } catch (error) {
      this.named(error);
    }
    return this.fault;
  }

  /**
   * Bulk import: many appends (to many streams) in one transaction, all or nothing, each with its
   * own expected revision; `recordedAt` lets imported history keep the time it was first recorded.
   */
  appendBatch(appends: BatchAppend[]): AppendResult[] {
    this.assertOpen();
    let results: AppendResult[];
    try {
      results = this.batchTx.immediate(appends);
    } catch (error) {
      throw this.named(error);
    }
    this.fault = null;
    if (appends.length > 0) this.appended.emit('append');
    return results;
  }

  private appendInTransaction(
    streamId: string,
    events: EventToAppend[],
    expected: ExpectedRevision,
    recordedAtOverride?: Date,
  ): AppendResult {
    const head = this.stmts.head.get(streamId) as { revision: number; hash: string } | undefined;
    const current = head ? BigInt(head.revision) : null;
    // The look-up of event ids waits until it can matter, sparing every fresh append an index search:
    // a retry of an append that went through expects an older revision, or else its first insert
    // hits the (stream_id, event_id) index. Either way nothing of this append is written yet.
    if (!expectedRevisionHolds(expected, current)) {
      const replay = this.findReplay(streamId, events);
      if (replay) return replay;
      checkExpectedRevision(streamId, expected, current);
    }
    let position = 0;
    const recordedAt = (recordedAtOverride ?? this.now()).toISOString();
    const chain = chainEvents(head && { revision: current!, hash: head.hash }, events);
    for (const [i, { event, revision, prevHash, hash }] of chain.chained.entries()) {
      try {
        const info = this.stmts.insert.run(
          streamId,
          revision,
          event.id,
          event.type,
          JSON.stringify(event.data),
          JSON.stringify(event.metadata ?? {}),
          prevHash,
          hash,
          recordedAt,
        );
        position = Number(info.lastInsertRowid);
      } catch (error) {
        if (!isDuplicateEventId(error)) throw error;
        // A clash on the first event leaves nothing written: a retry, answered as one (or refused
        // when it differs). A later one means the ids were reused: the throw undoes this append.
        const replay = i === 0 ? this.findReplay(streamId, events) : null;
        if (replay) return replay;
        throw new IdempotencyMismatchError(streamId, event.id);
      }
    }
    if (events.length === 0) position = Number((this.stmts.headPosition.get() as { p: number }).p);
    return { nextExpectedRevision: chain.head.revision, position: BigInt(position), idempotentReplay: false };
  }

  private findReplay(streamId: string, events: EventToAppend[]): AppendResult | null {
    return findIdempotentReplay(streamId, events, (id) => {
      const row = this.stmts.byEventId.get(streamId, id) as { position: number; revision: number; type: string } | undefined;
      return row && { position: BigInt(row.position), revision: BigInt(row.revision), type: row.type };
    });
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const limit = options.maxCount ?? -1;
    const whole = options.direction !== 'backwards' && options.fromRevision === undefined && options.maxCount === undefined;
    const rows = (
      whole
        ? this.stmts.stream.all(streamId)
        : options.direction === 'backwards'
          ? this.stmts.backwards.all(
              streamId,
              options.fromRevision !== undefined ? Number(options.fromRevision) : Number.MAX_SAFE_INTEGER,
              limit,
            )
          : this.stmts.forwards.all(streamId, Number(options.fromRevision ?? 0n), limit)
    ) as EventRow[];
    return rows.map(toRecorded);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    return this.readAllSync(options.after ?? 0n, options.maxCount ?? -1);
  }

  private readAllSync(after: bigint, limit: number): RecordedEvent[] {
    return (this.stmts.all.all(Number(after), limit) as EventRow[]).map(toRecorded);
  }

  /** Records that this log now lives in PostgreSQL: from now on it refuses to be opened to serve. */
  markMoved(toUrl: string): void {
    this.assertOpen();
    this.db.prepare('INSERT INTO moved (to_url, at) VALUES (?, ?)').run(toUrl, this.now().toISOString());
  }

  async headPosition(): Promise<bigint> {
    this.assertOpen();
    return BigInt((this.stmts.headPosition.get() as { p: number }).p);
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    return followLog(
      {
        appended: this.appended,
        isClosed: () => this.closed,
        pageSize: BATCH,
        pollMs: CROSS_PROCESS_POLL_MS,
        readPage: (after, pageSize) => this.readAllSync(after, pageSize),
      },
      options,
    );
  }

  /** Another connection (a thread, a process) appended: followers read now instead of at their next poll. */
  wake(): void {
    this.appended.emit('append');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    // Appends already asked for are committed (and answered) before the file closes.
    this.flush();
    this.closed = true;
    this.appended.emit('append');
    this.db.close();
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the event store is closed');
  }
}

/** The (stream_id, event_id) index refused an insert: the stream already holds that event id. */
const isDuplicateEventId = (error: unknown): boolean =>
  (error as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE' && String((error as Error).message).includes('events.event_id');

const toRecorded = ([position, streamId, revision, eventId, type, data, recordedAt, metadata, prev_hash, hash]: EventRow): RecordedEvent =>
  recorded(position, streamId, revision, eventId, type, data, recordedAt, () => metadataOf({ metadata, prev_hash, hash }));

/** A whole event, as EVENT_COLUMNS reads it. */
type EventRow = [
  position: number,
  streamId: string,
  revision: number,
  eventId: string,
  type: string,
  data: string,
  recordedAt: string,
  metadata: string,
  prevHash: string,
  hash: string,
];
