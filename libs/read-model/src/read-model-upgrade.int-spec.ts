import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@gov/event-store';
import { eventually } from '../../../test/support/eventually';
import { OrganisationQueries } from './projections/organisation.queries';
import { Projector } from './projector';
import { READ_MODEL_FILE, ReadModelDb } from './read-model-db';
import { NEXT_READ_MODEL_FILE, REBUILDING_FILE, REBUILD_REQUEST_FILE, ReadModelUpgrade } from './read-model-upgrade';
import { PROJECTION_VERSION } from './schema';

const unitEvent = (name: string) => ({
  id: randomUUID(),
  type: 'UnitRegistered',
  data: { unitId: randomUUID(), name: { kk: name }, kind: 'SERVICE', parentUnitId: null, registeredAt: '2026-01-01T00:00:00.000Z' },
});
const served = (dir: string) => join(dir, READ_MODEL_FILE);

describe('upgrading the read model beside the served one', () => {
  let dir: string;
  let events: SqliteEventStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'gov-upgrade-'));
    events = new SqliteEventStore({ dataDir: dir });
  });
  afterEach(async () => {
    await events.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A served read model at the log's head, then marked as written by the previous projection version. */
  async function previousVersionServed(units: number, shape?: string) {
    for (let i = 0; i < units; i++) await events.appendToStream(`unit-${i}`, [unitEvent(`Бөлім ${i}`)]);
    const rm = new ReadModelDb(dir);
    const projector = new Projector(events, rm);
    await projector.start();
    await projector.stop();
    if (shape) rm.connection.exec(shape);
    rm.connection.prepare('UPDATE checkpoint SET projection_version = ?').run(PROJECTION_VERSION - 1);
    rm.close();
  }

  it('serves the older version, keeps it current and switches to the rebuilt one; queries prepared before keep answering', async () => {
    await previousVersionServed(3, 'DROP TABLE meeting_texts');
    const rm = new ReadModelDb(dir, served(dir), { keepStale: true });
    expect(rm.stale).toBe(true);
    const queries = new OrganisationQueries(rm.db);
    const count = rm.db.prepare('SELECT count(*) FROM units').pluck();
    const projector = new Projector(events, rm);
    await projector.start();
    // Until the new one is served, a write shows in the older file at once, which keeps its version.
    const written = await events.appendToStream('unit-live', [unitEvent('Жаңа')]);
    await projector.waitFor(written.position, 30_000);
    expect(count.get()).toBe(4);
    expect(rm.checkpoint()).toEqual({ position: written.position, projectionVersion: PROJECTION_VERSION - 1 });
    const upgrade = new ReadModelUpgrade(events, rm, projector, { dataDir: dir });
    upgrade.start();
    const building = upgrade.building!;
    expect(building).not.toBeNull();
    await building;
    expect(rm.stale).toBe(false);
    expect(rm.checkpoint()).toEqual({ position: written.position, projectionVersion: PROJECTION_VERSION });
    // The old file is gone: only the served one (and its WAL) is left.
    expect(readdirSync(dir).filter((f) => f.startsWith('read-model') && !/-(wal|shm)$/.test(f))).toEqual([READ_MODEL_FILE]);
    expect(count.get()).toBe(4);
    expect(
      queries
        .units()
        .map((u) => u.name.kk)
        .sort(),
    ).toEqual(['Бөлім 0', 'Бөлім 1', 'Бөлім 2', 'Жаңа']);
    // After the switch the projector writes into the new file.
    const later = await events.appendToStream('unit-later', [unitEvent('Кейін')]);
    await projector.waitFor(later.position, 30_000);
    expect(count.get()).toBe(5);
    await upgrade.stop();
    await projector.stop();
    rm.close();
  });

  it('listeners hear of every event once, in log order, across the switch', async () => {
    await previousVersionServed(200);
    const rm = new ReadModelDb(dir, served(dir), { keepStale: true });
    const projector = new Projector(events, rm);
    await projector.start();
    const heard: bigint[] = [];
    projector.onProjected((batch) => heard.push(...batch.map((e) => e.position)));
    const upgrade = new ReadModelUpgrade(events, rm, projector, { dataDir: dir });
    upgrade.start();
    const building = upgrade.building!;
    let switched = false;
    void building.then(() => (switched = true));
    let last = 0n;
    for (let i = 0; !switched || i < 5; i++) last = (await events.appendToStream(`live-${i}`, [unitEvent(`Жаңа ${i}`)])).position;
    await projector.waitFor(last, 30_000);
    expect(heard).toEqual(Array.from({ length: Number(last) - 200 }, (_, i) => BigInt(201 + i)));
    await upgrade.stop();
    await projector.stop();
    rm.close();
  });

  it('a rebuild request is taken up by the running service and its marker removed once the new file is served', async () => {
    await events.appendToStream('unit-0', [unitEvent('Бөлім')]);
    const rm = new ReadModelDb(dir, served(dir), { keepStale: true });
    const projector = new Projector(events, rm);
    await projector.start();
    const upgrade = new ReadModelUpgrade(events, rm, projector, { dataDir: dir }, { pollMs: 10 });
    upgrade.start();
    expect(upgrade.building).toBeNull();
    rm.connection.exec('DELETE FROM units');
    writeFileSync(join(dir, REBUILD_REQUEST_FILE), '');
    const taken = () => !existsSync(join(dir, REBUILD_REQUEST_FILE)) && !existsSync(join(dir, REBUILDING_FILE));
    await eventually(() => expect(taken()).toBe(true), { timeoutMs: 60_000, intervalMs: 5 });
    expect(rm.db.prepare('SELECT count(*) FROM units').pluck().get()).toBe(1);
    expect(existsSync(join(dir, REBUILDING_FILE))).toBe(false);
    await upgrade.stop();
    await projector.stop();
    rm.close();
  });

  it('a build left ahead of the log (restored from an older copy) starts again from zero', async () => {
    await events.appendToStream('unit-0', [unitEvent('Бөлім')]);
    const left = new ReadModelDb(dir, join(dir, NEXT_READ_MODEL_FILE));
    left.connection.prepare("INSERT INTO units VALUES ('gone', '{}', 'SERVICE', NULL, 'ACTIVE', '2026-01-01', 0)").run();
    left.saveCheckpoint(50n);
    left.close();
    const rm = new ReadModelDb(dir, served(dir), { keepStale: true });
    const projector = new Projector(events, rm);
    await projector.start();
    const upgrade = new ReadModelUpgrade(events, rm, projector, { dataDir: dir });
    upgrade.start();
    await upgrade.building;
    expect(rm.db.prepare('SELECT id FROM units').pluck().all()).not.toContain('gone');
    expect(rm.checkpoint().position).toBe(1n);
    await upgrade.stop();
    await projector.stop();
    rm.close();
  });

  it('killed after the worker built the new file but before the switch, the next start resumes from its checkpoint and switches', async () => {
    await previousVersionServed(5);
    // What a kill during the tail catch-up (or before the file was renamed) leaves: a committed next
    // file behind the log's head, beside the served one.
    const left = new ReadModelDb(dir, join(dir, NEXT_READ_MODEL_FILE));
    const partial = new Projector(events, left);
    await partial.start();
    await partial.stop();
    left.close();
    const later = await events.appendToStream('unit-later', [unitEvent('Кейін')]);
    const rm = new ReadModelDb(dir, served(dir), { keepStale: true });
    const projector = new Projector(events, rm);
    await projector.start();
    const logged: string[] = [];
    const upgrade = new ReadModelUpgrade(events, rm, projector, { dataDir: dir }, { log: (m) => logged.push(m) });
    upgrade.start();
    await upgrade.building;
    expect(logged[0]).toMatch(/in a worker, from position 5$/);
    expect(rm.checkpoint()).toEqual({ position: later.position, projectionVersion: PROJECTION_VERSION });
    expect(rm.db.prepare('SELECT count(*) FROM units').pluck().get()).toBe(6);
    expect(existsSync(join(dir, NEXT_READ_MODEL_FILE))).toBe(false);
    await upgrade.stop();
    await projector.stop();
    rm.close();
  });

  it('killed after the switch but before the rebuild marker was removed, the new file serves and is rebuilt once more', async () => {
    await events.appendToStream('unit-0', [unitEvent('Бөлім')]);
    const rm = new ReadModelDb(dir, served(dir), { keepStale: true });
    const projector = new Projector(events, rm);
    await projector.start();
    writeFileSync(join(dir, REBUILDING_FILE), '');
    const upgrade = new ReadModelUpgrade(events, rm, projector, { dataDir: dir });
    upgrade.start();
    expect(upgrade.building).not.toBeNull();
    expect(rm.db.prepare('SELECT count(*) FROM units').pluck().get()).toBe(1);
    await upgrade.building;
    expect(existsSync(join(dir, REBUILDING_FILE))).toBe(false);
    expect(rm.checkpoint()).toEqual({ position: 1n, projectionVersion: PROJECTION_VERSION });
    await upgrade.stop();
    await projector.stop();
    rm.close();
  });

  it('a build stopped in its worker (the service shutting down) keeps the served file, and the next start completes it', async () => {
    events.appendBatch(Array.from({ length: 20_000 }, (_, i) => ({ streamId: `unit-${i}`, events: [unitEvent(`Бөлім ${i}`)] })));
    const rm = new ReadModelDb(dir, served(dir), { keepStale: true });
    const projector = new Projector(events, rm);
    await projector.start();
    rm.connection.prepare('UPDATE checkpoint SET projection_version = ?').run(PROJECTION_VERSION - 1);
    await projector.stop();
    rm.close();
    const restarted = new ReadModelDb(dir, served(dir), { keepStale: true });
    const serving = new Projector(events, restarted);
    await serving.start();
    const first = new ReadModelUpgrade(events, restarted, serving, { dataDir: dir });
    first.start();
    const building = first.building!;
    await first.stop();
    await building;
    expect(restarted.checkpoint()).toEqual({ position: 20_000n, projectionVersion: PROJECTION_VERSION - 1 });
    // Stopped part-way: what it replayed is kept for the next start.
    const left = new ReadModelDb(dir, join(dir, NEXT_READ_MODEL_FILE));
    expect(left.checkpoint().position).toBeLessThan(20_000n);
    left.close();
    const second = new ReadModelUpgrade(events, restarted, serving, { dataDir: dir });
    second.start();
    await second.building;
    expect(restarted.checkpoint()).toEqual({ position: 20_000n, projectionVersion: PROJECTION_VERSION });
    expect(restarted.db.prepare('SELECT count(*) FROM units').pluck().get()).toBe(20_000);
    await second.stop();
    await serving.stop();
    restarted.close();
  });

  it('an older file whose tables this version cannot write is replayed in place instead of served', async () => {
    await previousVersionServed(2, 'ALTER TABLE units DROP COLUMN revision');
    const rm = new ReadModelDb(dir, served(dir), { keepStale: true });
    const projector = new Projector(events, rm);
    expect(rm.stale).toBe(false);
    await projector.start();
    expect(rm.checkpoint().projectionVersion).toBe(PROJECTION_VERSION);
    expect(rm.db.prepare('SELECT count(*) FROM units WHERE revision IS NOT NULL').pluck().get()).toBe(2);
    await projector.stop();
    rm.close();
  });

  it('a file of version 16, its texts keyed by recommendation id, is replayed in place with texts keyed by seq', async () => {
    await previousVersionServed(
      1,
      `DROP TABLE recommendation_texts;
       CREATE TABLE recommendation_texts (id TEXT PRIMARY KEY, text TEXT NOT NULL, search TEXT NOT NULL) WITHOUT ROWID;`,
    );
    const rm = new ReadModelDb(dir, served(dir), { keepStale: true });
    const projector = new Projector(events, rm);
    expect(rm.stale).toBe(false);
    await projector.start();
    const columns = rm.db.prepare("SELECT name FROM pragma_table_info('recommendation_texts')").pluck().all();
    expect(columns).toEqual(['seq', 'text', 'search']);
    expect(rm.checkpoint().projectionVersion).toBe(PROJECTION_VERSION);
    await projector.stop();
    rm.close();
  });
});
