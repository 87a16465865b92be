import { EventStore } from './event-store.port';
import { EventStoreDbEventStore } from './eventstoredb/eventstoredb-event-store';
import { SqliteEventStore } from './sqlite/sqlite-event-store';

export interface EventStoreConfig {
  dataDir: string;
  /** When set, EventStoreDB/KurrentDB is the log; otherwise the embedded SQLite file is. */
  eventStoreConnectionString?: string;
}

export function createEventStore(config: EventStoreConfig): EventStore {
  if (config.eventStoreConnectionString) return new EventStoreDbEventStore({ connectionString: config.eventStoreConnectionString });
  return new SqliteEventStore({ dataDir: config.dataDir });
}
