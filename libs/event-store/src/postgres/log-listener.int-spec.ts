import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { postgresStores } from '../testing/postgres-stores';
import { follow } from '../testing/follow';
import { eventually } from '../../../../test/support/eventually';

// How stores hear of each other's commits: LISTEN/NOTIFY, and the list of stores listening (log_listeners).
const pg = postgresStores();
const open = (url: string, pollMs?: number) => pg.open(url, pollMs);
const ev = () => ({ id: randomUUID(), type: 'E', data: {} });

/** Waits until `stores` stores are listed as listening on the log at `url` (`log_listeners`); their ids. */
async function listed(url: string, stores: number): Promise<string[]> {
  const admin = new Client({ connectionString: url });
  await admin.connect();
  try {
    return await eventually(async () => {
      const { rows } = await admin.query<{ store: string }>('SELECT store FROM log_listeners');
      expect(rows).toHaveLength(stores);
      return rows.map((r) => r.store);
    });
  } finally {
    await admin.end();
  }
}

describe('postgres event store: notifications', () => {
  it('tells a replica of the streams another one appended to, never of its own, and it no longer continues the head it remembered', async () => {
    const url = await pg.cluster.createDatabase('log');
    const [mine, theirs] = [open(url), open(url)];
    await mine.appendToStream('s', [ev()], { expectedRevision: 'no_stream' });
    const told: [string, bigint][] = [];
    const heard = new Promise<void>((resolve) =>
      mine.onAppendedElsewhere((streamId, revision) => {
        told.push([streamId, revision]);
        resolve();
      }),
    );
    await mine.appendToStream('own', [ev()]);
    // Once it listens (from its first append on) and is listed, the others' commits notify it.
    await listed(url, 1);
    await theirs.appendToStream('s', [ev(), ev()], { expectedRevision: 0n });
    await heard;
    expect(told).toEqual([['s', 2n]]);
    // Its remembered head (revision 0) is forgotten: the conflict is found in one read, not after a failed insert.
    const before = mine.stats();
    await expect(mine.appendToStream('s', [ev()], { expectedRevision: 0n })).rejects.toMatchObject({ actual: 2n });
    expect(mine.stats().roundTrips).toBe(before.roundTrips + 2);
  });

  it('notifies no one of the commits of a store alone on the log, whose own followers still see each one at once', async () => {
    const url = await pg.cluster.createDatabase('alone');
    // Polling once a minute: only a wake-up, not a poll, can hand the follower an event within the test.
    const store = open(url, 60_000);
    const follower = follow(store);
    await listed(url, 1);
    // A session listening on the channel without being listed: it hears what the log sends, and is not counted as a store.
    const eavesdropper = new Client({ connectionString: url });
    await eavesdropper.connect();
    const heard: string[] = [];
    eavesdropper.on('notification', ({ payload }) => heard.push(payload ?? ''));
    await eavesdropper.query('LISTEN governance_log');
    await store.appendToStream('alone', [ev()]);
    await store.appendBatch([{ streamId: 'alone-too', events: [ev()] }]);
    await follower.until(2);
    // Another store listens from now on: both ways of appending notify it. Notifications arrive in
    // commit order, so had the first two commits notified, they would have been heard first.
    const other = follow(open(url));
    await listed(url, 2);
    await store.appendToStream('seen', [ev()]);
    await store.appendBatch([{ streamId: 'seen-too', events: [ev()] }]);
    await Promise.all([follower.until(4), other.until(4)]);
    await eventually(() => expect(heard.map((p) => p.split('\n')[1])).toEqual(['0 seen', '0 seen-too']));
    await Promise.all([follower.subscription.stop(), other.subscription.stop(), eavesdropper.end()]);
  });

  it('lists a store while it listens, and forgets one whose listening session has ended when the next one lists itself', async () => {
    const url = await pg.cluster.createDatabase('listed');
    const admin = new Client({ connectionString: url });
    await admin.connect();
    const first = open(url);
    await first.appendToStream('s', [ev()]);
    const [firstId] = await listed(url, 1);
    // A store that crashed: its row stays behind, its session is gone.
    await admin.query(`INSERT INTO log_listeners (store, pid) VALUES ('crashed', 2147483647)`);
    const second = open(url);
    await second.appendToStream('t', [ev()]);
    await eventually(async () => {
      const { rows } = await admin.query<{ store: string }>('SELECT store FROM log_listeners ORDER BY store');
      expect(rows.map((r) => r.store)).toHaveLength(2);
      expect(rows.map((r) => r.store)).toContain(firstId);
      expect(rows.map((r) => r.store)).not.toContain('crashed');
    });
    // Closed, a store is no longer listed: the other is alone again.
    await first.close();
    expect((await admin.query<{ store: string }>('SELECT store FROM log_listeners')).rows.map((r) => r.store)).not.toContain(firstId);
    await listed(url, 1);
    await admin.end();
  });

  it('lists a store again under its new session when the server ends its listening one', async () => {
    const url = await pg.cluster.createDatabase('relisted');
    const admin = new Client({ connectionString: url });
    await admin.connect();
    const follower = follow(open(url));
    await listed(url, 1);
    const listedPid = async () => (await admin.query<{ pid: number }>('SELECT pid FROM log_listeners')).rows[0]!.pid;
    const before = await listedPid();
    await admin.query('SELECT pg_terminate_backend($1)', [before]);
    // Listening again (after the poll interval), it is listed with its new session's process id.
    await eventually(async () => {
      const { rows } = await admin.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_stat_activity WHERE pid = $1', [
        await listedPid(),
      ]);
      expect(await listedPid()).not.toBe(before);
      expect(rows[0]!.n).toBe(1);
    });
    // Another store's commits still reach it (a store that only imports never listens, so it is not listed).
    await open(url).appendBatch([{ streamId: 's', events: [ev()] }]);
    await follower.until(1);
    await Promise.all([follower.subscription.stop(), admin.end()]);
  });

  it('closes at once a store that never got to listen, its server out of reach', async () => {
    const store = open('postgres://postgres@127.0.0.1:1/nowhere');
    const follower = follow(store);
    await store.close();
    await follower.subscription.stop();
  });
});
