import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteEventStore } from '@gov/event-store';
import { NEXT_READ_MODEL_FILE, PROJECTION_VERSION, READ_MODEL_FILE, REBUILDING_FILE } from '@gov/read-model';
import { generateHistory } from '../bench/generator';
import { RunningApp, codeOf, gql, startApp, token } from './support/app-process';
import { eventually } from './support/eventually';
import { tryMutate } from './support/scenario';

const ROOT = join(__dirname, '..');
/** Enough history that a build takes a while, so queries and writes land on both sides of the switch. */
const EVENTS = 30_000;

describe('upgrading the read model without downtime', () => {
  let app: RunningApp;
  let admin: string;
  let recommendationCount: number;

  const servedCheckpoint = () => {
    const db = new Database(join(app.dataDir, READ_MODEL_FILE), { readonly: true });
    try {
      return db.prepare('SELECT position, projection_version AS version FROM checkpoint').get() as { position: number; version: number };
    } finally {
      db.close();
    }
  };
  const logHead = () => {
    const db = new Database(join(app.dataDir, 'events.sqlite'), { readonly: true });
    try {
      return db.prepare('SELECT max(position) FROM events').pluck().get() as number;
    } finally {
      db.close();
    }
  };
  const building = () => existsSync(join(app.dataDir, NEXT_READ_MODEL_FILE)) || existsSync(join(app.dataDir, REBUILDING_FILE));
  /** What an older release left behind: a read model written by the previous projection version, before a table it adds. */
  const markServedAsPreviousVersion = () => {
    const db = new Database(join(app.dataDir, READ_MODEL_FILE));
    db.exec('DROP TABLE IF EXISTS meeting_texts');
    db.prepare('UPDATE checkpoint SET projection_version = ?').run(PROJECTION_VERSION - 1);
    db.close();
  };
  const totalRecommendations = async () => {
    const r = await gql(app.url, '{ recommendations { totalCount } }', {}, admin);
    if (codeOf(r) !== 'OK') throw new Error(JSON.stringify(r.errors));
    return r.data!.recommendations.totalCount as number;
  };

  /**
   * Reads and writes the way clients do until `done` (and at least once): each write registers a unit,
   * which must show at once in the write's answer and in the next query (read-your-writes), and the
   * recommendations must all be there. Returns what went wrong, and whether a build was seen under way.
   */
  async function trafficUntil(done: () => boolean) {
    const failures: string[] = [];
    const registered: string[] = [];
    let sawBuild = false;
    for (let i = 0; ; i++) {
      sawBuild ||= building();
      const w = await tryMutate(app, 'registerUnit', { name: { ru: `Отдел ${i}` }, kind: 'SERVICE' }, admin, 'unit { id }');
      if (codeOf(w) !== 'OK') failures.push(`write: ${JSON.stringify(w.errors)}`);
      else {
        const id = w.data!.registerUnit.unit.id as string;
        registered.push(id);
        const r = await gql(app.url, '{ units { id } }', {}, admin);
        if (codeOf(r) !== 'OK') failures.push(`read: ${JSON.stringify(r.errors)}`);
        else if (!r.data!.units.some((u: { id: string }) => u.id === id)) failures.push(`unit ${id} missing right after its write`);
      }
      const n = await gql(app.url, '{ recommendations { totalCount } }', {}, admin);
      if (codeOf(n) !== 'OK') failures.push(`read: ${JSON.stringify(n.errors)}`);
      else if (n.data!.recommendations.totalCount !== recommendationCount)
        failures.push(`recommendations: ${n.data!.recommendations.totalCount} instead of ${recommendationCount}`);
      if (done()) return { failures, registered, sawBuild };
    }
  }

  async function expectAllUnits(ids: string[]) {
    const r = await gql(app.url, '{ units { id } }', {}, admin);
    const served = new Set(r.data!.units.map((u: { id: string }) => u.id));
    expect(ids.filter((id) => !served.has(id))).toEqual([]);
  }

  beforeAll(async () => {
    admin = await token(['admin', 'oversight']);
    app = await startApp();
    await app.stop();
    const store = new SqliteEventStore({ dataDir: app.dataDir });
    const summary = generateHistory({ events: EVENTS, seed: 7, sink: (batch) => store.appendBatch(batch) });
    await store.close();
    recommendationCount = summary.recommendations;
    await app.restart();
    expect(await totalRecommendations()).toBe(recommendationCount);
  }, 300_000);
  afterAll(() => app?.cleanup());

  it('a new projection version is built beside the served read model, and queries and writes never fail meanwhile', async () => {
    await app.stop();
    markServedAsPreviousVersion();
    await app.restart();
    const { failures, registered, sawBuild } = await trafficUntil(() => !building() && servedCheckpoint().version === PROJECTION_VERSION);
    expect(failures).toEqual([]);
    expect(sawBuild).toBe(true);
    await expectAllUnits(registered);
    await app.waitForOutput(/now serving read model version/);
  }, 300_000);

  it('npm run rebuild on the running service rebuilds beside it and switches, with no failed query or write', async () => {
    const cli = spawn(process.execPath, [join(ROOT, 'scripts/run-ts.js'), join(ROOT, 'apps/api/src/cli/rebuild.ts')], {
      cwd: ROOT,
      env: { ...process.env, GOVERNANCE_DATA_DIR: app.dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    cli.stdout.on('data', (d) => (out += d));
    cli.stderr.on('data', (d) => (out += d));
    let exit: number | null = null;
    // 'close', not 'exit': the CLI's last line may reach the pipe after it has exited.
    cli.on('close', (code) => (exit = code));
    const { failures, registered, sawBuild } = await trafficUntil(() => exit !== null);
    expect(exit).toBe(0);
    expect(out).toMatch(/the running service rebuilt the read model and switched to it/);
    expect(failures).toEqual([]);
    expect(sawBuild).toBe(true);
    expect(building()).toBe(false);
    await expectAllUnits(registered);
  }, 300_000);

  it('a crash mid-build leaves the old read model serving, and the next start resumes the build', async () => {
    await app.stop();
    markServedAsPreviousVersion();
    const before = servedCheckpoint();
    await app.restart();
    // A build under way is a moment to catch: looked for every 5 ms.
    await eventually(
      () => {
        if (existsSync(join(app.dataDir, NEXT_READ_MODEL_FILE))) return;
        if (servedCheckpoint().version === PROJECTION_VERSION) throw new Error('the build finished before it could be interrupted');
        throw new Error(`no build under way (${NEXT_READ_MODEL_FILE}):\n${app.output()}`);
      },
      { timeoutMs: 60_000, intervalMs: 5 },
    );
    await app.kill();
    // Killed while building: the served file is still the previous version's, whole, and only kept
    // current meanwhile (the notifier's first tick appends its records, which it projects).
    const after = servedCheckpoint();
    expect(after.version).toBe(before.version);
    expect(after.position).toBeGreaterThanOrEqual(before.position);
    expect(after.position).toBeLessThanOrEqual(logHead());
    const served = new Database(join(app.dataDir, READ_MODEL_FILE), { readonly: true });
    expect(served.pragma('quick_check', { simple: true })).toBe('ok');
    served.close();
    expect(existsSync(join(app.dataDir, NEXT_READ_MODEL_FILE))).toBe(true);
    await app.restart();
    const { failures, registered } = await trafficUntil(() => !building() && servedCheckpoint().version === PROJECTION_VERSION);
    expect(failures).toEqual([]);
    await expectAllUnits(registered);
    expect(await totalRecommendations()).toBe(recommendationCount);
  }, 300_000);
});
