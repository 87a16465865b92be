import { RecordedEvent } from '../event-store.port';
import { metadataOf, recorded } from '../recorded-event';
import { PgMigration } from './postgres-schema';

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
