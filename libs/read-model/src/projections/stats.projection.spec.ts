import { RecommendationCommand } from '@gov/domain';
import { ReadModelDb } from '../read-model-db';
import { RecommendationQueries } from './recommendation-rows.queries';
import { projectBothWays } from '../testing/project-both-ways';
import { adoption, decideAll, fixedId, unitIds } from '../testing/recommendation-histories';

const A = fixedId(1);
const B = fixedId(2);
const C = fixedId(3);
const D = fixedId(4);

const [lead] = unitIds;
const units = [{ id: lead, status: 'ACTIVE' as const }];
const assigned = (at: string): RecommendationCommand => ({
  type: 'AssignResponsibility',
  data: { leadUnitId: lead, coExecutorUnitIds: [], units, dueDate: '2026-12-31', at },
});
const closed = (at: string): RecommendationCommand => ({ type: 'CloseRecommendationNotImplemented', data: { reason: 'r', at } });
const due = (dueDate: string, at: string): RecommendationCommand => ({
  type: 'AssignResponsibility',
  data: { leadUnitId: lead, coExecutorUnitIds: [], units, dueDate, at },
});
const extended = (requestedDueDate: string, at: string): RecommendationCommand[] => [
  { type: 'RequestDeadlineExtension', data: { unitId: lead, requestedDueDate, reason: 'r', at } },
  { type: 'DecideDeadlineExtension', data: { approve: true, reason: 'r', at } },
];
/** The events of `later`, decided after `earlier` (already written). */
const then = (earlier: RecommendationCommand[], ...later: RecommendationCommand[]) =>
  decideAll([...earlier, ...later]).slice(decideAll(earlier).length);
const reopened = (at: string): RecommendationCommand => ({ type: 'ReopenRecommendation', data: { reason: 'r', at } });

const rows = (readModel: ReadModelDb, sql: string) => readModel.db.prepare(sql).all();

