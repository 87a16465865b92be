import { EventStore } from './event-store.port';
import { SqliteEventStore } from './sqlite/sqlite-event-store';

export interface EventStoreConfig {
  dataDir: string;
  /** When set, EventStoreDB/KurrentDB is the log; otherwise the embedded SQLite file is. */
  eventStoreConnectionString?: string;
}

export function createEventStore(config: EventStoreConfig): EventStore {
  if (config.eventStoreConnectionString) {
    // Loaded only when chosen: the client and its gRPC stack add ~0.1 s to every start otherwise.
    const { EventStoreDbEventStore } =
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require('./eventstoredb/eventstoredb-event-store') as typeof import('./eventstoredb/eventstoredb-event-store');
    return new EventStoreDbEventStore({ connectionString: config.eventStoreConnectionString });
  }
  return new SqliteEventStore({ dataDir: config.dataDir });
}
