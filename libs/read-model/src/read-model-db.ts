import Database from 'better-sqlite3';
import { renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { openSqliteFile } from '@gov/event-store';
import { PROJECTIONS } from './projections';
import {
  PROJECTION_TABLES,
  PROJECTION_TABLE_NAMES,
  PROJECTION_VERSION,
  QUERY_INDEXES,
  READ_MODEL_APPLICATION_ID,
  READ_MODEL_MIGRATIONS,
} from './schema';

export const READ_MODEL_FILE = 'read-model.sqlite';

/** Page cache of a replay from zero, in KiB. */
const BULK_CACHE_KIB = 512 * 1024;

export interface ReadModelDbOptions {
  /**
   * Keep serving a file an older PROJECTION_VERSION wrote (it still holds answers) instead of
   * dropping it; a build beside it (ReadModelUpgrade) replaces it. An empty file is reset regardless.
   */
  keepStale?: boolean;
}

/** Statement modes better-sqlite3 sets by calling a method; replayed when a statement is prepared again on a new file. */
const STATEMENT_MODES = new Set<PropertyKey>(['pluck', 'raw', 'expand', 'safeIntegers', 'bind']);

/** The read model's SQLite file: projected tables plus the checkpoint they are consistent with. */
export class ReadModelDb {
  /**
   * What queries read through: follows the file when a rebuilt one replaces it (`replaceWith`), so a
   * statement prepared once keeps working; each call runs on the file served at that moment.
   */
  readonly db: Database.Database;
  readonly file: string;
  private conn!: Database.Database;
  /** Bumped when the file is replaced, so statements prepared on the old file are prepared again. */
  private generation = 0;
  private readCheckpoint!: Database.Statement;
  private writeCheckpoint!: Database.Statement;
  /** The PROJECTION_VERSION that wrote the tables in this file. */
  private version = 0;
  /** The cache_size pragma the file is served with (restored after a bulk load). */
  private servingCacheSize = 0;

  constructor(dataDir: string, file = join(dataDir, READ_MODEL_FILE), options: ReadModelDbOptions = {}) {
    this.file = file;
    this.open();
    const { position, projectionVersion } = this.checkpoint();
    if (projectionVersion !== PROJECTION_VERSION && (position === 0n || !options.keepStale)) this.reset();
    else if (this.stale) this.addMissingTables();
    this.db = this.following();
  }

  /** The connection to the file served now; the projector writes through it directly. */
  get connection(): Database.Database {
    return this.conn;
  }

  private open(): void {
    this.conn = openSqliteFile(this.file, READ_MODEL_APPLICATION_ID, READ_MODEL_MIGRATIONS, 'read model');
    // The log is the durable truth and the projector can replay it, so the read side trades fsyncs for speed.
    this.conn.pragma('synchronous = NORMAL');
    this.servingCacheSize = this.conn.pragma('cache_size', { simple: true }) as number;
    this.readCheckpoint = this.conn.prepare('SELECT position, projection_version AS v FROM checkpoint WHERE id = 1');
    this.writeCheckpoint = this.conn.prepare('UPDATE checkpoint SET position = ?, projection_version = ? WHERE id = 1');
    this.version = this.checkpoint().projectionVersion;
  }

  checkpoint(): { position: bigint; projectionVersion: number } {
    const row = this.readCheckpoint.get() as {
      position: number;
      v: number;
    };
    return { position: BigInt(row.position), projectionVersion: row.v };
  }

  /** Whether an older projection version wrote this file (it is served until a build beside it replaces it). */
  get stale(): boolean {
    return this.version !== PROJECTION_VERSION;
  }

  /** Records that the projected tables include the log up to `position`; inside the projector's transaction. */
  saveCheckpoint(position: bigint): void {
    this.writeCheckpoint.run(Number(position), this.version);
  }

  /** Drops every projected table and the checkpoint: the next start replays the whole log. */
  reset(): void {
    this.conn.transaction(() => {
      for (const table of PROJECTION_TABLE_NAMES) this.conn.exec(`DROP TABLE IF EXISTS ${table}`);
      this.conn.exec(PROJECTION_TABLES);
      this.version = PROJECTION_VERSION;
      this.saveCheckpoint(0n);
    })();
  }

  /**
   * Tables a newer projection brings are created empty in a stale file, so this version's projector
   * can keep it current while it is served; the build beside it fills them from the whole log.
   */
  private addMissingTables(): void {
    const exists = this.conn.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").pluck();
    for (const projection of PROJECTIONS)
      for (const [name, ddl] of Object.entries(projection.tables)) if (!exists.get(name)) this.conn.exec(ddl);
  }

  /**
   * Settings for a replay from zero into this (empty) file, until `endBulkLoad`. One transaction
   * writes the whole read model: in WAL mode every page the page cache spills is appended to the
   * WAL again each time it changes, and each page read searches a WAL index that grows with it, so
   * the replay slows as the log grows. A rollback journal holds only the few pages the empty file
   * had (new pages need no undo), so spills go straight to the file; a crash still rolls back to the
   * empty file. The larger cache keeps what is written at random keys (the recommendations' id index,
   * rows updated by seq) in memory; it is a fixed size, not one that grows with the log.
   */
  beginBulkLoad(): void {
    try {
      this.conn.pragma('journal_mode = TRUNCATE');
    } catch (error) {
      // Another connection has the file open (a backup reading it): it stays in WAL mode, and the replay is only slower.
      if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error;
    }
    this.conn.pragma(`cache_size = -${BULK_CACHE_KIB}`);
  }

  /** Back to the serving settings once a replay from zero has committed. */
  endBulkLoad(): void {
    this.conn.pragma(`cache_size = ${this.servingCacheSize}`);
    this.conn.pragma('journal_mode = WAL');
  }

  /** Builds the query indexes a replay from zero left out; a no-op once they exist. */
  ensureIndexes(): void {
    this.conn.exec(QUERY_INDEXES);
  }

  /**
   * Serves `next` (a complete, checkpointed file built beside this one) from now on, in one
   * synchronous step: this file is closed, `next` renamed over it (atomic: a crash leaves either
   * file in place, each a whole read model) and opened. `next` is closed by this.
   */
  replaceWith(next: ReadModelDb): void {
    next.close();
    this.close();
    // A WAL another process (a backup) left behind belongs to the old file and must not meet the new one.
    for (const suffix of ['-wal', '-shm']) rmSync(`${this.file}${suffix}`, { force: true });
    renameSync(next.file, this.file);
    this.open();
    this.generation++;
  }

  close(): void {
    if (this.conn.open) this.conn.close();
  }

  /** A Database whose calls go to the file served at the time of the call. */
  private following(): Database.Database {
    return new Proxy({} as Database.Database, {
      get: (_, prop) => {
        if (prop === 'prepare') return (sql: string) => this.followingStatement(sql);
        const value: unknown = Reflect.get(this.conn, prop);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(this.conn) : value;
      },
    });
  }

  private followingStatement(sql: string): Database.Statement {
    /**
     * The last call of each mode, in the order they were last made: replaying these gives the
     * statement the state it had (a mode call only sets its own flag or overrides the others), and
     * the map holds at most one entry per mode however often a cached statement is called.
     */
    const modes = new Map<PropertyKey, unknown[]>();
    let statement = this.conn.prepare(sql);
    let preparedIn = this.generation;
    const current = () => {
      if (preparedIn !== this.generation) {
        statement = this.conn.prepare(sql);
        for (const [mode, args] of modes) (statement[mode as keyof Database.Statement] as (...a: unknown[]) => unknown)(...args);
        preparedIn = this.generation;
      }
      return statement;
    };
    const proxy: Database.Statement = new Proxy({} as Database.Statement, {
      get: (_, prop) => {
        const target = current();
        if (STATEMENT_MODES.has(prop))
          return (...args: unknown[]) => {
            modes.delete(prop);
            modes.set(prop, args);
            (target[prop as keyof Database.Statement] as (...a: unknown[]) => unknown)(...args);
            return proxy;
          };
        const value: unknown = Reflect.get(target, prop);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
    return proxy;
  }
}
