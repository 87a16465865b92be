import Database from 'better-sqlite3';
import { closeSync, existsSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

export class StoreFileError extends Error {
  readonly code = 'STORE_FILE_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'StoreFileError';
  }
}

const SQLITE_HEADER = 'SQLite format 3\0';

export interface Migration {
  version: number;
  up: string;
}

/**
 * Opens one of the product's SQLite files: refuses a file that is not SQLite, or that belongs to
 * something else (PRAGMA application_id), and brings its schema up to date in one transaction.
 */
export function openSqliteFile(path: string, applicationId: number, migrations: Migration[], what: string): Database.Database {
  mkdirSync(dirname(path), { recursive: true });
  if (existsSync(path) && statSync(path).size > 0) {
    const header = Buffer.alloc(16);
    const fd = openSync(path, 'r');
    try {
      readSync(fd, header, 0, 16, 0);
    } finally {
      closeSync(fd);
    }
    if (header.toString('latin1') !== SQLITE_HEADER) {
      throw new StoreFileError(`${path} is not a SQLite database (corrupt or foreign file); refusing to use it as the ${what}`);
    }
  }
  const db = new Database(path);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('busy_timeout = 10000');
    // The default 2 MiB page cache thrashes once the indexes outgrow it (random UUID keys).
    db.pragma('cache_size = -131072');
    const appId = db.pragma('application_id', { simple: true }) as number;
    const version = db.pragma('user_version', { simple: true }) as number;
    const tables = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number };
    if (appId === 0 && tables.n > 0)
      throw new StoreFileError(`${path} holds another application's tables; refusing to use it as the ${what}`);
    if (appId !== 0 && appId !== applicationId)
      throw new StoreFileError(`${path} belongs to another application (id ${appId}); refusing to use it as the ${what}`);
    const latest = migrations[migrations.length - 1]?.version ?? 0;
    if (version > latest)
      throw new StoreFileError(`${path} was written by a newer version (schema ${version} > ${latest}); upgrade the service`);
    db.transaction(() => {
      for (const m of migrations.filter((m) => m.version > version)) db.exec(m.up);
      db.pragma(`application_id = ${applicationId}`);
      db.pragma(`user_version = ${latest}`);
    }).immediate();
    return db;
  } catch (error) {
    db.close();
    if (error instanceof StoreFileError) throw error;
    const code = (error as { code?: string }).code;
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT')
      throw new StoreFileError(`${path} is corrupt (${code}); refusing to use it as the ${what}`);
    throw error;
  }
}
