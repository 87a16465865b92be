import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import { UnavailableError } from '../unavailable';
import { eventStoreConformance } from '../testing/event-store-conformance';
import { follow } from '../testing/follow';
import { postgresStores } from '../testing/postgres-stores';
import { GENESIS_HASH, chainHash } from '../hash-chain';
import { verifyStore } from '../verify';

const root = join(__dirname, '../../../..');
const pg = postgresStores();
const open = async (url?: string) => pg.open(url ?? (await pg.cluster.createDatabase('log')));

eventStoreConformance('postgres', { open: () => open() });

const ev = (type = 'E', data: Record<string, unknown> = {}) => ({ id: randomUUID(), type, data });

/** One event appended as a replica of the log's version 2 does (its function, numbering from max(position)); its hash. */
async function appendAsVersion2(client: Client, streamId: string, revision: bigint, prevHash: string): Promise<string> {
  const hash = chainHash(prevHash, 'Theirs', {});
  await client.query(`SELECT append_known_heads($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, [
    [streamId],
    [revision.toString()],
    [randomUUID()],
    ['Theirs'],
    ['{}'],
    ['{}'],
    [prevHash],
    [hash],
    [new Date().toISOString()],
    [revision > 0n],
  ]);
  return hash;
}

interface Ack {
  streamId: string;
  revision: bigint;
  position: bigint;
  count: number;
}

function writerProcess(url: string, name: string, appends: number): Promise<Ack[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [join(root, 'scripts/run-ts.js'), join(__dirname, '../testing/postgres-writer-child.ts'), url, name, String(appends)],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`writer ${name} exited with ${code}: ${err}`));
      resolve(
        out
          .trim()
          .split('\n')
          .map((line) => {
            const [, streamId, revision, position, count] = line.split(' ') as [string, string, string, string, string];
            return { streamId, revision: BigInt(revision), position: BigInt(position), count: Number(count) };
          }),
      );
    });
  });
}

describe('postgres event store: one global order across processes', () => {
  it('hands every follower every acknowledged event exactly once, in one order all share, while writers in four processes append', async () => {
    const url = await pg.cluster.createDatabase('order');
    const followers = [follow(await open(url)), follow(await open(url))];
    const acks = (await Promise.all(['a', 'b', 'c', 'd'].map((name) => writerProcess(url, name, 120)))).flat();
    const total = acks.reduce((n, a) => n + a.count, 0);
    await Promise.all(followers.map((f) => f.until(total)));
    const log = await (await open(url)).readAll();
    expect(log).toHaveLength(total);
    for (const { seen, subscription } of followers) {
      await subscription.stop();
      expect(seen.map((e) => e.id)).toEqual(log.map((e) => e.id));
      // Positions are dense: 1, 2, 3, ... with no hole a follower could wonder about.
      expect(seen.map((e) => e.position)).toEqual(log.map((_, i) => BigInt(i + 1)));
    }
    const byPosition = new Map(log.map((e) => [e.position, e]));
    for (const ack of acks) expect(byPosition.get(ack.position)).toMatchObject({ streamId: ack.streamId, revision: ack.revision });
    expect(await verifyStore(await open(url))).toEqual({ checked: total, problems: [] });
  });
});

describe('postgres event store: connections and schema', () => {
  it('resumes a follower from its checkpoint when the server ends its connections, missing and repeating nothing', async () => {
    const url = await pg.cluster.createDatabase('terminate');
    const writer = await open(url);
    const follower = follow(await open(url));
    for (let i = 0; i < 20; i++) await writer.appendToStream(`s-${i % 3}`, [ev('Before', { i })]);
    await follower.until(20);
    const admin = new Client({ connectionString: url });
    await admin.connect();
    const { rowCount } = await admin.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
    );
    await admin.end();
    expect(rowCount).toBeGreaterThan(0);
    const after = await open(url);
    for (let i = 0; i < 20; i++) await after.appendToStream(`s-${i % 3}`, [ev('After', { i })]);
    await follower.until(40);
    expect(follower.seen.map((e) => e.position)).toEqual(Array.from({ length: 40 }, (_, i) => BigInt(i + 1)));
    // The terminated writer's pool opens new connections: it appends again.
    await expect(writer.appendToStream('s-0', [ev('Later')])).resolves.toMatchObject({ position: 41n });
    await follower.until(41);
    await follower.subscription.stop();
  });

  it('creates its schema once when several replicas start together on an empty database', async () => {
    const url = await pg.cluster.createDatabase('together');
    const replicas = await Promise.all([open(url), open(url), open(url)]);
    await Promise.all(replicas.map((r) => r.ready()));
    await Promise.all(replicas.map((r, i) => r.appendToStream('s', [ev('E', { i })])));
    expect((await replicas[0].readStream('s')).map((e) => e.revision)).toEqual([0n, 1n, 2n]);
  });

  it('refuses a schema written by a newer version of the service', async () => {
    const url = await pg.cluster.createDatabase('newer');
    await (await open(url)).ready();
    const admin = new Client({ connectionString: url });
    await admin.connect();
    await admin.query(`UPDATE schema_versions SET version = 99 WHERE component = 'event log'`);
    await admin.end();
    const store = await open(url);
    await expect(store.ready()).rejects.toThrow(/schema of the event log is at version 99, written by a newer version/);
    await expect(store.appendToStream('s', [ev()])).rejects.toThrow(/newer version/);
  });

  it('commits appends issued together in one transaction', async () => {
    const store = await open();
    await store.ready();
    const before = store.stats();
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => store.appendToStream(i < 5 ? 'same' : `other-${i}`, [ev()])));
    expect(store.stats().commits).toBe(before.commits + 1);
    expect(results.slice(0, 5).map((r) => r.nextExpectedRevision)).toEqual([0n, 1n, 2n, 3n, 4n]);
  });

  it('appends in one round trip to streams whose heads it knows: new ones, ones it read, ones it wrote', async () => {
    const url = await pg.cluster.createDatabase('log');
    const [writer, other] = [await open(url), await open(url)];
    await other.appendToStream('read', [ev(), ev()]);
    await writer.readStream('read');
    const before = writer.stats();
    const results = await Promise.all([
      writer.appendToStream('new', [ev(), ev()], { expectedRevision: 'no_stream' }),
      writer.appendToStream('read', [ev()], { expectedRevision: 1n }),
    ]);
    await writer.appendToStream('new', [ev()], { expectedRevision: 1n });
    expect(writer.stats()).toEqual({ commits: before.commits + 2, roundTrips: before.roundTrips + 2 });
    expect(results).toEqual([
      { nextExpectedRevision: 1n, position: 4n, idempotentReplay: false },
      { nextExpectedRevision: 2n, position: 5n, idempotentReplay: false },
    ]);
    expect((await writer.readAll()).map((e) => [e.streamId, e.revision, e.position])).toEqual([
      ['read', 0n, 1n],
      ['read', 1n, 2n],
      ['new', 0n, 3n],
      ['new', 1n, 4n],
      ['read', 2n, 5n],
      ['new', 2n, 6n],
    ]);
    expect((await verifyStore(writer)).problems).toEqual([]);
  });

  it('commits a group of more events than one statement carries, asked for together', async () => {
    const store = await open();
    await store.ready();
    const before = store.stats();
    // 700 appends of 10 events: 7 000 rows, 70 000 parameters in one statement, over the protocol's limit.
    const results = await Promise.all(
      Array.from({ length: 700 }, (_, i) =>
        store.appendToStream(
          `big-${i}`,
          Array.from({ length: 10 }, () => ev()),
          { expectedRevision: 'no_stream' },
        ),
      ),
    );
    expect(store.stats().commits).toBe(before.commits + 1);
    expect(results.map((r) => r.position)).toEqual(results.map((_, i) => BigInt((i + 1) * 10)));
    expect((await verifyStore(store)).problems).toEqual([]);
  });

  it('reads whole streams asked for together in one round trip, each its own events in order', async () => {
    const store = await open();
    await Promise.all(
      ['a', 'b', 'c'].map((s, i) =>
        store.appendToStream(
          s,
          Array.from({ length: i + 1 }, () => ev(s)),
        ),
      ),
    );
    const before = store.stats().roundTrips;
    const [a, b, c, missing, again] = await Promise.all(['a', 'b', 'c', 'missing', 'a'].map((s) => store.readStream(s)));
    expect(store.stats().roundTrips).toBe(before + 1);
    expect([a, b, c, missing, again].map((events) => events!.map((e) => `${e.streamId}@${e.revision}`))).toEqual([
      ['a@0'],
      ['b@0', 'b@1'],
      ['c@0', 'c@1', 'c@2'],
      [],
      ['a@0'],
    ]);
  });

  it('decides again on the log when a head it knows has moved: the conflict, or the retry, as the log has them', async () => {
    const url = await pg.cluster.createDatabase('log');
    const [a, b] = [await open(url), await open(url)];
    await a.appendToStream('s', [ev()], { expectedRevision: 'no_stream' });
    const theirs = [ev('Theirs')];
    const written = await b.appendToStream('s', theirs, { expectedRevision: 0n });
    // a still takes revision 0 for the head.
    await expect(a.appendToStream('s', [ev()], { expectedRevision: 0n })).rejects.toMatchObject({
      name: 'WrongExpectedRevisionError',
      actual: 1n,
    });
    await expect(a.appendToStream('s', theirs, { expectedRevision: 0n })).resolves.toEqual({ ...written, idempotentReplay: true });
    await expect(a.appendToStream('s', [ev()], { expectedRevision: 1n })).resolves.toMatchObject({ nextExpectedRevision: 2n });
    expect((await a.readStream('s')).map((e) => e.revision)).toEqual([0n, 1n, 2n]);
  });

  it('numbers after the appends of a replica of the previous version still running during an upgrade, never beside them', async () => {
    const url = await pg.cluster.createDatabase('log');
    const store = await open(url);
    await store.appendToStream('s', [ev()], { expectedRevision: 'no_stream' });
    const admin = new Client({ connectionString: url });
    await admin.connect();
    // A version 2 replica appends through the log's version 2 function: it numbers from
    // max(position) and leaves the log's end row behind.
    await appendAsVersion2(admin, 'other', 0n, GENESIS_HASH);
    // This store's next append finds position 2 taken, decides again on the log and moves the end on;
    // the one after it is again a single round trip.
    await expect(store.appendToStream('s', [ev()], { expectedRevision: 0n })).resolves.toMatchObject({ position: 3n });
    const before = store.stats();
    await expect(store.appendToStream('s', [ev()], { expectedRevision: 1n })).resolves.toMatchObject({ position: 4n });
    expect(store.stats().roundTrips).toBe(before.roundTrips + 1);
    await admin.end();
    expect((await store.readAll()).map((e) => [e.streamId, e.position])).toEqual([
      ['s', 1n],
      ['other', 2n],
      ['s', 3n],
      ['s', 4n],
    ]);
    expect((await verifyStore(store)).problems).toEqual([]);
  });

  it('appends beside a replica of the previous version without either being refused, in one dense order', async () => {
    const url = await pg.cluster.createDatabase('log');
    const store = await open(url);
    await store.ready();
    const admin = new Client({ connectionString: url });
    await admin.connect();
    const theirs = (async () => {
      let prevHash = GENESIS_HASH;
      for (let revision = 0n; revision < 150n; revision++) prevHash = await appendAsVersion2(admin, 'theirs', revision, prevHash);
    })();
    const ours = Promise.all(
      Array.from({ length: 6 }, async (_, w) => {
        for (let i = 0; i < 25; i++)
          await store.appendToStream(`ours-${w}`, [ev()], { expectedRevision: i === 0 ? 'no_stream' : BigInt(i - 1) });
      }),
    );
    await Promise.all([theirs, ours]);
    await admin.end();
    expect((await store.readAll()).map((e) => e.position)).toEqual(Array.from({ length: 300 }, (_, i) => BigInt(i + 1)));
    expect((await verifyStore(store)).problems).toEqual([]);
  });

  it('continues a remembered head only from the event the log holds there: after a restore from before it, as the log now is', async () => {
    const url = await pg.cluster.createDatabase('log');
    const store = await open(url);
    await store.appendToStream('s', [ev(), ev(), ev('Lost')], { expectedRevision: 'no_stream' });
    const admin = new Client({ connectionString: url });
    await admin.connect();
    // Restored from before the last event, and another replica wrote a different one at its revision:
    // the store still remembers revision 2 with the lost event's hash.
    await admin.query(`DELETE FROM events WHERE stream_id = 's' AND revision = 2`);
    // The deleted event's position is not handed out again: a follower may have passed it.
    await expect((await open(url)).appendToStream('s', [ev('Replacement')], { expectedRevision: 1n })).resolves.toMatchObject({
      position: 4n,
    });
    await expect(store.appendToStream('s', [ev('Next')], { expectedRevision: 2n })).resolves.toMatchObject({ nextExpectedRevision: 3n });
    expect((await verifyStore(store)).problems).toEqual([]);
    // Restored from before the event it remembers as the head: nothing is written past the gap.
    await admin.query(`DELETE FROM events WHERE stream_id = 's' AND revision = 3`);
    await expect(store.appendToStream('s', [ev('Orphan')], { expectedRevision: 3n })).rejects.toMatchObject({ actual: 2n });
    await admin.end();
    expect((await store.readStream('s')).map((e) => e.type)).toEqual(['E', 'E', 'Replacement']);
    expect((await verifyStore(store)).problems).toEqual([]);
  });

  it('keeps imported history with the time it was first recorded, all or nothing', async () => {
    const store = await open();
    const results = await store.appendBatch([
      { streamId: 'a', events: [ev(), ev()], expectedRevision: 'no_stream', recordedAt: new Date('2020-01-01T00:00:00Z') },
      { streamId: 'b', events: [ev()] },
    ]);
    expect(results.map((r) => r.nextExpectedRevision)).toEqual([1n, 0n]);
    expect((await store.readStream('a'))[0]!.recordedAt).toBe('2020-01-01T00:00:00.000Z');
    await expect(
      store.appendBatch([
        { streamId: 'c', events: [ev()] },
        { streamId: 'a', events: [ev()], expectedRevision: 'no_stream' },
      ]),
    ).rejects.toThrow(/expected no_stream/);
    expect(await store.readStream('c')).toEqual([]);
  });

  // Last in the file: it stops the shared server.
  it('answers UNAVAILABLE while the server is down, and appends and follows again once it is back, without a restart', async () => {
    const url = await pg.cluster.createDatabase('down');
    const store = await open(url);
    const follower = follow(await open(url));
    await store.appendToStream('s', [ev('Before')]);
    await follower.until(1);
    await pg.cluster.stop('immediate');
    const refused = await store.appendToStream('s', [ev('While')]).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(UnavailableError);
    expect(refused).toMatchObject({ code: 'UNAVAILABLE', resource: 'event log', reason: 'UNREACHABLE' });
    expect(await store.reachable()).toBe(false);
    await pg.cluster.start();
    await expect(store.appendToStream('s', [ev('After')], { expectedRevision: 0n })).resolves.toMatchObject({ nextExpectedRevision: 1n });
    expect(await store.reachable()).toBe(true);
    await follower.until(2);
    expect(follower.seen.map((e) => e.type)).toEqual(['Before', 'After']);
    await follower.subscription.stop();
  });
});
