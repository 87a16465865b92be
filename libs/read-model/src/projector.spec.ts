import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@gov/event-store';
import { Projector } from './projector';
import { ReadModelDb } from './read-model-db';

const unitEvent = (unitId: string) => ({
  id: randomUUID(), type: 'UnitRegistered', data: { unitId, name: { kk: 'Бөлім' }, kind: 'SERVICE', parentUnitId: null, registeredAt: '2026-01-01T00:00:00.000Z' },
});
const count = (rm: ReadModelDb) => (rm.db.prepare('SELECT count(*) AS n FROM units').get() as { n: number }).n;

describe('projector', () => {
  let dir: string;
  let events: SqliteEventStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'gov-proj-'));
    events = new SqliteEventStore({ dataDir: dir });
  });
  afterEach(async () => {
    await events.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('catches up from its checkpoint after a restart without applying anything twice', async () => {
    for (let i = 0; i < 5; i++) await events.appendToStream(`unit-${i}`, [unitEvent(randomUUID())]);
    let rm = new ReadModelDb(dir);
    let projector = new Projector(events, rm);
    await projector.start();
    await projector.stop();
    expect(count(rm)).toBe(5);
    rm.close();
    for (let i = 5; i < 8; i++) await events.appendToStream(`unit-${i}`, [unitEvent(randomUUID())]);
    rm = new ReadModelDb(dir);
    expect(rm.checkpoint().position).toBe(5n);
    projector = new Projector(events, rm);
    await projector.start();
    await projector.stop();
    expect(count(rm)).toBe(8);
    expect(rm.checkpoint().position).toBe(8n);
    rm.close();
  });

  it('keeps up live and lets a reader wait for its own write', async () => {
    const rm = new ReadModelDb(dir);
    const projector = new Projector(events, rm);
    await projector.start();
    const written = await events.appendToStream('unit-live', [unitEvent(randomUUID())]);
    await projector.waitFor(written.position, 2000);
    expect(count(rm)).toBe(1);
    await expect(projector.waitFor(written.position + 10n, 50)).rejects.toMatchObject({ code: 'TIMEOUT' });
    await projector.stop();
    rm.close();
  });

  it('rolls a failing batch back with its checkpoint, so nothing is half-applied', async () => {
    await events.appendToStream('unit-a', [unitEvent(randomUUID())]);
    // Same unit id twice would be fine; a broken event makes the handler throw mid-batch.
    await events.appendToStream('unit-b', [{ id: randomUUID(), type: 'UnitRegistered', data: { unitId: null } as never }]);
    const rm = new ReadModelDb(dir);
    const errors: Error[] = [];
    const projector = new Projector(events, rm, { retryDelayMs: 10_000, onError: (e) => errors.push(e) });
    void projector.start();
    await new Promise((r) => setTimeout(r, 200));
    expect(errors.length).toBeGreaterThan(0);
    expect(count(rm)).toBe(0);
    expect(rm.checkpoint().position).toBe(0n);
    await projector.stop();
    rm.close();
  });

  it('rebuilds from zero when the stored projection version differs from the code', async () => {
    await events.appendToStream('unit-a', [unitEvent(randomUUID())]);
    let rm = new ReadModelDb(dir);
    const projector = new Projector(events, rm);
    await projector.start();
    await projector.stop();
    rm.db.prepare('UPDATE checkpoint SET projection_version = 0').run();
    rm.close();
    rm = new ReadModelDb(dir);
    expect(rm.checkpoint().position).toBe(0n);
    expect(count(rm)).toBe(0);
    rm.close();
  });
});
