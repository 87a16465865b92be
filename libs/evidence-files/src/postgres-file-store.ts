import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { Pool, PoolClient } from 'pg';
import { PgMigration, UnavailableError, guardClient, isConnectionError, migrateSchema, unreachable } from '@gov/event-store';
import { cleanFileName, MAX_NAMES, SHA256 } from './file-store';
import { FileChangedError, FileStore, StoredFile, joinOwners } from './file-store.port';
import { Received, receive } from './receive';

/** Bytes per stored chunk: big enough that a 20 MB file is 80 rows, small enough to stream. */
const CHUNK_BYTES = 256 * 1024;
/** Chunks fetched per query while serving. */
const CHUNKS_PER_READ = 8;

const MIGRATIONS: PgMigration[] = [
  {
    version: 1,
    up: `
      CREATE TABLE evidence_files (
        sha256     text        PRIMARY KEY,
        content    uuid        NOT NULL,
        size       bigint      NOT NULL,
        media_type text        NOT NULL,
        names      text[]      NOT NULL,
        stored_at  timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE evidence_chunks (
        content uuid    NOT NULL,
        seq     integer NOT NULL,
        bytes   bytea   NOT NULL,
        PRIMARY KEY (content, seq)
      );
    `,
  },
  // Owners of an uncited file; NULL for files stored before (anyone may cite those).
  { version: 2, up: 'ALTER TABLE evidence_files ADD COLUMN owners text[]' },
];

interface FileRow {
  sha256: string;
  content: string;
  size: string;
  media_type: string;
  names: string[];
  owners: string[] | null;
}

const COLUMNS = 'sha256, content, size, media_type, names, owners';
const toStored = (row: FileRow): StoredFile => ({
  sha256: row.sha256,
  size: Number(row.size),
  mediaType: row.media_type,
  names: row.names,
  ...(row.owners ? { owners: row.owners } : {}),
});

/**
 * Evidence files in PostgreSQL (POSTGRES_URL), shared by every replica. An upload streams into
 * chunk rows inside one transaction while it is hashed, and commits with the file's row under its
 * hash only when complete: a failed or interrupted upload leaves nothing. Identical content is kept
 * once (a second upload's chunks are dropped before its commit). Serving reads the chunks once to
 * check them against the hash before the first byte goes out, and again to stream them.
 */
export class PostgresFileStore implements FileStore {
  private readonly pool: Pool;
  private schema: Promise<void> | null = null;

  constructor(
    connectionString: string,
    readonly maxBytes: number,
  ) {
    // Each upload holds a connection for its duration; downloads take one per page of chunks.
    this.pool = new Pool({ connectionString, max: 6, connectionTimeoutMillis: 5000 });
    this.pool.on('error', () => undefined);
  }

  /** Creates or migrates the tables; rejects when the server is unreachable or its schema is newer. */
  init(): Promise<void> {
    this.schema ??= migrateSchema(this.pool, 'evidence files', MIGRATIONS).catch((error: unknown) => {
      if (isConnectionError(error)) this.schema = null;
      throw error;
    });
    return this.schema;
  }

  async put(source: AsyncIterable<Buffer>, name: string, owners: readonly string[]): Promise<StoredFile & { name: string }> {
    const cleanName = cleanFileName(name);
    await this.init();
    const client = await this.connect();
    let healthy = true;
    try {
      await client.query('BEGIN');
      const content = randomUUID();
      let seq = 0;
      let pending: Buffer[] = [];
      let pendingBytes = 0;
      const writeChunk = async () => {
        await client.query('INSERT INTO evidence_chunks (content, seq, bytes) VALUES ($1, $2, $3)', [
          content,
          seq++,
          Buffer.concat(pending, pendingBytes),
        ]);
        pending = [];
        pendingBytes = 0;
      };
      const received: Received = await receive(source, this.maxBytes, async (chunk) => {
        pending.push(chunk);
        pendingBytes += chunk.length;
        if (pendingBytes >= CHUNK_BYTES) await writeChunk();
      });
      if (pendingBytes > 0) await writeChunk();
      const stored = await this.settle(client, content, received, cleanName, owners);
      await client.query('COMMIT');
      return { ...stored, name: cleanName };
    } catch (error) {
      if (isConnectionError(error)) healthy = false;
      else await client.query('ROLLBACK').catch(() => (healthy = false));
      throw this.unavailable(error);
    } finally {
      client.release(!healthy);
    }
  }

