import Database from 'better-sqlite3';
import { join } from 'node:path';
import { Pool } from 'pg';
import { FollowSubjectKind } from '@gov/domain';
import { PgMigration, migrateSchema, openSqliteFile } from '@gov/event-store';

/** One follow request as the address store keeps it: the only place a follower's address is written. */
export interface FollowerAddress {
  followerId: string;
  address: string;
  /** The secret in the follower's links (confirm, unsubscribe, erase): whoever has a message may use them. */
  token: string;
  subjectKind: FollowSubjectKind;
  subjectId: string;
  requestedAt: string;
  /** Set once the follower unsubscribed: the address may follow the subject again. */
  ended: boolean;
}

/**
 * Followers' addresses, beside the log (which names followers by id only), so that erasing one
 * removes the address for good: `erase` leaves it in no file (SQLite) or table (PostgreSQL).
 */
export interface FollowerAddresses {
  add(row: Omit<FollowerAddress, 'ended'>): Promise<void>;
  get(followerId: string): Promise<FollowerAddress | null>;
  /** Whether the address follows the subject already (asked, confirmed, not ended). Addresses match in any letter case. */
  follows(address: string, subjectKind: FollowSubjectKind, subjectId: string): Promise<boolean>;
  /** Follow requests made for the address since a moment: confirmation mails sent to it. */
  requestsSince(address: string, since: string): Promise<number>;
  markEnded(followerId: string): Promise<void>;
  /** Every follower id the address has. */
  idsOf(address: string): Promise<string[]>;
  /** Removes the rows for good (overwritten, not only unlinked from the tables). */
  erase(followerIds: string[]): Promise<void>;
  close(): Promise<void>;
}

const FOLLOWERS_APPLICATION_ID = 0x464f4c57; // "FOLW"
export const FOLLOWER_ADDRESSES_FILE = 'followers.sqlite';

const COLUMNS = `follower_id AS followerId, address, token, subject_kind AS subjectKind, subject_id AS subjectId,
  requested_at AS requestedAt, ended`;

/** The embedded store: its own SQLite file in the data dir. */
export class SqliteFollowerAddresses implements FollowerAddresses {
  private readonly db: Database.Database;

  constructor(dataDir: string, file = join(dataDir, FOLLOWER_ADDRESSES_FILE)) {
    this.db = openSqliteFile(
      file,
      FOLLOWERS_APPLICATION_ID,
      [
        {
          version: 1,
          up: `CREATE TABLE followers (
            follower_id TEXT PRIMARY KEY, address TEXT NOT NULL COLLATE NOCASE, token TEXT NOT NULL, subject_kind TEXT NOT NULL,
            subject_id TEXT NOT NULL, requested_at TEXT NOT NULL, ended INTEGER NOT NULL DEFAULT 0);
            CREATE INDEX followers_address ON followers (address, requested_at);`,
        },
      ],
      'follower addresses',
    );
    // Deleted rows are overwritten with zeros, in the tables, the index and the freed pages.
    this.db.pragma('secure_delete = ON');
  }

  add(row: Omit<FollowerAddress, 'ended'>): Promise<void> {
    this.db
      .prepare(
        'INSERT INTO followers (follower_id, address, token, subject_kind, subject_id, requested_at) VALUES (@followerId, @address, @token, @subjectKind, @subjectId, @requestedAt)',
      )
      .run(row);
    return Promise.resolve();
  }

  get(followerId: string): Promise<FollowerAddress | null> {
    const row = this.db.prepare(`SELECT ${COLUMNS} FROM followers WHERE follower_id = ?`).get(followerId) as
      (Omit<FollowerAddress, 'ended'> & { ended: number }) | undefined;
    return Promise.resolve(row ? { ...row, ended: row.ended === 1 } : null);
  }

  follows(address: string, subjectKind: FollowSubjectKind, subjectId: string): Promise<boolean> {
    const row = this.db
      .prepare('SELECT 1 FROM followers WHERE address = ? AND subject_kind = ? AND subject_id = ? AND ended = 0')
      .get(address, subjectKind, subjectId);
    return Promise.resolve(row !== undefined);
  }

  requestsSince(address: string, since: string): Promise<number> {
    return Promise.resolve(
      this.db.prepare('SELECT count(*) FROM followers WHERE address = ? AND requested_at >= ?').pluck().get(address, since) as number,
    );
  }

  markEnded(followerId: string): Promise<void> {
    this.db.prepare('UPDATE followers SET ended = 1 WHERE follower_id = ?').run(followerId);
    return Promise.resolve();
  }

