import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@gov/event-store';
import { eventually } from '../../../test/support/eventually';
import { Projector } from './projector';
import { ReadModelDb } from './read-model-db';
import { RecommendationQueries } from './projections/recommendation-rows.queries';
import { HistoryStep, T0, unitIds, writeHistory } from './testing/recommendation-histories';

const unitEvent = (unitId: string) => ({
  id: randomUUID(),
  type: 'UnitRegistered',
  data: { unitId, name: { kk: 'Бөлім' }, kind: 'SERVICE', parentUnitId: null, registeredAt: '2026-01-01T00:00:00.000Z' },
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

  it('replays from zero with a rollback journal and serves the result in WAL mode, even while another connection reads the file', async () => {
    for (let i = 0; i < 5; i++) await events.appendToStream(`unit-${i}`, [unitEvent(randomUUID())]);
    for (const reader of [false, true]) {
      const rm = new ReadModelDb(dir);
      rm.reset();
      const modes: string[] = [];
      const projector = new Projector(events, rm);
      projector.onProjected(() => modes.push(rm.connection.pragma('journal_mode', { simple: true }) as string));
      // A backup reading the file keeps it in WAL mode: the replay still completes.
      const other = reader ? new Database(rm.file, { readonly: true }) : null;
      other?.prepare('SELECT count(*) FROM units').get();
      await projector.start();
      await projector.stop();
      other?.close();
      expect(modes).toEqual([reader ? 'wal' : 'truncate']);
      expect(rm.connection.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(count(rm)).toBe(5);
      rm.close();
    }
  });

  it('keeps up live and lets a reader wait for its own write', async () => {
    const rm = new ReadModelDb(dir);
    const projector = new Projector(events, rm);
    await projector.start();
    const written = await events.appendToStream('unit-live', [unitEvent(randomUUID())]);
    await projector.waitFor(written.position, 30_000);
    expect(count(rm)).toBe(1);
    await expect(projector.waitFor(written.position + 10n, 50)).rejects.toMatchObject({ code: 'TIMEOUT' });
    await projector.stop();
    rm.close();
  });

  it('rolls a failing batch back with its checkpoint, so nothing is half-applied', async () => {
    await events.appendToStream('unit-a', [unitEvent(randomUUID())]);
    // Same unit id twice would be fine; a broken event makes the handler throw mid-batch.
    await events.appendToStream('unit-b', [{ id: randomUUID(), type: 'UnitRegistered', data: { unitId: null } }]);
    const rm = new ReadModelDb(dir);
    const errors: Error[] = [];
    const projector = new Projector(events, rm, { retryDelayMs: 10_000, onError: (e) => errors.push(e) });
    void projector.start();
    // The failure is reported on the first batch; the retry comes only after 10 s.
    await eventually(() => expect(errors.length).toBeGreaterThan(0), { intervalMs: 10 });
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

  it("keeps a unit's overdue list and the groups' medians current as a deadline is extended and the recommendation closed", async () => {
    const rm = new ReadModelDb(dir);
    const projector = new Projector(events, rm);
    await projector.start();
    const queries = new RecommendationQueries(rm.db);
    const [unit] = unitIds;
    const at = '2026-01-01T00:00:00.000Z';
    const now = new Date('2026-02-01T00:00:00Z');
    const seen: Array<[string[], Array<string | null>]> = [];
    const links = rm.db.prepare('SELECT open_due AS due FROM recommendation_units WHERE unit_id = ?').pluck();
    const steps: HistoryStep[] = [
      [
        0,
        {
          type: 'AssignResponsibility',
          data: { leadUnitId: unit, coExecutorUnitIds: [], units: [{ id: unit, status: 'ACTIVE' }], dueDate: '2026-01-05', at },
        },
        1,
      ],
      [0, { type: 'AcceptRecommendation', data: { unitId: unit, at } }, 1],
      [0, { type: 'RequestDeadlineExtension', data: { unitId: unit, requestedDueDate: '2026-03-01', reason: 'r', at } }, 1],
      [0, { type: 'DecideDeadlineExtension', data: { approve: true, reason: 'r', at } }, 1],
      [0, { type: 'DecideDeadlineExtension', data: { approve: true, reason: 'r', at } }, 1],
      [0, { type: 'CloseRecommendationNotImplemented', data: { reason: 'r', at } }, 1],
    ];
    const { ids } = await writeHistory(events, { now: T0 }, steps, async (position) => {
      await projector.waitFor(position, 30_000);
      seen.push([
        queries.list({ filter: { unitId: unit, overdue: true }, now, first: 10 }).nodes.map((n) => n.node.id),
        links.all(unit) as Array<string | null>,
      ]);
    });
    await projector.stop();
    // Closed the day it was adopted: every group it is in has a median of 0 days, as a replay finds too.
    const medians = (readModel: ReadModelDb) => readModel.db.prepare('SELECT dim, key, median FROM rec_medians ORDER BY dim').all();
    expect(medians(rm)).toEqual([
      { dim: 'BODY', key: 'b', median: 0 },
      { dim: 'MONTH', key: '2026-01', median: 0 },
      { dim: 'NONE', key: '', median: 0 },
      { dim: 'STATUS', key: 'CLOSED_NOT_IMPLEMENTED', median: 0 },
      { dim: 'UNIT', key: unit, median: 0 },
    ]);
    const replayed = new ReadModelDb(dir, join(dir, 'replayed.sqlite'));
    const replaying = new Projector(events, replayed);
    await replaying.start();
    await replaying.stop();
    expect(medians(replayed)).toEqual(medians(rm));
    replayed.close();
    rm.close();
    // Three adoptions and a meeting's publication (not the unit's yet), assigned and overdue, accepted, asked, extended, closed.
    expect(seen).toEqual([
      [[], []],
      [[], []],
      [[], []],
      [[], []],
      [[ids[0]], ['2026-01-05']],
      [[ids[0]], ['2026-01-05']],
      [[ids[0]], ['2026-01-05']],
      [[], ['2026-03-01']],
      [[], [null]],
    ]);
  });
});
