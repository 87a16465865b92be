import { createHash } from 'node:crypto';
import { Client } from 'pg';
import { PostgresCluster, startPostgresCluster } from '../../event-store/src/testing/postgres-cluster';
import { FileChangedError } from './file-store.port';
import { PostgresFileStore } from './postgres-file-store';
import { OWNER, chunked, fileStoreConformance } from './testing/file-store-conformance';

let cluster: PostgresCluster;
beforeAll(async () => {
  cluster = await startPostgresCluster();
}, 60_000);
afterAll(() => cluster?.destroy());

fileStoreConformance('postgres', {
  open: async (maxBytes) => {
    const store = new PostgresFileStore(await cluster.createDatabase('files'), maxBytes);
    await store.init();
    return store;
  },
});

describe('evidence files in PostgreSQL', () => {
  it('refuses to serve a file whose bytes were changed in the database, before the client has any of it', async () => {
    const url = await cluster.createDatabase('tampered');
    const store = new PostgresFileStore(url, 1_000_000);
    const content = Buffer.alloc(600_000, 5);
    const { sha256 } = await store.put(chunked(content, 65536), 'акт.bin', [OWNER]);
    const admin = new Client({ connectionString: url });
    await admin.connect();
    await admin.query(`UPDATE evidence_chunks SET bytes = overlay(bytes placing '\\x00'::bytea from 10) WHERE seq = 1`);
    await admin.end();
    await expect(store.open(sha256)).rejects.toBeInstanceOf(FileChangedError);
    expect(createHash('sha256').update(content).digest('hex')).toBe(sha256);
    await store.close();
  });

  it('serves a file uploaded through one replica from another', async () => {
    const url = await cluster.createDatabase('shared');
    const [one, other] = [new PostgresFileStore(url, 1_000_000), new PostgresFileStore(url, 1_000_000)];
    const content = Buffer.from('Акт проверки участкового пункта полиции №12');
    const { sha256 } = await one.put(chunked(content, 7), 'акт.txt', [OWNER]);
    const parts: Buffer[] = [];
    for await (const part of await other.open(sha256)) parts.push(part as Buffer);
    expect(Buffer.concat(parts).toString()).toBe(content.toString());
    await Promise.all([one.close(), other.close()]);
  });
});
