import { RecordedEvent } from '../event-store.port';
import { metadataOf, recorded } from '../recorded-event';
import { PgMigration } from './postgres-schema';

/**
 * The advisory lock the log's version 2 ordered appends with. Every append still takes it first (then
 * the end row's lock), so that a replica of that version, running while the others are upgraded,
 * waits for their commits and numbers after them, and they for its.
 */
export const LOG_LOCK = 0x4756454c;
/** The channel a commit notifies on; followers LISTEN and fall back to polling. */
export const LOG_CHANNEL = 'governance_log';

/** The log's one table in PostgreSQL: its schema by version, and its rows as the store hands them out. */
export const LOG_MIGRATIONS: PgMigration[] = [
  {
    version: 1,
    up: `
      CREATE TABLE events (
        position    bigint      PRIMARY KEY,
        stream_id   text        NOT NULL,
        revision    bigint      NOT NULL,
        event_id    text        NOT NULL,
        type        text        NOT NULL,
        data        text        NOT NULL,
        metadata    text        NOT NULL,
        prev_hash   text        NOT NULL,
        hash        text        NOT NULL,
        recorded_at timestamptz NOT NULL,
        CONSTRAINT events_stream_revision UNIQUE (stream_id, revision),
        CONSTRAINT events_stream_event_id UNIQUE (stream_id, event_id)
      );
    `,
  },
  {
    version: 2,
    // An append whose heads the store knows, as one prepared call: a function's plans are kept by
    // the session, and (being volatile) each of its statements reads with a snapshot taken when it
    // starts, so the insert, after the lock, numbers from every commit made before the lock was granted.
    // `from_log` marks each stream's first row when it continues a head the store remembered: its
    // predecessor must be in the log with the hash it chains from, else prev_hash is NULL and refused.
    up: `
      CREATE FUNCTION append_known_heads(stream_ids text[], revisions bigint[], event_ids text[], types text[], data text[],
                                         metadata text[], prev_hashes text[], hashes text[], recorded_at timestamptz[], from_log boolean[])
      RETURNS bigint LANGUAGE plpgsql AS $$
      DECLARE
        last bigint;
      BEGIN
        PERFORM pg_advisory_xact_lock(${LOG_LOCK});
        SELECT coalesce(max(position), 0) INTO last FROM events;
        INSERT INTO events (position, stream_id, revision, event_id, type, data, metadata, prev_hash, hash, recorded_at)
          SELECT last + r.ord, r.stream_id, r.revision, r.event_id, r.type, r.data, r.metadata,
                 CASE WHEN NOT r.from_log OR EXISTS (
                   SELECT 1 FROM events p WHERE p.stream_id = r.stream_id AND p.revision = r.revision - 1 AND p.hash = r.prev_hash
                 ) THEN r.prev_hash END,
                 r.hash, r.recorded_at
            FROM unnest(stream_ids, revisions, event_ids, types, data, metadata, prev_hashes, hashes, recorded_at, from_log)
              WITH ORDINALITY AS r(stream_id, revision, event_id, type, data, metadata, prev_hash, hash, recorded_at, from_log, ord);
        PERFORM pg_notify('${LOG_CHANNEL}', '');
        RETURN last;
      END $$;
    `,
  },
  {
    version: 3,
    // The log's end in a row of its own. An append numbers its events from it and moves it in the
    // same statement, and the row's lock, held until commit, orders the appends (PostgresEventStore).
    // append_known_heads stays for a replica of version 2 still running during an upgrade: it takes
    // the advisory lock every append takes and numbers from max(position), without moving the row,
    // which the next append of two round trips brings up to the log's end.
    up: `
      CREATE TABLE log_head (only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row), position bigint NOT NULL);
      INSERT INTO log_head (position) SELECT coalesce(max(position), 0) FROM events;
    `,
  },
  {
    version: 4,
    // The stores listening now, each with its listening session's process id (`LogListener`).
    up: `CREATE TABLE log_listeners (store text PRIMARY KEY, pid integer NOT NULL);`,
  },
];

/**
 * Whether a store other than `self` (an SQL expression) listens: only then does a commit notify. A
 * store wakes its own followers itself (PostgresEventStore), so a replica alone on the log sends no
 * notification, and the server wakes no listening session, for any of its commits (measured: a
 * sixth of the time of one writer's command). A store that has stopped listening is forgotten as
 * the next one starts to (`REGISTER`); one still listed only costs notifications no one reads.
 * Replicas of version 3, still running during an upgrade, are not listed: until they are replaced,
 * they find the commits of a lone newer replica by polling.
 */
const othersListen = (self: string) => `EXISTS (SELECT FROM log_listeners WHERE store <> ${self})`;

/** The statement that notifies the other stores (`othersListen`) of a commit: the payload and the store's id are literals. */
export const notifyOthers = (payload: string, self: string) =>
  `SELECT pg_notify('${LOG_CHANNEL}', ${payload}) WHERE ${othersListen(self)};`;

/** A listening session lists its store (a literal), and forgets the stores whose sessions have ended. */
export const REGISTER = (
  store: string,
) => `DELETE FROM log_listeners l WHERE NOT EXISTS (SELECT FROM pg_stat_activity a WHERE a.pid = l.pid);
  INSERT INTO log_listeners (store, pid) VALUES (${store}, pg_backend_pid()) ON CONFLICT (store) DO UPDATE SET pid = excluded.pid;`;

