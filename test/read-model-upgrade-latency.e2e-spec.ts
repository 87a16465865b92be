import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteEventStore } from '@gov/event-store';
import { REBUILDING_FILE, REBUILD_REQUEST_FILE } from '@gov/read-model';
import { generateHistory } from '../bench/generator';
import { SteadyTraffic } from '../bench/steady-traffic';
import { RunningApp, startApp, token } from './support/app-process';
import { eventually } from './support/eventually';

/** Enough history that the replay, its commit and its index builds would hold a serving thread for seconds. */
const EVENTS = 150_000;
/** A query answered later than this counts as blocked. */
const BLOCKED_MS = 1000;

describe('a read-model upgrade at tens of thousands of events, served from the build (dist)', () => {
  let app: RunningApp;
  let admin: string;

  beforeAll(async () => {
    admin = await token(['admin', 'oversight']);
    app = await startApp({}, 'npm start');
    await app.stop();
    const store = new SqliteEventStore({ dataDir: app.dataDir });
    generateHistory({ events: EVENTS, seed: 11, sink: (batch) => store.appendBatch(batch) });
    await store.close();
    await app.restart();
  }, 300_000);
  afterAll(() => app?.cleanup());

  it('the rebuild runs in a worker: no query or read-your-writes write fails while it builds and switches', async () => {
    const traffic = new SteadyTraffic({
      url: app.url,
      token: admin,
      queries: [
        '{ recommendations(filter: { overdue: true }, first: 20) { totalCount edges { node { id dueDate } } } }',
        '{ recommendationStats(groupBy: BODY) { key total open overdue } }',
        '{ units { id } }',
      ],
      queriesPerSec: 20,
      writesPerSec: 4,
      blockedMs: BLOCKED_MS,
    });
    // Each phase holds answered queries and writes.
    const answered = (phase: string) =>
      eventually(() =>
        expect({ queries: traffic.answered(phase, 'queries') > 0, writes: traffic.answered(phase, 'writes') > 0 }).toEqual({
          queries: true,
          writes: true,
        }),
      );
    await answered('before');
    traffic.mark('during');
    writeFileSync(join(app.dataDir, REBUILD_REQUEST_FILE), '');
    const pending = () => existsSync(join(app.dataDir, REBUILD_REQUEST_FILE)) || existsSync(join(app.dataDir, REBUILDING_FILE));
    await eventually(() => expect(pending()).toBe(false), { timeoutMs: 240_000, intervalMs: 50 });
    traffic.mark('after');
    await answered('after');
    const phases = await traffic.stop();
    console.log(`upgrade of ${EVENTS} events under traffic: ${JSON.stringify(phases)}`);
    await app.waitForOutput(/beside the served one in a worker/);
    await app.waitForOutput(/now serving read model version/);
    for (const { phase, kind, failures } of phases) expect({ phase, kind, failures }).toEqual({ phase, kind, failures: [] });
    // How long queries wait during an upgrade is a speed figure, so it is the benchmark's (`npm run bench
    // -- --only upgrade` counts queries over 1 s at a million events); here it is only printed above:
    // on a loaded test machine any bound on it fails for reasons that are not the upgrade's.
    expect(phases.map((p) => p.phase)).toEqual(['before', 'before', 'during', 'during', 'after', 'after']);
    // The build lasted long enough for the clients to be heard throughout.
    expect(phases.find((p) => p.phase === 'during' && p.kind === 'queries')!.requests).toBeGreaterThanOrEqual(20);
  }, 300_000);
});
