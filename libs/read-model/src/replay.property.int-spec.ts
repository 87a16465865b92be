import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseStreamId, readGovernanceMetadata } from '@gov/domain';
import { EventStore, SqliteEventStore } from '@gov/event-store';
import { Projector } from './projector';
import { ReadModelDb } from './read-model-db';
import { PROJECTION_TABLE_NAMES } from './schema';
import { T0, historySteps, writeHistory } from './testing/recommendation-histories';

/** The first (up to) three columns: enough to order every table's rows stably. */
const orderOf = (readModel: ReadModelDb, table: string) =>
  readModel.db.prepare(`SELECT cid + 1 FROM pragma_table_info(?) WHERE cid < 3`).pluck().all(table).join(', ');

/** Every projected row, in a stable order; empty count buckets are the same as absent ones. */
function dump(readModel: ReadModelDb): Record<string, unknown[]> {
  return Object.fromEntries(
    PROJECTION_TABLE_NAMES.map((table) => [
      table,
      readModel.db
        .prepare(`SELECT * FROM ${table} ${table.startsWith('rec_counts') ? 'WHERE n <> 0' : ''} ORDER BY ${orderOf(readModel, table)}`)
        .all(),
    ]),
  );
}

/** An empty log on a temporary dir, two read models beside it, all closed and removed afterwards. */
async function withLogAndTwoReadModels(
  run: (events: SqliteEventStore, clock: { now: number }, a: ReadModelDb, b: ReadModelDb) => Promise<void>,
): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'gov-replay-'));
  const clock = { now: T0 };
  const events = new SqliteEventStore({ dataDir: dir, now: () => new Date(clock.now) });
  const a = new ReadModelDb(dir, join(dir, 'a.sqlite'));
  const b = new ReadModelDb(dir, join(dir, 'b.sqlite'));
  try {
    await run(events, clock, a, b);
  } finally {
    a.close();
    b.close();
    await events.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('replay from zero', () => {
  it('writes the same read model as following the log live, event by event', async () => {
    await fc.assert(
      fc.asyncProperty(historySteps, (steps) =>
        withLogAndTwoReadModels(async (events, clock, live, replayed) => {
          // Started on an empty log, this projector applies each event of the history as it is written.
          const following = new Projector(events, live);
          await following.start();
          await writeHistory(events, clock, steps, (position) => following.waitFor(position));
          await following.stop();

          const replaying = new Projector(events, replayed);
          await replaying.start();
          await replaying.stop();

          expect(replayed.checkpoint()).toEqual(live.checkpoint());
          expect(dump(replayed)).toEqual(dump(live));
          // Both tell every recommendation event once, with the actor the log recorded.
          const log = (await events.readAll({ after: 0n, maxCount: 10_000 })).filter(
            (e) => parseStreamId(e.streamId)?.kind === 'recommendation',
          );
          const timeline = replayed.db.prepare('SELECT position, actor_sub FROM recommendation_timeline ORDER BY position').all();
          expect(timeline).toEqual(
            log.map((e) => ({ position: Number(e.position), actor_sub: readGovernanceMetadata(e.metadata).actor?.sub })),
          );
        }),
      ),
      { numRuns: 40 },
    );
  });

  it("two service processes projecting into one read model file write what one would: each event once, whoever applies it, and no batch fails on the other process's lock", async () => {
    await fc.assert(
      fc.asyncProperty(historySteps, (steps) =>
        withLogAndTwoReadModels(async (events, clock, shared, replayed) => {
          // The second process: its own connections to the log and to the shared read model file;
          // it hears of the first one's appends only by polling the file, and the first of its.
          const other = new SqliteEventStore({ dataDir: join(shared.file, '..'), now: () => new Date(clock.now) });
          const otherFile = new ReadModelDb(join(shared.file, '..'), shared.file);
          const errors: Error[] = [];
          const projectors = [
            new Projector(events, shared, { onError: (e) => errors.push(e) }),
            new Projector(other, otherFile, { onError: (e) => errors.push(e) }),
          ];
          try {
            // One after the other: a replay from zero holds the file's write lock until it commits.
            for (const p of projectors) await p.start();
            // Appends alternate between the processes; each waits for its own projector only, so the
            // other one applies them later, or finds them applied and its cached state stale.
            let turn = 0;
            const alternating = {
              appendToStream: (...args: Parameters<EventStore['appendToStream']>) => [events, other][turn++ % 2]!.appendToStream(...args),
            } as EventStore;
            const { log } = await writeHistory(alternating, clock, steps, (position) => projectors[(turn - 1) % 2]!.waitFor(position));
            const head = (await events.readAll({ after: 0n, maxCount: 100_000 })).at(-1)!.position;
            await Promise.all(projectors.map((p) => p.waitFor(head, 5_000)));
            await Promise.all(projectors.map((p) => p.stop()));
            expect(log.length).toBeGreaterThan(0);
            // Neither failed a batch on the other's lock or snapshot (each such failure costs a retry delay).
            expect(errors.map(String)).toEqual([]);

            const once = new Projector(events, replayed);
            await once.start();
            await once.stop();
            expect(dump(shared)).toEqual(dump(replayed));
          } finally {
            otherFile.close();
            await other.close();
          }
        }),
      ),
      { numRuns: 15 },
    );
  });

  it('stopped part-way keeps what it replayed, and catching up from there gives the same read model', async () => {
    await fc.assert(
      fc.asyncProperty(historySteps, (steps) =>
        withLogAndTwoReadModels(async (events, clock, resumed, whole) => {
          await writeHistory(events, clock, steps);
          // Stopped after its first small batch, as a shutdown during a rebuild would.
          const first = new Projector(events, resumed, { maxBatch: 3 });
          const firstBatch = new Promise<void>((resolve) => first.onProjected(() => resolve()));
          void first.start();
          await firstBatch;
          await first.stop();
          expect(resumed.checkpoint().position).toBeGreaterThan(0n);
          const second = new Projector(events, resumed);
          await second.start();
          await second.stop();

          const once = new Projector(events, whole);
          await once.start();
          await once.stop();
          expect(dump(resumed)).toEqual(dump(whole));
        }),
      ),
      { numRuns: 20 },
    );
  });
});
