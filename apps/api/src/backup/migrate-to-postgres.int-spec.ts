import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { SqliteEventStore, StoreFileError } from '@gov/event-store';
import { EvidenceFileStore, PostgresFileStore } from '@gov/evidence-files';
import { PostgresEventStore } from '../../../../libs/event-store/src/postgres/postgres-event-store';
import { PostgresCluster, startPostgresCluster } from '../../../../libs/event-store/src/testing/postgres-cluster';
import { migrateToPostgres } from './migrate-to-postgres';

let cluster: PostgresCluster;
const dirs: string[] = [];
beforeAll(async () => {
  cluster = await startPostgresCluster();
}, 60_000);
afterAll(async () => {
  await cluster?.destroy();
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
});

async function embeddedInstallation() {
  const dataDir = mkdtempSync(join(tmpdir(), 'gov-migrate-'));
  dirs.push(dataDir);
  const store = new SqliteEventStore({ dataDir, now: () => new Date('2024-03-01T08:00:00Z') });
  for (let i = 0; i < 30; i++)
    await store.appendToStream(`recommendation-${i % 4}`, [
      {
        id: randomUUID(),
        type: 'ProgressReported',
        data: { i, note: 'Қ Ж 👮' },
        metadata: { actor: { sub: `officer-${i}` }, commandId: randomUUID() },
      },
    ]);
  await store.close();
  const files = new EvidenceFileStore(join(dataDir, 'files'), 1_000_000);
  await files.init();
  const content = Buffer.from('Акт проверки №7');
  const stored = await files.put(Readable.from([content]), 'акт.txt', ['unit:u1']);
  await files.put(Readable.from([content]), 'act.txt', ['unit:u2']);
  return { dataDir, sha256: stored.sha256, content };
}

describe('moving an embedded installation to PostgreSQL', () => {
  it('keeps every event’s id, position, revision, metadata, hash and time, and the files, then refuses to serve the embedded log again', async () => {
    const { dataDir, sha256, content } = await embeddedInstallation();
    const before = new SqliteEventStore({ dataDir });
    const original = await before.readAll();
    await before.close();
    const url = await cluster.createDatabase('migrate');
    const report = await migrateToPostgres(dataDir, url, 1_000_000);
    expect(report).toEqual({ events: 30, position: 30n, files: 1 });
    const moved = new PostgresEventStore({ connectionString: url });
    const copied = await moved.readAll();
    expect(copied.map((e) => [e.position, e.id, e.streamId, e.revision, e.type, e.data, e.recordedAt, { ...e.metadata }])).toEqual(
      original.map((e) => [e.position, e.id, e.streamId, e.revision, e.type, e.data, e.recordedAt, { ...e.metadata }]),
    );
    await moved.close();
    const files = new PostgresFileStore(url, 1_000_000);
    expect(await files.get(sha256)).toMatchObject({ names: ['акт.txt', 'act.txt'], owners: ['unit:u1', 'unit:u2'] });
    const parts: Buffer[] = [];
    for await (const part of await files.open(sha256)) parts.push(part as Buffer);
    expect(Buffer.concat(parts).equals(content)).toBe(true);
    await files.close();
    expect(() => new SqliteEventStore({ dataDir })).toThrow(StoreFileError);
    expect(() => new SqliteEventStore({ dataDir })).toThrow(/moved to PostgreSQL .* never served again/);
  });

  it('refuses to move into a PostgreSQL log that already holds events, and leaves the embedded log served', async () => {
    const { dataDir } = await embeddedInstallation();
    const url = await cluster.createDatabase('taken');
    const other = new PostgresEventStore({ connectionString: url });
    await other.appendToStream('unit-1', [{ id: randomUUID(), type: 'UnitRegistered', data: {} }]);
    await other.close();
    await expect(migrateToPostgres(dataDir, url, 1_000_000)).rejects.toThrow(/not empty/);
    const still = new SqliteEventStore({ dataDir });
    expect(await still.headPosition()).toBe(30n);
    await still.close();
  });
});
