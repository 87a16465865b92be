import { RecommendationCommand } from '@gov/domain';
import { ReadModelDb } from '../read-model-db';
import { RecommendationQueries } from '../recommendation-queries';
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
});
