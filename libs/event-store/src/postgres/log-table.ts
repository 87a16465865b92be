import { RecordedEvent } from '../event-store.port';
import { metadataOf, recorded } from '../recorded-event';
import { PgMigration } from './postgres-schema';

/** The advisory lock every append transaction holds from numbering to commit (see PostgresEventStore). */
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
];

export const EVENT_COLUMNS = 'position, stream_id, revision, event_id, type, data, recorded_at, metadata, prev_hash, hash';

export type EventRow = [
  position: string,
  streamId: string,
  revision: string,
  eventId: string,
  type: string,
  data: string,
  recordedAt: Date,
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
  recorded(position, streamId, revision, eventId, type, data, recordedAt.toISOString(), () => metadataOf({ metadata, prev_hash, hash }));