  idsOf(address: string): Promise<string[]> {
    return Promise.resolve(this.db.prepare('SELECT follower_id FROM followers WHERE address = ?').pluck().all(address) as string[]);
  }

  erase(followerIds: string[]): Promise<void> {
    this.db.transaction(() => {
      const remove = this.db.prepare('DELETE FROM followers WHERE follower_id = ?');
      for (const id of followerIds) remove.run(id);
    })();
    // The deleted pages (zeroed) go from the WAL into the file, and the WAL, which still holds the
    // frames that wrote the address, is truncated to nothing. Only this connection uses the file.
    const [result] = this.db.pragma('wal_checkpoint(TRUNCATE)') as Array<{ busy: number }>;
    if (result?.busy) throw new Error('the follower address store could not be checkpointed; erasure is incomplete');
    return Promise.resolve();
  }

  close(): Promise<void> {
    if (this.db.open) this.db.close();
    return Promise.resolve();
  }
}

const PG_MIGRATIONS: PgMigration[] = [
  {
    version: 1,
    up: `CREATE TABLE follower_addresses (
      follower_id uuid PRIMARY KEY, address text NOT NULL, token text NOT NULL, subject_kind text NOT NULL,
      subject_id uuid NOT NULL, requested_at timestamptz NOT NULL, ended boolean NOT NULL DEFAULT false);
      CREATE INDEX follower_addresses_address ON follower_addresses (lower(address), requested_at);`,
  },
];

/** With POSTGRES_URL: one table every replica shares. */
export class PostgresFollowerAddresses implements FollowerAddresses {
  private readonly pool: Pool;
  private schema: Promise<void> | null = null;

  constructor(connectionString: string) {
    this.pool = new Pool({ connectionString, max: 2, connectionTimeoutMillis: 5000 });
    this.pool.on('error', () => undefined);
  }

  private async query<R extends object>(sql: string, params: unknown[]): Promise<R[]> {
    this.schema ??= migrateSchema(this.pool, 'follower addresses', PG_MIGRATIONS).catch((error: unknown) => {
      this.schema = null;
      throw error;
    });
    await this.schema;
    return (await this.pool.query<R>(sql, params)).rows;
  }

  async add(row: Omit<FollowerAddress, 'ended'>): Promise<void> {
    await this.query(
      'INSERT INTO follower_addresses (follower_id, address, token, subject_kind, subject_id, requested_at) VALUES ($1, $2, $3, $4, $5, $6)',
      [row.followerId, row.address, row.token, row.subjectKind, row.subjectId, row.requestedAt],
    );
  }

  async get(followerId: string): Promise<FollowerAddress | null> {
    const [row] = await this.query<FollowerAddress & { requestedAt: Date }>(
      `SELECT follower_id AS "followerId", address, token, subject_kind AS "subjectKind", subject_id AS "subjectId",
        requested_at AS "requestedAt", ended FROM follower_addresses WHERE follower_id = $1`,
      [followerId],
    );
    return row ? { ...row, requestedAt: row.requestedAt.toISOString() } : null;
  }

  async follows(address: string, subjectKind: FollowSubjectKind, subjectId: string): Promise<boolean> {
    const rows = await this.query(
      'SELECT 1 FROM follower_addresses WHERE lower(address) = lower($1) AND subject_kind = $2 AND subject_id = $3 AND NOT ended',
      [address, subjectKind, subjectId],
    );
    return rows.length > 0;
  }

  async requestsSince(address: string, since: string): Promise<number> {
    const [row] = await this.query<{ n: string }>(
      'SELECT count(*) AS n FROM follower_addresses WHERE lower(address) = lower($1) AND requested_at >= $2',
      [address, since],
    );
    return Number(row?.n ?? 0);
  }

  async markEnded(followerId: string): Promise<void> {
    await this.query('UPDATE follower_addresses SET ended = true WHERE follower_id = $1', [followerId]);
  }

  async idsOf(address: string): Promise<string[]> {
    return (
      await this.query<{ id: string }>('SELECT follower_id AS id FROM follower_addresses WHERE lower(address) = lower($1)', [address])
    ).map((r) => r.id);
  }

  async erase(followerIds: string[]): Promise<void> {
    await this.query('DELETE FROM follower_addresses WHERE follower_id = ANY($1::uuid[])', [followerIds]);
    // Dead row versions keep the address in the table's and index's pages: VACUUM FULL writes both
    // anew without them (a plain VACUUM frees the space but may leave the bytes). The table is small.
    await this.query('VACUUM FULL follower_addresses', []);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
