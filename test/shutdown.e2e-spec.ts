import { join } from 'node:path';
import Database from 'better-sqlite3';
import { parseStreamId } from '@gov/domain';
import { RunningApp, gql, startApp, token } from './support/app-process';
import { eventually } from './support/eventually';
import { tryMutate } from './support/scenario';

describe('SIGTERM under load', () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp();
  }, 120_000);
  afterAll(() => app?.cleanup());

  it('finishes the writes in flight, commits the projector, closes the log and exits 0: nothing is half-done', async () => {
    const admin = await token(['admin'], 'Администратор');
    const acknowledged = new Set<string>();
    const refused: string[] = [];
    const writer = async () => {
      for (;;) {
        try {
          const r = await tryMutate(app, 'registerUnit', { name: { ru: 'Отдел' }, kind: 'SERVICE' }, admin, 'unit { id }');
          if (r.errors) refused.push(String(r.errors[0]?.extensions?.code));
          else acknowledged.add(r.data!.registerUnit.unit.id as string);
        } catch {
          return; // connection refused or closed: the server no longer takes requests
        }
      }
    };
    const writers = Array.from({ length: 16 }, writer);
    // Under way: 100 writes acknowledged (each writer returns only once the server stops answering).
    await eventually(
      () => {
        expect(refused).toEqual([]);
        expect(acknowledged.size).toBeGreaterThanOrEqual(100);
      },
      { timeoutMs: 60_000, intervalMs: 10 },
    );
    await app.stop();
    await Promise.all(writers);

    expect(app.exitStatus()).toEqual({ code: 0, signal: null });
    expect(refused).toEqual([]);
    // stop() resolved once the process's output was all read: the line is there or was never written.
    expect(app.output()).toMatch(/SIGTERM: finishing \d+ request\(s\) in flight/);
    // Every write the log holds was acknowledged (none was cut off after its append), and the
    // read model's checkpoint is the log's head: the projector committed its last batch.
    const log = new Database(join(app.dataDir, 'events.sqlite'), { readonly: true });
    const streams = log.prepare("SELECT stream_id AS id FROM events WHERE type = 'UnitRegistered'").all() as Array<{ id: string }>;
    const head = (log.prepare('SELECT max(position) AS p FROM events').get() as { p: number }).p;
    log.close();
    expect(streams.map((s) => parseStreamId(s.id)?.id).sort()).toEqual([...acknowledged].sort());
    const readModel = new Database(join(app.dataDir, 'read-model.sqlite'), { readonly: true });
    expect((readModel.prepare('SELECT position FROM checkpoint WHERE id = 1').get() as { position: number }).position).toBe(head);
    readModel.close();

    await app.restart();
    const units = await gql<{ units: Array<{ id: string }> }>(app.url, '{ units { id } }', {}, admin);
    expect(units.data!.units.map((u) => u.id).sort()).toEqual([...acknowledged].sort());
  }, 120_000);
});
