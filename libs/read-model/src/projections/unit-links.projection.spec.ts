import { RecommendationCommand } from '@gov/domain';
import { projectBothWays } from '../testing/project-both-ways';
import { adoption, decideAll, fixedId, unitIds } from '../testing/recommendation-histories';

const R = fixedId(1);
const S = fixedId(2);

const [a, b] = unitIds;
const units = unitIds.map((id) => ({ id, status: 'ACTIVE' as const }));
const at = '2026-01-01T00:00:00.000Z';
const assign = (leadUnitId: string, coExecutorUnitIds: string[], dueDate: string): RecommendationCommand => ({
  type: 'AssignResponsibility',
  data: { leadUnitId, coExecutorUnitIds, units, dueDate, at },
});

describe('unit links projection', () => {
  it('links a recommendation to its lead and co-executors with the due date they are held to while it is open', async () => {
    await projectBothWays(
      async (append) => {
        await append(
          `recommendation-${R}`,
          ...decideAll([
            adoption(R, at),
            assign(a, [b], '2026-02-01'),
            assign(b, [], '2026-03-01'),
            { type: 'AcceptRecommendation', data: { unitId: b, at } },
            { type: 'RequestDeadlineExtension', data: { unitId: b, requestedDueDate: '2026-04-01', reason: 'r', at } },
            { type: 'DecideDeadlineExtension', data: { approve: true, reason: null, at } },
          ]),
        );
        await append(
          `recommendation-${S}`,
          ...decideAll([
            adoption(S, at),
            assign(a, [b], '2026-05-01'),
            { type: 'CloseRecommendationNotImplemented', data: { reason: 'r', at } },
          ]),
        );
      },
      (readModel) => {
        const seen = readModel.db
          .prepare(
            'SELECT r.id, l.unit_id = ? AS unit_a, l.lead, l.open_due FROM recommendation_units l JOIN recommendations r ON r.seq = l.rec ORDER BY r.id, unit_a DESC',
          )
          .all(a);
        // Reassigned to b alone, then extended; s was closed, so its units are held to no date.
        expect(seen).toEqual([
          { id: R, unit_a: 0, lead: 1, open_due: '2026-04-01' },
          { id: S, unit_a: 1, lead: 1, open_due: null },
          { id: S, unit_a: 0, lead: 0, open_due: null },
        ]);
      },
    );
  });
});
