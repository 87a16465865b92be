import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DAY_MS, ORIGINS, PRIORITIES, RECOMMENDATION_STATUSES } from '@gov/domain';
import { SqliteEventStore } from '@gov/event-store';
import { Projector } from './projector';
import { ReadModelDb } from './read-model-db';
import { RecommendationFilter, matchesFilter } from './projections/recommendation-filter';
import { RecommendationQueries } from './projections/recommendation-rows.queries';
import { HistoryStep, T0, historySteps, unitIds, writeHistory } from './testing/recommendation-histories';

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

/** Writes a history, projects it into a fresh read model, and hands its queries and recommendation ids to `check`. */
async function projected(steps: HistoryStep[], check: (queries: RecommendationQueries, ids: string[]) => void): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'gov-filter-'));
  const clock = { now: T0 };
  const events = new SqliteEventStore({ dataDir: dir, now: () => new Date(clock.now) });
  const readModel = new ReadModelDb(dir);
  try {
    const { ids } = await writeHistory(events, clock, steps);
    const projector = new Projector(events, readModel);
    await projector.start();
    await projector.stop();
    check(new RecommendationQueries(readModel.db), ids);
  } finally {
    readModel.close();
    await events.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the subscription filter', () => {
  it('pushes a change exactly when the query with the same filter, at the same moment, lists the recommendation', async () => {
    await fc.assert(
      fc.asyncProperty(
        historySteps,
        fc.array(filter, { minLength: 5, maxLength: 5 }),
        fc.integer({ min: 0, max: 500 }),
        async (steps, filters, daysLater) => {
          await projected(steps, (queries, ids) => {
            const now = new Date(T0 + daysLater * DAY_MS);
            for (const f of filters) {
              const listed = new Set(queries.list({ filter: f, now, first: 200 }).nodes.map((n) => n.node.id));
              for (const id of ids) expect([id, matchesFilter(queries.byId(id, now)!, f)]).toEqual([id, listed.has(id)]);
            }
          });
        },
      ),
      { numRuns: 40 },
    );
  });

  it("lists a unit's overdue recommendations along the unit links exactly as the general query does, page by page", async () => {
    await fc.assert(
      fc.asyncProperty(
        historySteps,
        // The histories adopt all three at one moment: pages of one cut through ties.
        fc.integer({ min: 0, max: 500 }),
        fc.constantFrom('ADOPTED_AT_DESC' as const, 'ADOPTED_AT_ASC' as const),
        async (steps, daysLater, orderBy) => {
          await projected(steps, (queries) => {
            const now = new Date(T0 + daysLater * DAY_MS);
            // A bound every overdue recommendation meets sends the same question down the general path.
            const walk = (filter: RecommendationFilter) => {
              const ids: string[] = [];
              let after: string | undefined;
              let page;
              do {
                page = queries.list({ filter, orderBy, now, first: 1, after });
                ids.push(...page.nodes.map((n) => n.node.id));
                after = page.nodes[page.nodes.length - 1]?.cursor;
              } while (page.hasNextPage);
              return { ids, total: page.totalCount() };
            };
            for (const unitId of unitIds) {
              const viaLinks = walk({ unitId, overdue: true });
              expect(viaLinks).toEqual(walk({ unitId, overdue: true, dueTo: '9999-12-31' }));
              expect(viaLinks.total).toBe(viaLinks.ids.length);
            }
          });
        },
      ),
      { numRuns: 30 },
    );
  });
});
