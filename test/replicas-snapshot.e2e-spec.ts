import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PostgresCluster, startPostgresCluster } from '../libs/event-store/src/testing/postgres-cluster';
import { RunningApp, TEST_SECRET, codeOf, gql, logPosition, startApp, token } from './support/app-process';
import { runCli } from './support/cli';
import { eventually } from './support/eventually';

const UNITS = '{ units { id name { ru } } }';

/** Registers units through `app` with `writers` clients at once until `stop` is called; returns the positions acknowledged. */
function registerUnits(app: RunningApp, bearer: string, writers: number) {
  const positions: bigint[] = [];
  let stopping = false;
  let failure: Error | undefined;
  const writer = async (w: number) => {
    for (let n = 0; !stopping && !failure; n++) {
      const r = await gql(
        app.url,
        'mutation($input: RegisterUnitInput!) { registerUnit(input: $input) { position } }',
        { input: { commandId: randomUUID(), kind: 'DISTRICT_DEPARTMENT', name: { ru: `Отдел ${w}-${n}` } } },
        bearer,
      );
      if (codeOf(r) !== 'OK') failure = new Error(`write failed: ${JSON.stringify(r.errors)}`);
      else positions.push(BigInt(r.data!.registerUnit.position as string));
    }
  };
  const running = Promise.all(Array.from({ length: writers }, (_, w) => writer(w)));
  return {
    positions,
    stop: async () => {
      stopping = true;
      await running;
      if (failure) throw failure;
    },
  };
}

/** The position a replica's follower file has applied. */
function checkpointOf(file: string): string {
  const db = new Database(file, { readonly: true });
  try {
    return String(db.prepare('SELECT position FROM checkpoint WHERE id = 1').pluck().get());
  } finally {
    db.close();
  }
}

