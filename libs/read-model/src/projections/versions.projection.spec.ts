import { projectBothWays } from '../testing/project-both-ways';
import { adoption, decideAll, fixedId, unitIds } from '../testing/recommendation-histories';

const R = fixedId(1);

const [unit] = unitIds;
const at = '2026-01-01T00:00:00.000Z';

describe('versions projection', () => {
  it('records each change of a recommendation as it stood after it, in log order, but not comments', async () => {
    await projectBothWays(
      async (append) => {
        await append(
          `recommendation-${R}`,
          ...decideAll([
            adoption(R, at),
            {
              type: 'AssignResponsibility',
              data: { leadUnitId: unit, coExecutorUnitIds: [], units: [{ id: unit, status: 'ACTIVE' }], dueDate: '2026-02-01', at },
            },
            { type: 'AddComment', data: { commentId: fixedId(9), by: 'x', text: 'comment', at } },
            { type: 'AcceptRecommendation', data: { unitId: unit, at } },
            { type: 'ReportProgress', data: { unitId: unit, percent: 40, note: 'n', at } },
          ]),
        );
      },
      (readModel) => {
        expect(
          readModel.db
            .prepare(
              'SELECT position, status, lead_unit_id AS lead, due_date AS due, percent FROM recommendation_versions ORDER BY position',
            )
            .all(),
        ).toEqual([
          { position: 1, status: 'ADOPTED', lead: null, due: null, percent: 0 },
          { position: 2, status: 'ASSIGNED', lead: unit, due: '2026-02-01', percent: 0 },
          { position: 4, status: 'ACCEPTED', lead: unit, due: '2026-02-01', percent: 0 },
          { position: 5, status: 'IN_PROGRESS', lead: unit, due: '2026-02-01', percent: 40 },
        ]);
      },
    );
  });
});
