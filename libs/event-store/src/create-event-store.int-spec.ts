import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEventStore, openEventStore } from './create-event-store';
import { PostgresEventStore } from './postgres/postgres-event-store';
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

describe('the configured event log on PostgreSQL', () => {
  it('is PostgreSQL when POSTGRES_URL is set', async () => {
    const store = createEventStore({ dataDir: 'unused', postgresUrl: 'postgres://nobody@127.0.0.1:1/none' });
    expect(store).toBeInstanceOf(PostgresEventStore);
    await store.close();
  });

  it('refuses both PostgreSQL and EventStoreDB at once, saying why', () => {
    expect(() =>
      createEventStore({ dataDir: 'unused', postgresUrl: 'postgres://x@127.0.0.1:1/x', eventStoreConnectionString: 'esdb://127.0.0.1:1' }),
    ).toThrow(/POSTGRES_URL and EVENTSTORE_CONNECTION_STRING are both set/);
  });

  it('refuses to open a log whose server cannot be reached, as retryable UNAVAILABLE', async () => {
    await expect(openEventStore({ dataDir: 'unused', postgresUrl: 'postgres://nobody@127.0.0.1:1/none' })).rejects.toMatchObject({
      code: 'UNAVAILABLE',
    });
  });
});
