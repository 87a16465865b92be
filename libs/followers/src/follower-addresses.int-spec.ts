import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { PostgresCluster, startPostgresCluster } from '../../event-store/src/testing/postgres-cluster';
import { FollowerAddresses, PostgresFollowerAddresses, SqliteFollowerAddresses } from './follower-addresses';

const ADDRESS = 'Aigerim.Reader@mail.kz';
const holds = (bytes: Buffer) => bytes.includes(Buffer.from(ADDRESS)) || bytes.includes(Buffer.from(ADDRESS.toLowerCase()));

/** Three requests of one address (one ended) and one of another. */
async function fill(store: FollowerAddresses): Promise<string[]> {
  const ids = [randomUUID(), randomUUID(), randomUUID()];
  const subject = randomUUID();
  for (const [i, followerId] of ids.entries())
    await store.add({
      followerId,
      address: i === 2 ? ADDRESS.toLowerCase() : ADDRESS,
      token: `t${i}`,
      subjectKind: i === 0 ? 'body' : 'recommendation',
      subjectId: i === 0 ? subject : randomUUID(),
      requestedAt: `2026-03-0${i + 1}T10:00:00.000Z`,
    });
  await store.markEnded(ids[1]!);
  await store.add({
    followerId: randomUUID(),
    address: 'other@mail.kz',
    token: 'x',
    subjectKind: 'body',
    subjectId: subject,
    requestedAt: '2026-03-01T10:00:00.000Z',
  });
  expect(await store.follows(ADDRESS.toUpperCase(), 'body', subject)).toBe(true);
  expect(await store.requestsSince(ADDRESS, '2026-03-02T00:00:00.000Z')).toBe(2);
  expect((await store.idsOf(ADDRESS.toLowerCase())).sort()).toEqual([...ids].sort());
  expect((await store.get(ids[1]!))?.ended).toBe(true);
  return ids;
}

describe('the follower address store: the only place an address is kept, erased for good', () => {
  it('SQLite: after erasure the address is in no file of the data dir (secure_delete, WAL truncated)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gov-followers-'));
    const store = new SqliteFollowerAddresses(dir);
    try {
      const ids = await fill(store);
      const files = () => readdirSync(dir).filter((f) => statSync(join(dir, f)).isFile());
      expect(files().some((f) => holds(readFileSync(join(dir, f))))).toBe(true);
      await store.erase(ids);
      // While the store is open (the service runs on), not only after it closes.
      expect(files().filter((f) => holds(readFileSync(join(dir, f))))).toEqual([]);
      expect(await store.get(ids[0]!)).toBeNull();
      expect(await store.idsOf('other@mail.kz')).toHaveLength(1);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('PostgreSQL', () => {
    let cluster: PostgresCluster;
    beforeAll(async () => {
      cluster = await startPostgresCluster();
    }, 60_000);
    afterAll(() => cluster?.destroy());

    it('after erasure (VACUUM FULL) the address is in none of the table’s or its indexes’ files', async () => {
      const url = await cluster.createDatabase('followers');
      const store = new PostgresFollowerAddresses(url);
      const client = new Client({ connectionString: url });
      await client.connect();
      try {
        const ids = await fill(store);
        const relationFiles = async () => {
          await client.query('CHECKPOINT');
          const { rows } = await client.query<{ path: string }>(
            `SELECT pg_relation_filepath(c.oid) AS path FROM pg_class c
             WHERE c.oid = 'follower_addresses'::regclass OR c.oid IN (SELECT indexrelid FROM pg_index WHERE indrelid = 'follower_addresses'::regclass)`,
          );
          return rows.map((r) => join(cluster.dir, 'data', r.path));
        };
        expect((await relationFiles()).some((f) => holds(readFileSync(f)))).toBe(true);
        await store.erase(ids);
        expect((await relationFiles()).filter((f) => holds(readFileSync(f)))).toEqual([]);
        expect((await client.query('SELECT count(*)::int AS n FROM follower_addresses')).rows[0]).toEqual({ n: 1 });
      } finally {
        await client.end();
        await store.close();
      }
    });
  });
});
