import { OrganisationQueries } from './organisation.queries';
import { projectBothWays } from '../testing/project-both-ways';

describe('organisation projection', () => {
  it('keeps units, bodies and their current and former members, with the revision of their last event', async () => {
    await projectBothWays(
      async (append) => {
        await append(
          'unit-u',
          {
            type: 'UnitRegistered',
            data: { unitId: 'u', name: { ru: 'Отдел' }, kind: 'SERVICE', parentUnitId: null, registeredAt: '2026-01-01T00:00:00.000Z' },
          },
          { type: 'UnitRenamed', data: { unitId: 'u', name: { kk: 'Бөлім' }, renamedAt: '2026-01-02T00:00:00.000Z' } },
          { type: 'UnitDeactivated', data: { unitId: 'u', reason: 'r', deactivatedAt: '2026-01-03T00:00:00.000Z' } },
        );
        await append(
          'body-b',
          {
            type: 'BodyEstablished',
            data: {
              bodyId: 'b',
              name: { ru: 'Совет' },
              kind: 'PUBLIC_COUNCIL',
              hostUnitId: 'u',
              region: 'Astana',
              establishedAt: '2026-01-01T00:00:00.000Z',
            },
          },
          {
            type: 'MemberAppointed',
            data: { bodyId: 'b', memberId: 'm1', fullName: 'A', role: 'CHAIR', affiliation: null, appointedAt: '2026-01-02T00:00:00.000Z' },
          },
          {
            type: 'MemberAppointed',
            data: {
              bodyId: 'b',
              memberId: 'm2',
              fullName: 'B',
              role: 'MEMBER',
              affiliation: 'NGO',
              appointedAt: '2026-01-03T00:00:00.000Z',
            },
          },
          {
            type: 'MemberRoleChanged',
            data: { bodyId: 'b', memberId: 'm2', role: 'SECRETARY', previousRole: 'MEMBER', changedAt: '2026-01-04T00:00:00.000Z' },
          },
          { type: 'MemberLeft', data: { bodyId: 'b', memberId: 'm1', reason: null, leftAt: '2026-01-05T00:00:00.000Z' } },
          { type: 'BodyDissolved', data: { bodyId: 'b', reason: 'r', dissolvedAt: '2026-01-06T00:00:00.000Z' } },
        );
      },
      (readModel) => {
        const queries = new OrganisationQueries(readModel.db);
        expect(queries.units()).toEqual([
          {
            id: 'u',
            name: { kk: 'Бөлім' },
            kind: 'SERVICE',
            parentUnitId: null,
            status: 'INACTIVE',
            registeredAt: '2026-01-01T00:00:00.000Z',
            revision: '2',
          },
        ]);
        expect(queries.bodies(['b'])).toMatchObject([{ id: 'b', status: 'DISSOLVED', hostUnitId: 'u', revision: '5' }]);
        expect(queries.members('b')).toMatchObject([{ memberId: 'm2', role: 'SECRETARY', affiliation: 'NGO', leftAt: null }]);
        expect(queries.members('b', true).map((m) => [m.memberId, m.leftAt])).toEqual([
          ['m1', '2026-01-05T00:00:00.000Z'],
          ['m2', null],
        ]);
      },
    );
  });
});