/**
 * One append group whose heads the store knows, as one statement of `rows` events committed on its
 * own: it takes the advisory lock of version 2 (`LOG_LOCK`), moves the log's end (waiting for the
 * row's lock, then reading its newest version, as an UPDATE does), numbers its rows from the old end,
 * inserts them and notifies the other stores (`othersListen`); it answers the old end. Scalar
 * parameters, ten a row, in the order of the log's columns from stream_id on, then `from_log` (that
 * row continues a head the store remembered, so its predecessor must be in the log with the hash it
 * chains from, else its prev_hash is NULL, which the table refuses); then the notification's payload
 * (`appendedPayload`) and the store's id.
 * The statement's snapshot predates the locks, which is why the end is read through the UPDATE; the
 * predecessor it checks was committed before the store learnt of it, so the snapshot holds it.
 * `WHERE only_row` reaches the row through its index: a snapshot held long (a dump, a long report)
 * leaves the table full of the row's dead versions, which a scan would read through under the lock.
 */
function appendStatement(rows: number): string {
  const types = ['text', 'bigint', 'text', 'text', 'text', 'text', 'text', 'text', 'timestamptz', 'boolean'];
  const values = Array.from(
    { length: rows },
    (_, r) => `(${r + 1}, ${types.map((type, c) => `$${r * types.length + c + 1}::${type}`).join(', ')})`,
  );
  return `WITH locked AS MATERIALIZED (SELECT pg_advisory_xact_lock(${LOG_LOCK})),
    head AS (
      UPDATE log_head SET position = position + ${rows} WHERE only_row AND EXISTS (SELECT FROM locked)
        RETURNING position - ${rows} AS last),
    inserted AS (
      INSERT INTO events (position, stream_id, revision, event_id, type, data, metadata, prev_hash, hash, recorded_at)
      SELECT (SELECT last FROM head) + v.ord, v.stream_id, v.revision, v.event_id, v.type, v.data, v.metadata,
             CASE WHEN NOT v.from_log OR EXISTS (
               SELECT 1 FROM events p WHERE p.stream_id = v.stream_id AND p.revision = v.revision - 1 AND p.hash = v.prev_hash
             ) THEN v.prev_hash END,
             v.hash, v.recorded_at
        FROM (VALUES ${values.join(', ')}) AS v(ord, stream_id, revision, event_id, type, data, metadata, prev_hash, hash, recorded_at, from_log))
    SELECT last::text, CASE WHEN ${othersListen(`$${rows * types.length + 2}::text`)}
      THEN pg_notify('${LOG_CHANNEL}', $${rows * types.length + 1}::text) END FROM head`;
}

/** The most events one statement carries: ten parameters each, and the protocol allows 65 535 a statement. */
export const STATEMENT_ROWS = 6000;

/** Groups up to this many events are named prepared statements (one per size, parsed once a connection). */
const NAMED_SIZES = 64;
const appendQueries = new Map<number, { name: string; text: string }>();

/** The statement for a group of `rows` events (see `appendStatement`), named when it is small enough to keep. */
export function appendQuery(rows: number): { name?: string; text: string } {
  if (rows > NAMED_SIZES) return { text: appendStatement(rows) };
  let query = appendQueries.get(rows);
  if (!query) appendQueries.set(rows, (query = { name: `append_${rows}`, text: appendStatement(rows) }));
  return query;
}

/** What a notification's payload may hold (PostgreSQL's limit is 8 000 bytes). */
const PAYLOAD_BYTES = 7900;

/**
 * The payload of the notification a commit sends: the sending store's id on the first line, then a
 * line `<revision> <stream>` for each stream the commit appended to, as many as fit (the others'
 * stores then learn of the rest when an append conflicts, as without a payload).
 */
export function appendedPayload(sender: string, heads: Iterable<[string, { revision: bigint }]>): string {
  let payload = sender;
  let bytes = Buffer.byteLength(payload);
  for (const [streamId, { revision }] of heads) {
    // Encoded, so that no stream id can break a line, and a byte here is a byte in any server encoding.
    const line = `\n${revision} ${encodeURIComponent(streamId)}`;
    bytes += Buffer.byteLength(line);
    if (bytes > PAYLOAD_BYTES) break;
    payload += line;
  }
  return payload;
}

/** The streams and revisions of another store's commit, or none when `sender` (this store) sent it. */
export function readAppendedPayload(payload: string, sender: string): [string, bigint][] {
  const [from, ...lines] = payload.split('\n');
  if (from === sender) return [];
  return lines.flatMap((line) => {
    const space = line.indexOf(' ');
    const revision = line.slice(0, space);
    if (space <= 0 || !/^\d+$/.test(revision)) return [];
    try {
      return [[decodeURIComponent(line.slice(space + 1)), BigInt(revision)] as [string, bigint]];
    } catch {
      return [];
    }
  });
}

// recorded_at as the ISO text the port hands out, written by the server: parsing a Date for every
// row read and printing it again was a twentieth of a load's time.
export const EVENT_COLUMNS = `position, stream_id, revision, event_id, type, data,
  to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), metadata, prev_hash, hash`;

export type EventRow = [
  position: string,
  streamId: string,
  revision: string,
  eventId: string,
  type: string,
  data: string,
  recordedAt: string,
  metadata: string,
  prevHash: string,
  hash: string,
];

export const toRecorded = ([
  position,
  streamId,
  revision,
  eventId,
  type,
  data,
  recordedAt,
  metadata,
  prev_hash,
  hash,
]: EventRow): RecordedEvent =>
  recorded(position, streamId, revision, eventId, type, data, recordedAt, () => metadataOf({ metadata, prev_hash, hash }));

/** The stream's head as of a row read: its revision, and the hash its successor chains from. */
export const headOf = (row: EventRow): { revision: bigint; hash: string } => ({ revision: BigInt(row[2]), hash: row[9] });
