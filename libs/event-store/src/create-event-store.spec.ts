import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEventStore } from './create-event-store';
import { EventStoreDbEventStore } from './eventstoredb/eventstoredb-event-store';
import { SqliteEventStore } from './sqlite/sqlite-event-store';

describe('the configured event log', () => {
  it('is the embedded SQLite file by default', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gov-create-'));
    const store = createEventStore({ dataDir: dir });
    expect(store).toBeInstanceOf(SqliteEventStore);
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is EventStoreDB when a connection string is set (nothing connects until it is used)', async () => {
    const store = createEventStore({ dataDir: 'unused', eventStoreConnectionString: 'esdb://127.0.0.1:1?tls=false' });
    expect(store).toBeInstanceOf(EventStoreDbEventStore);
    await store.close();
  });
});
