import { EventStore } from './event-store.port';
import { SqliteEventStore } from './sqlite/sqlite-event-store';

export interface EventStoreConfig {
  dataDir: string;
  /** When set, EventStoreDB/KurrentDB is the log; otherwise the embedded SQLite file is. */
  eventStoreConnectionString?: string;
  /** When set, the log is in this PostgreSQL database, shared by any number of replicas. */
  postgresUrl?: string;
}

export function createEventStore(config: EventStoreConfig): EventStore {
  if (config.postgresUrl && config.eventStoreConnectionString)
    throw new Error('POSTGRES_URL and EVENTSTORE_CONNECTION_STRING are both set: the log must live in one place, set only one of them');
  if (config.postgresUrl) {
    // Loaded only when chosen, like the EventStoreDB client below.
    const { PostgresEventStore } =
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require('./postgres/postgres-event-store') as typeof import('./postgres/postgres-event-store');
    return new PostgresEventStore({ connectionString: config.postgresUrl });
  }
  if (config.eventStoreConnectionString) {
    // Loaded only when chosen: the client and its gRPC stack add ~0.1 s to every start otherwise.
    const { EventStoreDbEventStore } =
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require('./eventstoredb/eventstoredb-event-store') as typeof import('./eventstoredb/eventstoredb-event-store');
    return new EventStoreDbEventStore({ connectionString: config.eventStoreConnectionString });
  }
  return new SqliteEventStore({ dataDir: config.dataDir });
}

/**
 * The configured log, ready to serve: a server-side log first creates or migrates its schema, so a
 * service whose database is unreachable, or holds a newer schema, refuses to start and says why.
 */
export async function openEventStore(config: EventStoreConfig): Promise<EventStore> {
  const store = createEventStore(config);
  try {
    await (store as { ready?: () => Promise<void> }).ready?.();
  } catch (error) {
    await store.close().catch(() => undefined);
    throw error;
  }
  return store;
}
