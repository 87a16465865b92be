import type { Pool, PoolClient } from 'pg';
import { UnavailableError } from '../unavailable';

export interface PgMigration {
  version: number;
  up: string;
}

/** Serialises schema changes of every replica starting at once (any constant, distinct from the log's). */
const MIGRATION_LOCK = 0x47565343;

/** The schema in the database was written by a newer version of the service: this one must not touch it. */
export class SchemaTooNewError extends Error {
  constructor(component: string, found: number, known: number) {
    super(
      `The PostgreSQL schema of the ${component} is at version ${found}, written by a newer version of this service ` +
        `(this one knows up to version ${known}). Run the newer version, or restore the database from before the upgrade.`,
    );
    this.name = 'SchemaTooNewError';
  }
}

/**
 * Creates or migrates one component's tables (the log, the evidence files), recording its version
 * in `schema_versions`; one transaction, under an advisory lock, so replicas starting together
 * migrate once and none sees half a schema.
 */
export async function migrateSchema(pool: Pool, component: string, migrations: PgMigration[]): Promise<void> {
  const known = Math.max(...migrations.map((m) => m.version));
  const client = await pool.connect().catch((error: Error) => {
    throw unreachable(component, error);
  });
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS schema_versions (component text PRIMARY KEY, version integer NOT NULL)');
    const found = await client.query<{ version: number }>('SELECT version FROM schema_versions WHERE component = $1', [component]);
    const current = found.rows[0]?.version ?? 0;
    if (current > known) throw new SchemaTooNewError(component, current, known);
    for (const migration of migrations.filter((m) => m.version > current).sort((a, b) => a.version - b.version))
      await client.query(migration.up);
    if (current < known)
      await client.query(
        'INSERT INTO schema_versions (component, version) VALUES ($1, $2) ON CONFLICT (component) DO UPDATE SET version = excluded.version',
        [component, known],
      );
    await client.query('COMMIT');
    client.release();
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    client.release(true);
    throw error;
  }
}

/** A connection failure as the retryable UNAVAILABLE clients see (the driver's message stays in `detail`). */
export function unreachable(resource: string, error: unknown): UnavailableError {
  return new UnavailableError(resource, 'UNREACHABLE', (error as Error).message, { cause: error });
}

/** Errors that mean the server or the connection to it is gone, not that the statement was wrong. */
export function isConnectionError(error: unknown): boolean {
  if (error instanceof UnavailableError) return error.reason === 'UNREACHABLE';
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string') {
    // 08: connection exception; 57P01-03: the backend was terminated, the server crashed or is starting.
    if (
      code.startsWith('08') ||
      ['57P01', '57P02', '57P03', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH'].includes(code)
    )
      return true;
  }
  return (
    typeof message === 'string' &&
    /Connection terminated|connection error|not queryable|timeout exceeded when trying to connect/i.test(message)
  );
}

const guarded = new WeakSet<PoolClient>();

/**
 * A pooled connection the server drops while it is checked out but between queries emits 'error'
 * with nobody listening, which would end the process; the next query on it fails (and is handled) instead.
 */
export function guardClient(client: PoolClient): PoolClient {
  if (!guarded.has(client)) {
    guarded.add(client);
    client.on('error', () => undefined);
  }
  return client;
}
