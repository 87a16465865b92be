import Database from 'better-sqlite3';
import { renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { StoreFileError, UnavailableError, openSqliteFile, sqliteFault } from '@gov/event-store';
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

/** Where a served file too damaged to open is set aside (for the operator to look at) before a fresh one replaces it. */
export const DAMAGED_READ_MODEL_FILE = 'read-model.damaged.sqlite';

/**
 * Opens the served read model. It is derived data, never a reason not to serve: a file too damaged
 * to open is set aside and replayed from the log; after an unclean shutdown (`afterCrash`) the file
 * is checked (quick_check) and, if damaged, served as damaged (reads answer UNAVAILABLE) until
 * the rebuild beside it (ReadModelUpgrade) replaces it.
 */
export function openServedReadModel(dataDir: string, options: { afterCrash: boolean; log: (message: string) => void }): ReadModelDb {
  const file = join(dataDir, READ_MODEL_FILE);
  let readModel: ReadModelDb;
  try {
    readModel = new ReadModelDb(dataDir, file, { keepStale: true });
  } catch (error) {
    const damaged =
      error instanceof StoreFileError ? /is corrupt|not a SQLite database/.test(error.message) : sqliteFault(error) === 'DAMAGED';
    if (!damaged) throw error;
    options.log(
      `${file} cannot be opened (${(error as Error).message}): set aside as ${DAMAGED_READ_MODEL_FILE}, replaying the log into a new one`,
    );
    renameSync(file, join(dataDir, DAMAGED_READ_MODEL_FILE));
    for (const suffix of ['-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
    readModel = new ReadModelDb(dataDir, file, { keepStale: true });
  }
  if (options.afterCrash && !readModel.checkIntegrity())
    options.log(`${file} is damaged (${readModel.damaged!.detail}): rebuilding it beside; queries answer UNAVAILABLE meanwhile`);
  return readModel;
}

/** Statement modes better-sqlite3 sets by calling a method; replayed when a statement is prepared again on a new file. */
const STATEMENT_MODES = new Set<PropertyKey>(['pluck', 'raw', 'expand', 'safeIntegers', 'bind']);

/** A read-only view of the read model at one moment (ReadModelDb.snapshot). */
export interface ReadSnapshot {
  readonly db: Database.Database;
  close(): void;
}

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
  /**
   * Set once the served file is known to be damaged (SQLITE_CORRUPT met, or a failed quick_check):
   * reads through `db` answer it (UNAVAILABLE) rather than risk wrong rows, until a rebuilt file
   * replaces this one.
   */
  private damage: UnavailableError | null = null;
  private readonly damageListeners = new Set<(damage: UnavailableError) => void>();

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
    this.damage = null;
  }

  /**
   * The served file frozen at this moment: its own connection in one read transaction (WAL), so a
   * long read made of many queries, such as a streamed open-data file, sees none of the projector's
   * later commits and agrees with the position it states. Close it when done: while open it holds
   * back the WAL's checkpoint.
   */
  snapshot(): ReadSnapshot {
    if (this.damage) throw this.damage;
    const db = new Database(this.file, { fileMustExist: true });
    try {
      db.pragma('query_only = ON');
      db.pragma('busy_timeout = 5000');
      db.exec('BEGIN');
      // A deferred transaction takes its snapshot at its first read.
      db.prepare('SELECT position FROM checkpoint WHERE id = 1').get();
    } catch (error) {
      db.close();
      throw error;
    }
    return {
      db,
      close: () => {
        if (!db.open) return;
        if (db.inTransaction) db.exec('COMMIT');
        db.close();
      },
    };
  }

  /** Why the served file cannot answer (it is damaged and being rebuilt), or null. */
  get damaged(): UnavailableError | null {
    return this.damage;
  }

  /**
   * Records that the served file is damaged (`cause`: the SQLite error, or quick_check's finding)
   * and tells the listeners (the rebuild) once; returns what readers are answered meanwhile.
   */
  markDamaged(cause: string): UnavailableError {
    if (this.damage) return this.damage;
    const damage = (this.damage = new UnavailableError('read model', 'DAMAGED', cause));
    for (const listener of this.damageListeners) listener(damage);
    return damage;
  }

  onDamage(listener: (damage: UnavailableError) => void): () => void {
    this.damageListeners.add(listener);
    return () => this.damageListeners.delete(listener);
  }

  /**
   * SQLite's quick_check of the served file (reads every page: run after an unclean shutdown, not
   * on every start); marks it damaged when it finds a problem. True when the file is sound.
   */
  checkIntegrity(): boolean {
    let findings: string[];
    try {
      findings = (this.conn.pragma('quick_check') as Array<{ quick_check: string }>).map((r) => r.quick_check);
    } catch (error) {
      findings = [(error as Error).message];
    }
    if (findings.length === 1 && findings[0] === 'ok') return true;
    this.markDamaged(`quick_check: ${findings.slice(0, 3).join('; ')}`);
    return false;
  }

  /** Runs a read on the served file: answers the known damage, and names damage it meets. */
  private guarded<T>(read: () => T): T {
    if (this.damage) throw this.damage;
    try {
      return read();
    } catch (error) {
      if (sqliteFault(error) === 'DAMAGED') throw this.markDamaged((error as Error).message);
      throw error;
    }
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
        return typeof value === 'function'
          ? (...args: unknown[]) => this.guarded(() => (value as (...a: unknown[]) => unknown).apply(this.conn, args))
          : value;
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
    const prepare = () => {
      const prepared = this.conn.prepare(sql);
      for (const [mode, args] of modes) (prepared[mode as keyof Database.Statement] as (...a: unknown[]) => unknown)(...args);
      preparedIn = this.generation;
      return prepared;
    };
    let preparedIn = this.generation;
    // Prepared at once, so a wrong statement fails where it is written; on a damaged file, when first run.
    let statement: Database.Statement | null = null;
    try {
      statement = prepare();
    } catch (error) {
      if (sqliteFault(error) !== 'DAMAGED') throw error;
      this.markDamaged((error as Error).message);
    }
    const ready = () => (statement && preparedIn === this.generation ? statement : null);
    const current = () => ready() ?? (statement = this.guarded(prepare));
    const proxy: Database.Statement = new Proxy({} as Database.Statement, {
      get: (_, prop) => {
        if (STATEMENT_MODES.has(prop))
          return (...args: unknown[]) => {
            modes.delete(prop);
            modes.set(prop, args);
            // Not prepared on the file served now: preparing it replays the modes.
            const target = ready();
            if (target) (target[prop as keyof Database.Statement] as (...a: unknown[]) => unknown)(...args);
            return proxy;
          };
        const target = current();
        const value: unknown = Reflect.get(target, prop);
        return typeof value === 'function'
          ? (...args: unknown[]) => this.guarded(() => (value as (...a: unknown[]) => unknown).apply(target, args))
          : value;
      },
    });
    return proxy;
  }
}