describe('stats projection', () => {
  it('keeps running counts per bucket and the median days to close per group, as scanning the rows finds them', async () => {
    await projectBothWays(
      async (append) => {
        // Closed after 10 and 30 days (median 20), one left open, one adopted in February.
        await append(
          `recommendation-${A}`,
          ...decideAll([adoption(A, '2026-01-01T00:00:00.000Z'), assigned('2026-01-01T00:00:00.000Z'), closed('2026-01-11T00:00:00.000Z')]),
        );
        await append(
          `recommendation-${B}`,
          ...decideAll([adoption(B, '2026-01-05T00:00:00.000Z'), assigned('2026-01-05T00:00:00.000Z'), closed('2026-02-04T00:00:00.000Z')]),
        );
        await append(`recommendation-${C}`, ...decideAll([adoption(C, '2026-01-06T00:00:00.000Z')]));
        await append(`recommendation-${D}`, ...decideAll([adoption(D, '2026-02-01T00:00:00.000Z'), assigned('2026-02-01T00:00:00.000Z')]));
      },
      (readModel) => {
        expect(rows(readModel, 'SELECT month, status, n FROM rec_counts_month WHERE n > 0 ORDER BY month, status')).toEqual([
          { month: '2026-01', status: 'ADOPTED', n: 1 },
          { month: '2026-01', status: 'CLOSED_NOT_IMPLEMENTED', n: 2 },
          { month: '2026-02', status: 'ASSIGNED', n: 1 },
        ]);
        expect(rows(readModel, 'SELECT lead_unit_id AS unit, status, n FROM rec_counts_unit WHERE n > 0 ORDER BY unit, status')).toEqual([
          { unit: '', status: 'ADOPTED', n: 1 },
          { unit: lead, status: 'ASSIGNED', n: 1 },
          { unit: lead, status: 'CLOSED_NOT_IMPLEMENTED', n: 2 },
        ]);
        expect(rows(readModel, "SELECT key, median FROM rec_medians WHERE dim IN ('NONE', 'MONTH') ORDER BY dim, key")).toEqual([
          { key: '2026-01', median: 20 },
          { key: '', median: 20 },
        ]);
        const queries = new RecommendationQueries(readModel.db);
        const now = new Date('2026-03-01T00:00:00Z');
        for (const groupBy of ['NONE', 'STATUS', 'UNIT', 'MONTH', 'BODY'] as const)
          expect(queries.stats({ groupBy, now })).toEqual(queries.stats({ groupBy, now, scan: true }));
      },
    );
  });

  it('counts overdue ones as of today from the open ones by due month, moved when a recommendation closes, reopens or gets more time', async () => {
    const [E, F, G, H, I, J] = [5, 6, 7, 8, 9, 10].map(fixedId) as [string, string, string, string, string, string];
    await projectBothWays(
      async (append) => {
        // Due in January, then given until April: not overdue on 10 March.
        const e = [adoption(E, '2026-01-02T00:00:00.000Z'), due('2026-01-31', '2026-01-02T00:00:00.000Z')];
        await append(`recommendation-${E}`, ...decideAll(e));
        await append(`recommendation-${E}`, ...then(e, ...extended('2026-04-30', '2026-01-20T00:00:00.000Z')));
        // Due in January and closed: not overdue.
        const f = [adoption(F, '2026-01-03T00:00:00.000Z'), due('2026-01-31', '2026-01-03T00:00:00.000Z')];
        await append(`recommendation-${F}`, ...decideAll(f));
        await append(`recommendation-${F}`, ...then(f, closed('2026-02-01T00:00:00.000Z')));
        // Closed, then reopened while due in February: overdue.
        const g = [
          adoption(G, '2026-01-04T00:00:00.000Z'),
          due('2026-02-10', '2026-01-04T00:00:00.000Z'),
          closed('2026-01-05T00:00:00.000Z'),
        ];
        await append(`recommendation-${G}`, ...decideAll(g));
        await append(`recommendation-${G}`, ...then(g, reopened('2026-01-06T00:00:00.000Z')));
        // Due on 5 March (overdue on the 10th), on 20 March (not yet), and never given a due date.
        await append(
          `recommendation-${H}`,
          ...decideAll([adoption(H, '2026-02-01T00:00:00.000Z'), due('2026-03-05', '2026-02-01T00:00:00.000Z')]),
        );
        await append(
          `recommendation-${I}`,
          ...decideAll([adoption(I, '2026-02-02T00:00:00.000Z'), due('2026-03-20', '2026-02-02T00:00:00.000Z')]),
        );
        await append(`recommendation-${J}`, ...decideAll([adoption(J, '2026-02-03T00:00:00.000Z')]));
      },
      (readModel) => {
        expect(
          rows(readModel, 'SELECT due_month, month, status, n FROM rec_counts_open_due_month WHERE n > 0 ORDER BY due_month, month'),
        ).toEqual([
          { due_month: '2026-02', month: '2026-01', status: 'ASSIGNED', n: 1 },
          { due_month: '2026-03', month: '2026-02', status: 'ASSIGNED', n: 2 },
          { due_month: '2026-04', month: '2026-01', status: 'ASSIGNED', n: 1 },
        ]);
        expect(
          rows(readModel, 'SELECT due_month, lead_unit_id AS unit, n FROM rec_counts_open_due_unit WHERE n > 0 ORDER BY due_month'),
        ).toEqual([
          { due_month: '2026-02', unit: lead, n: 1 },
          { due_month: '2026-03', unit: lead, n: 2 },
          { due_month: '2026-04', unit: lead, n: 1 },
        ]);
        const queries = new RecommendationQueries(readModel.db);
        const now = new Date('2026-03-10T12:00:00Z');
        const overdue = (groupBy: 'MONTH' | 'UNIT') => queries.stats({ groupBy, now }).map((g) => [g.key, g.overdue]);
        expect(overdue('MONTH')).toEqual([
          ['2026-01', 1],
          ['2026-02', 1],
        ]);
        expect(overdue('UNIT')).toEqual([
          [lead, 2],
          [null, 0],
        ]);
        for (const groupBy of ['NONE', 'STATUS', 'UNIT', 'MONTH', 'BODY'] as const)
          for (const at of [now, new Date('2026-02-01T00:00:00Z'), new Date('2026-05-01T00:00:00Z')])
            expect(queries.stats({ groupBy, now: at })).toEqual(queries.stats({ groupBy, now: at, scan: true }));
      },
    );
  });
});
