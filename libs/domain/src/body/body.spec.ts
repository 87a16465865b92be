import { deciderSpec, uuid } from '../testing/decider-spec';
import { BodyEvent, bodyDecider } from './body';

const spec = deciderSpec(bodyDecider);
const at = '2026-01-10T09:00:00.000Z';
const bodyId = uuid(10);
const hostUnitId = uuid(11);
const chair = uuid(12);
const member = uuid(13);
const established: BodyEvent = {
  type: 'BodyEstablished',
  data: {
    bodyId,
    name: { ru: 'КСО при ДП Карагандинской области' },
    kind: 'CONSULTATIVE_ADVISORY',
    hostUnitId,
    region: 'Karaganda',
    establishedAt: at,
  },
};
const chairAppointed: BodyEvent = {
  type: 'MemberAppointed',
  data: { bodyId, memberId: chair, fullName: 'Айгуль Ш.', role: 'CHAIR', affiliation: 'Bar association', appointedAt: at },
};
const memberAppointed: BodyEvent = {
  type: 'MemberAppointed',
  data: { bodyId, memberId: member, fullName: 'Арман Б.', role: 'MEMBER', affiliation: null, appointedAt: at },
};

describe('body', () => {
  it('is established by an active host unit', () =>
    spec()
      .when({
        type: 'EstablishBody',
        data: {
          bodyId,
          name: established.data.name,
          kind: 'CONSULTATIVE_ADVISORY',
          hostUnitId,
          hostUnit: { id: hostUnitId, status: 'ACTIVE' },
          region: 'Karaganda',
          at,
        },
      })
      .then([established]));

  it('needs a registered, active host unit', () => {
    const cmd = (status: 'NONE' | 'INACTIVE') => ({
      type: 'EstablishBody' as const,
      data: { bodyId, name: { ru: 'x' }, kind: 'OTHER' as const, hostUnitId, hostUnit: { id: hostUnitId, status }, region: 'r', at },
    });
    spec().when(cmd('NONE')).thenFails('UNIT_NOT_FOUND');
    spec().when(cmd('INACTIVE')).thenFails('UNIT_INACTIVE');
  });

  it('cannot be established twice', () =>
    spec([established])
      .when({
        type: 'EstablishBody',
        data: { bodyId, name: { ru: 'x' }, kind: 'OTHER', hostUnitId, hostUnit: { id: hostUnitId, status: 'ACTIVE' }, region: 'r', at },
      })
      .thenFails('ALREADY_EXISTS'));

  it('appoints members, with one chair at a time', () => {
    spec([established])
      .when({ type: 'AppointMember', data: { memberId: chair, fullName: 'Айгуль Ш.', role: 'CHAIR', affiliation: 'Bar association', at } })
      .then([chairAppointed]);
    spec([established, chairAppointed])
      .when({ type: 'AppointMember', data: { memberId: member, fullName: 'B', role: 'CHAIR', at } })
      .thenFails('ROLE_TAKEN');
    spec([established, chairAppointed])
      .when({ type: 'AppointMember', data: { memberId: chair, fullName: 'B', role: 'MEMBER', at } })
      .thenFails('ALREADY_EXISTS');
    spec([established])
      .when({ type: 'AppointMember', data: { memberId: member, fullName: 'B', role: 'BOSS' as never, at } })
      .thenFails('VALIDATION_FAILED');
  });

  it('changes a member role unless the role is held or unchanged', () => {
    spec([established, chairAppointed, memberAppointed])
      .when({ type: 'ChangeMemberRole', data: { memberId: member, role: 'SECRETARY', at } })
      .then([{ type: 'MemberRoleChanged', data: { bodyId, memberId: member, role: 'SECRETARY', previousRole: 'MEMBER', changedAt: at } }]);
    spec([established, chairAppointed, memberAppointed])
      .when({ type: 'ChangeMemberRole', data: { memberId: member, role: 'CHAIR', at } })
      .thenFails('ROLE_TAKEN');
    spec([established, memberAppointed])
      .when({ type: 'ChangeMemberRole', data: { memberId: member, role: 'MEMBER', at } })
      .thenFails('INVALID_TRANSITION');
    spec([established])
      .when({ type: 'ChangeMemberRole', data: { memberId: member, role: 'CHAIR', at } })
      .thenFails('MEMBER_NOT_FOUND');
  });

  it('lets a member leave, and frees the role', () => {
    const left: BodyEvent = { type: 'MemberLeft', data: { bodyId, memberId: chair, reason: null, leftAt: at } };
    spec([established, chairAppointed])
      .when({ type: 'RemoveMember', data: { memberId: chair, at } })
      .then([left]);
    spec([established, chairAppointed, left])
      .when({ type: 'AppointMember', data: { memberId: member, fullName: 'B', role: 'CHAIR', at } })
      .thenMatches([{ type: 'MemberAppointed' }]);
    spec([established])
      .when({ type: 'RemoveMember', data: { memberId: chair, at } })
      .thenFails('MEMBER_NOT_FOUND');
  });

  it('is dissolved, after which nothing changes it', () => {
    const dissolved: BodyEvent = { type: 'BodyDissolved', data: { bodyId, reason: 'merged', dissolvedAt: at } };
    spec([established])
      .when({ type: 'DissolveBody', data: { reason: 'merged', at } })
      .then([dissolved]);
    spec([established, dissolved])
      .when({ type: 'AppointMember', data: { memberId: member, fullName: 'B', role: 'MEMBER', at } })
      .thenFails('BODY_NOT_ACTIVE');
    spec()
      .when({ type: 'DissolveBody', data: { reason: 'x', at } })
      .thenFails('NOT_FOUND');
  });

  it("sets the secretariat's notification addresses and language", () =>
    spec([established])
      .when({ type: 'SetBodyContacts', data: { emails: ['kso@police.kz'], language: 'ru', at } })
      .then([{ type: 'BodyContactsSet', data: { bodyId, emails: ['kso@police.kz'], language: 'ru', digest: false, setAt: at } }]));

  it('sets no contacts on a dissolved body', () =>
    spec([established, { type: 'BodyDissolved', data: { bodyId, reason: 'merged', dissolvedAt: at } }])
      .when({ type: 'SetBodyContacts', data: { emails: [], language: 'en', at } })
      .thenFails('BODY_NOT_ACTIVE'));
});
