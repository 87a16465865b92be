import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DAY_MS, ORIGINS, PRIORITIES, RECOMMENDATION_STATUSES } from '@gov/domain';
import { SqliteEventStore } from '@gov/event-store';
import { Projector } from './projector';
import { ReadModelDb } from './read-model-db';
import { RecommendationFilter, RecommendationQueries, matchesFilter } from './recommendation-queries';
import { T0, historySteps, unitIds, writeHistory } from './testing/recommendation-histories';

const day = fc.integer({ min: -30, max: 420 }).map((n) => new Date(T0 + n * DAY_MS).toISOString().slice(0, 10));
const instant = fc.integer({ min: -30, max: 60 }).map((n) => new Date(T0 + n * 3_600_000).toISOString());
const some = <T>(values: readonly T[]) => fc.option(fc.subarray([...values], { minLength: 1 }), { nil: undefined });

/** Filters over the values the generated histories use, and some they never do. */
const filter: fc.Arbitrary<RecommendationFilter> = fc.record(
  {
    bodyIds: some(['b', 'another body']),
    unitId: fc.constantFrom(...unitIds, 'no such unit'),
    leadOnly: fc.boolean(),
    statuses: some(RECOMMENDATION_STATUSES),
    overdue: fc.boolean(),
    dueFrom: day,
    dueTo: day,
    adoptedFrom: instant,
    adoptedTo: instant,
    origins: some(ORIGINS),
    priorities: some(PRIORITIES),
    text: fc.constantFrom('т', ' Т ', '1', 'нет такого', ''),
    extensionPending: fc.boolean(),
    publishedOnly: fc.boolean(),
  },
  { requiredKeys: [] },
);

describe('the subscription filter', () => {
  it('pushes a change exactly when the query with the same filter, at the same moment, lists the recommendation', async () => {
    await fc.assert(
      fc.asyncProperty(
        historySteps,
        fc.array(filter, { minLength: 5, maxLength: 5 }),
        fc.integer({ min: 0, max: 500 }),
        async (steps, filters, daysLater) => {
          const dir = mkdtempSync(join(tmpdir(), 'gov-filter-'));
          const clock = { now: T0 };
          const events = new SqliteEventStore({ dataDir: dir, now: () => new Date(clock.now) });
          const readModel = new ReadModelDb(dir);
          try {
            const { ids } = await writeHistory(events, clock, steps);
            const projector = new Projector(events, readModel);
            await projector.start();
            await projector.stop();
            const queries = new RecommendationQueries(readModel.db);
            const now = new Date(T0 + daysLater * DAY_MS);
            for (const f of filters) {
              const listed = new Set(queries.list({ filter: f, now, first: 200 }).nodes.map((n) => n.node.id));
              for (const id of ids) expect([id, matchesFilter(queries.byId(id, now)!, f)]).toEqual([id, listed.has(id)]);
            }
          } finally {
            readModel.close();
            await events.close();
            rmSync(dir, { recursive: true, force: true });
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});
