import { execFile } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { RunningApp, codeOf, gql, startApp, token } from './support/app-process';
import { mutate } from './support/scenario';

const ROOT = join(__dirname, '..');
// Asynchronous, so the test process keeps reading its sockets while a CLI runs: a blocked event loop
// misses the server closing an idle kept-alive connection and the next request fails on it.
const run = (script: string, dataDir: string, args: string[] = []) =>
  new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      [join(ROOT, 'scripts/run-ts.js'), join(ROOT, 'apps/api/src/cli', script), ...args],
      { env: { ...process.env, GOVERNANCE_DATA_DIR: dataDir, AUTH_JWT_SECRET: '' }, encoding: 'utf8' },
      (error, stdout, stderr) => resolve({ status: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
    );
  });

describe('operating the embedded default: tokens, verify, rebuild', () => {
  let app: RunningApp;

  beforeAll(async () => {
    // No AUTH_* at all: the app creates its development secret in the data dir.
    app = await startApp({ AUTH_JWT_SECRET: '' });
  }, 120_000);
  afterAll(() => app?.cleanup());

  it('npm run token prints a token the running app accepts, so a new user is never stuck', async () => {
    const out = await run('token.ts', app.dataDir, ['--role', 'admin', '--name', 'Первый администратор']);
    expect(out.status).toBe(0);
    const admin = out.stdout.trim();
    const r = await mutate(app, 'registerUnit', { name: { ru: 'ДП' }, kind: 'POLICE_DEPARTMENT' }, admin, 'unit { id }');
    expect(r.unit.id).toBeTruthy();
    expect((await run('token.ts', app.dataDir, ['--role', 'king'])).status).toBe(2);
  });

  it('verify passes an intact log and names the stream of an edited event', async () => {
    const admin = (await run('token.ts', app.dataDir, ['--role', 'admin'])).stdout.trim();
    await mutate(app, 'registerUnit', { name: { kk: 'Бөлім' }, kind: 'SERVICE' }, admin, 'unit { id }');
    const ok = await run('verify.ts', app.dataDir);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/ok: \d+ events/);
    await app.stop();
    const db = new Database(join(app.dataDir, 'events.sqlite'));
    db.prepare(
      `UPDATE events SET data = json_set(data, '$.kind', 'POLICE_DEPARTMENT') WHERE position = (SELECT max(position) FROM events)`,
    ).run();
    const stream = (db.prepare('SELECT stream_id FROM events ORDER BY position DESC LIMIT 1').get() as { stream_id: string }).stream_id;
    db.close();
    const bad = await run('verify.ts', app.dataDir);
    expect(bad.status).toBe(1);
    expect(bad.stdout).toContain(`EDITED: ${stream}`);
    await app.restart();
  });

  it('rebuild replays the log into a fresh read model that answers the same', async () => {
    const admin = (await run('token.ts', app.dataDir, ['--role', 'admin', '--role', 'oversight'])).stdout.trim();
    const before = await gql(app.url, '{ units { id name { ru kk } status } }', {}, admin);
    expect(codeOf(before)).toBe('OK');
    await app.stop();
    const out = await run('rebuild.ts', app.dataDir);
    expect(out.status).toBe(0);
    expect(out.stdout).toMatch(/replayed \d+ events/);
    await app.restart();
    const after = await gql(app.url, '{ units { id name { ru kk } status } }', {}, admin);
    expect(after.data).toEqual(before.data);
  });

  it('refuses to start on a data dir whose event log is not ours, with a clear message', async () => {
    await app.stop();
    const db = new Database(join(app.dataDir, 'events.sqlite'));
    db.pragma('application_id = 1234');
    db.close();
    await expect(app.restart()).rejects.toThrow(/belongs to another application/);
  });
});

describe('npm start', () => {
  it('builds the service when needed and serves the API from the build, keeping its data across a restart', async () => {
    const app = await startApp({}, 'npm start');
    try {
      const admin = await token(['admin'], 'Администратор');
      const unit = await mutate(
        app,
        'registerUnit',
        { name: { kk: 'Полиция департаменті' }, kind: 'POLICE_DEPARTMENT' },
        admin,
        'unit { id }',
      );
      await app.restart();
      const units = await gql(app.url, '{ units { id name { kk } } }', {}, admin);
      expect(units.data!.units).toEqual([{ id: unit.unit.id, name: { kk: 'Полиция департаменті' } }]);
      expect(app.output()).not.toContain('Error');
    } finally {
      await app.cleanup();
    }
  }, 300_000);
});