async function unitsAfter(app: RunningApp, bearer: string, after: string) {
  const res = await fetch(app.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}`, 'x-after-position': after },
    body: JSON.stringify({ query: UNITS }),
  });
  const body = (await res.json()) as { data: { units: { id: string }[] } };
  return body.data.units.map((u) => JSON.stringify(u)).sort();
}

describe('a new replica started from another replica’s read model snapshot', () => {
  let cluster: PostgresCluster;
  let url: string;
  let first: RunningApp;
  let second: RunningApp | undefined;
  let admin: string;
  const dirs: string[] = [];
  const tempDir = (label: string) => {
    const dir = mkdtempSync(join(tmpdir(), `gov-${label}-`));
    dirs.push(dir);
    return dir;
  };
  const env = (dataDir: string, postgresUrl = url) => ({
    GOVERNANCE_DATA_DIR: dataDir,
    POSTGRES_URL: postgresUrl,
    AUTH_JWT_SECRET: TEST_SECRET,
  });
  let snapshotDir: string;
  let snapshotPosition: bigint;

  beforeAll(async () => {
    cluster = await startPostgresCluster();
    url = await cluster.createDatabase('snapshot');
    first = await startApp({ POSTGRES_URL: url });
    admin = await token(['admin'], 'Администратор');
  }, 180_000);
  afterAll(async () => {
    await second?.cleanup();
    await first?.cleanup();
    await cluster?.destroy();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('snapshots a serving replica’s read model, and a replica restored from it catches up from its position and answers as the first', async () => {
    const before = registerUnits(first, admin, 4);
    await eventually(() => expect(before.positions.length).toBeGreaterThanOrEqual(60));
    snapshotDir = join(tempDir('snapshot'), 'copy');
    // Taken while the writers keep writing.
    const backup = await runCli('backup.ts', env(first.dataDir), ['--to', snapshotDir]);
    await before.stop();
    expect(backup.out).toMatch(/ok: read model snapshot in .* at log position (\d+)/);
    expect(backup.out).toContain('base backups and WAL archiving');
    expect(backup.status).toBe(0);
    snapshotPosition = BigInt(/at log position (\d+)/.exec(backup.out)![1]!);
    expect(snapshotPosition).toBeGreaterThan(0n);
    // The replica's own files that follow the log, each at its checkpoint: the log and the evidence files stay PostgreSQL's.
    const manifest = JSON.parse(readFileSync(join(snapshotDir, 'manifest.json'), 'utf8')) as {
      files: object;
      readModelCheckpoint: string;
      followers: Record<string, { checkpoint: string }>;
    };
    expect(Object.keys(manifest.files).sort()).toEqual(['follow-mailer.sqlite', 'notifications.sqlite', 'read-model.sqlite']);
    expect(manifest.readModelCheckpoint).toBe(snapshotPosition.toString());
    const listedAt = manifest.followers['notifications.sqlite']!.checkpoint;
    expect(BigInt(listedAt)).toBeGreaterThan(0n);

    // The log moves on past the snapshot.
    const after = registerUnits(first, admin, 2);
    await eventually(() => expect(after.positions.length).toBeGreaterThanOrEqual(20));
    await after.stop();
    const head = await logPosition(first);
    expect(BigInt(head)).toBeGreaterThan(snapshotPosition);

    const dataDir = tempDir('replica');
    const restored = await runCli('restore.ts', env(dataDir), ['--from', snapshotDir]);
    expect(restored.out).toContain(`ok: read model at log position ${snapshotPosition} restored`);
    expect(restored.status).toBe(0);
    // The in-app list's file too, so its notifier does not replay the log from the beginning either.
    expect(checkpointOf(join(dataDir, 'notifications.sqlite'))).toBe(listedAt);
    second = await startApp({ POSTGRES_URL: url, GOVERNANCE_DATA_DIR: dataDir });
    // It started from the snapshot's position, not from the beginning of the log.
    expect(second.output()).toContain(`read model at log position ${snapshotPosition}: catching up from there`);
    expect(await logPosition(second)).toBe(head);
    const onFirst = await unitsAfter(first, admin, head);
    expect(onFirst.length).toBeGreaterThanOrEqual(80);
    expect(await unitsAfter(second, admin, head)).toEqual(onFirst);

    // And it keeps following: a write on it shows on the first, and the other way round.
    const wrote = registerUnits(second, admin, 1);
    await eventually(() => expect(wrote.positions.length).toBeGreaterThanOrEqual(1));
    await wrote.stop();
    const newest = wrote.positions[wrote.positions.length - 1]!.toString();
    expect(await unitsAfter(first, admin, newest)).toEqual(await unitsAfter(second, admin, newest));
  }, 240_000);

  it('refuses a snapshot on a log that does not hold the event it stands on, and over a replica’s own read model', async () => {
    const otherLog = await cluster.createDatabase('other');
    // A log of its own: the snapshot's event is not in it.
    const other = await startApp({ POSTGRES_URL: otherLog });
    try {
      await gql(
        other.url,
        'mutation($input: RegisterUnitInput!) { registerUnit(input: $input) { position } }',
        { input: { commandId: randomUUID(), kind: 'DISTRICT_DEPARTMENT', name: { ru: 'Чужой отдел' } } },
        admin,
      );
    } finally {
      await other.cleanup();
    }
    const refused = await runCli('restore.ts', env(tempDir('wrong-log'), otherLog), ['--from', snapshotDir]);
    expect(refused.status).toBe(1);
    expect(refused.out).toContain('restore refused: the log does not hold the event the snapshot stands on');

    // A manifest naming a file that is no replica's own is refused before anything is written.
    const forged = join(tempDir('forged'), 'copy');
    cpSync(snapshotDir, forged, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(forged, 'manifest.json'), 'utf8')) as { followers: Record<string, unknown> };
    manifest.followers['../outside.sqlite'] = manifest.followers['notifications.sqlite'];
    writeFileSync(join(forged, 'manifest.json'), JSON.stringify(manifest));
    const target = join(tempDir('forged-target'), 'data');
    const outside = await runCli('restore.ts', env(target), ['--from', forged]);
    expect(outside.status).toBe(1);
    expect(outside.out).toContain('the snapshot names ../outside.sqlite, which is no file of a replica');
    expect(existsSync(target)).toBe(false);

    await second!.stop();
    const over = await runCli('restore.ts', env(second!.dataDir), ['--from', snapshotDir]);
    expect(over.status).toBe(1);
    expect(over.out).toContain('already has a read model');
  }, 120_000);
});