  /** Records the file under its hash, or, when that content is already stored, drops these chunks and adds the name. */
  private async settle(client: PoolClient, content: string, file: Received, name: string, owners: readonly string[]): Promise<StoredFile> {
    const inserted = await client.query<FileRow>(
      `INSERT INTO evidence_files (sha256, content, size, media_type, names, owners) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (sha256) DO NOTHING RETURNING ${COLUMNS}`,
      [file.sha256, content, file.size, file.mediaType, [name], joinOwners(null, owners)],
    );
    if (inserted.rows[0]) return toStored(inserted.rows[0]);
    // Stored before (or by a concurrent upload that committed first: the insert waited for it).
    await client.query('DELETE FROM evidence_chunks WHERE content = $1', [content]);
    const known = (await client.query<FileRow>(`SELECT ${COLUMNS} FROM evidence_files WHERE sha256 = $1 FOR UPDATE`, [file.sha256]))
      .rows[0]!;
    const names = [...new Set([...known.names, name])].slice(0, MAX_NAMES);
    const joined = joinOwners(toStored(known), owners) ?? null;
    if (names.length !== known.names.length || joined?.length !== known.owners?.length)
      await client.query('UPDATE evidence_files SET names = $2, owners = $3 WHERE sha256 = $1', [file.sha256, names, joined]);
    return toStored({ ...known, names, owners: joined });
  }

  async has(sha256: string): Promise<boolean> {
    return (await this.get(sha256)) !== null;
  }

  async get(sha256: string): Promise<StoredFile | null> {
    const key = sha256.toLowerCase();
    if (!SHA256.test(key)) return null;
    const row = await this.row(key);
    return row ? toStored(row) : null;
  }

  async open(sha256: string): Promise<Readable> {
    const key = sha256.toLowerCase();
    // A first pass checks the whole file, so a client never receives a byte of a wrong one.
    for await (const _chunk of this.chunks(key)) {
      // read to check only
    }
    return Readable.from(this.chunks(key));
  }

  private async *chunks(sha256: string): AsyncGenerator<Buffer> {
    const row = await this.row(sha256);
    if (!row) throw new Error(`no evidence file ${sha256}`);
    const hash = createHash('sha256');
    let size = 0;
    // One chunk is held back until the whole file is checked: a client never receives all of a wrong file.
    let held: Buffer | null = null;
    for (let seq = 0; ;) {
      const { rows } = await this.query<{ seq: number; bytes: Buffer }>(
        'SELECT seq, bytes FROM evidence_chunks WHERE content = $1 AND seq >= $2 ORDER BY seq LIMIT $3',
        [row.content, seq, CHUNKS_PER_READ],
      );
      for (const chunk of rows) {
        if (chunk.seq !== seq) throw new FileChangedError(sha256);
        seq++;
        size += chunk.bytes.length;
        hash.update(chunk.bytes);
        if (held) yield held;
        held = chunk.bytes;
      }
      if (rows.length < CHUNKS_PER_READ) break;
    }
    if (hash.digest('hex') !== sha256 || size !== Number(row.size)) throw new FileChangedError(sha256);
    if (held) yield held;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private async row(sha256: string): Promise<FileRow | undefined> {
    const { rows } = await this.query<FileRow>(`SELECT ${COLUMNS} FROM evidence_files WHERE sha256 = $1`, [sha256]);
    return rows[0];
  }

  private async query<R extends object>(text: string, values: unknown[]) {
    await this.init();
    try {
      return await this.pool.query<R>(text, values);
    } catch (error) {
      throw this.unavailable(error);
    }
  }

  private async connect(): Promise<PoolClient> {
    try {
      return guardClient(await this.pool.connect());
    } catch (error) {
      throw this.unavailable(error);
    }
  }

  private unavailable(error: unknown): unknown {
    return isConnectionError(error) && !(error instanceof UnavailableError) ? unreachable('evidence store', error) : error;
  }
}
