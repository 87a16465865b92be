import { Decider, DomainCommand, DomainEvent } from '../common/decider';
import { DomainErrorCode, fail } from '../common/domain-error';
import { requireId } from '../common/ids';
import { Contacts, requireContacts } from '../common/contacts';
import { MultilingualText, requireString, requireText } from '../common/text';
import { UnitFact, requireActiveUnit } from '../unit/unit';

export const BODY_KINDS = ['CONSULTATIVE_ADVISORY', 'PUBLIC_COUNCIL', 'OTHER'] as const;
export type BodyKind = (typeof BODY_KINDS)[number];
export const MEMBER_ROLES = ['CHAIR', 'DEPUTY_CHAIR', 'SECRETARY', 'MEMBER'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];
/** Roles a body holds at most one of at a time. */
const SINGLE_HOLDER_ROLES: MemberRole[] = ['CHAIR', 'SECRETARY'];

export interface Member {
  memberId: string;
  fullName: string;
  role: MemberRole;
  affiliation: string | null;
}

export type BodyEvent =
  | DomainEvent<
      'BodyEstablished',
      { bodyId: string; name: MultilingualText; kind: BodyKind; hostUnitId: string; region: string; establishedAt: string }
    >
  | DomainEvent<
      'MemberAppointed',
      { bodyId: string; memberId: string; fullName: string; role: MemberRole; affiliation: string | null; appointedAt: string }
    >
  | DomainEvent<'MemberRoleChanged', { bodyId: string; memberId: string; role: MemberRole; previousRole: MemberRole; changedAt: string }>
  | DomainEvent<'MemberLeft', { bodyId: string; memberId: string; reason: string | null; leftAt: string }>
  | DomainEvent<'BodyDissolved', { bodyId: string; reason: string; dissolvedAt: string }>
  | DomainEvent<'BodyContactsSet', { bodyId: string; emails: string[]; language: Contacts['language']; digest?: boolean; setAt: string }>;

export type BodyCommand =
  | DomainCommand<
      'EstablishBody',
      { bodyId: string; name: MultilingualText; kind: BodyKind; hostUnit: UnitFact | null; hostUnitId: string; region: string; at: string }
    >
  | DomainCommand<'AppointMember', { memberId: string; fullName: string; role: MemberRole; affiliation?: string | null; at: string }>
  | DomainCommand<'ChangeMemberRole', { memberId: string; role: MemberRole; at: string }>
  | DomainCommand<'RemoveMember', { memberId: string; reason?: string | null; at: string }>
  | DomainCommand<'DissolveBody', { reason: string; at: string }>
  | DomainCommand<'SetBodyContacts', { emails: string[]; language: string; digest?: boolean; at: string }>;

export interface BodyState {
  status: 'NONE' | 'ACTIVE' | 'DISSOLVED';
  id: string | null;
  name: MultilingualText | null;
  kind: BodyKind | null;
  hostUnitId: string | null;
  region: string | null;
  members: Record<string, Member>;
  contacts: Contacts | null;
}

function requireRole(role: MemberRole): MemberRole {
  if (!MEMBER_ROLES.includes(role)) fail(DomainErrorCode.VALIDATION_FAILED, `unknown member role ${role}`);
  return role;
}

function requireRoleFree(state: BodyState, role: MemberRole, exceptMemberId?: string): void {
  if (!SINGLE_HOLDER_ROLES.includes(role)) return;
  const holder = Object.values(state.members).find((m) => m.role === role && m.memberId !== exceptMemberId);
  if (holder) fail(DomainErrorCode.ROLE_TAKEN, `the body already has a ${role}: ${holder.fullName}`, { role, memberId: holder.memberId });
}

function requireMember(state: BodyState, memberId: string): Member {
  const member = state.members[memberId];
  if (!member) fail(DomainErrorCode.MEMBER_NOT_FOUND, `member ${memberId} does not sit on this body`, { memberId });
  return member;
}

export const bodyDecider: Decider<BodyState, BodyCommand, BodyEvent> = {
  initialState: () => ({ status: 'NONE', id: null, name: null, kind: null, hostUnitId: null, region: null, members: {}, contacts: null }),

  decide(command, state) {
    if (command.type === 'EstablishBody') {
      const d = command.data;
      if (state.status !== 'NONE') fail(DomainErrorCode.ALREADY_EXISTS, 'this body is already established');
      if (!BODY_KINDS.includes(d.kind)) fail(DomainErrorCode.VALIDATION_FAILED, `unknown body kind ${d.kind}`);
      requireActiveUnit(d.hostUnit, d.hostUnitId);
      return [
        {
          type: 'BodyEstablished',
          data: {
            bodyId: requireId('bodyId', d.bodyId),
            name: requireText('name', d.name, 500),
            kind: d.kind,
            hostUnitId: d.hostUnitId,
            region: requireString('region', d.region, 200),
            establishedAt: d.at,
          },
        },
      ];
    }
    if (state.status !== 'ACTIVE') {
      if (state.status === 'NONE') fail(DomainErrorCode.NOT_FOUND, 'no such body');
      fail(DomainErrorCode.BODY_NOT_ACTIVE, `${command.type} is not allowed on a dissolved body`, { command: command.type });
    }
    const bodyId = state.id!;
    switch (command.type) {
      case 'AppointMember': {
        const d = command.data;
        const memberId = requireId('memberId', d.memberId);
        if (state.members[memberId]) fail(DomainErrorCode.ALREADY_EXISTS, `member ${memberId} already sits on this body`);
        requireRoleFree(state, requireRole(d.role));
        return [
          {
            type: 'MemberAppointed',
            data: {
              bodyId,
              memberId,
              fullName: requireString('fullName', d.fullName, 300),
              role: d.role,
              affiliation: d.affiliation ? requireString('affiliation', d.affiliation, 300) : null,
              appointedAt: d.at,
            },
          },
        ];
      }
      case 'ChangeMemberRole': {
        const member = requireMember(state, command.data.memberId);
        const role = requireRole(command.data.role);
        if (member.role === role) fail(DomainErrorCode.INVALID_TRANSITION, `member already has the role ${role}`);
        requireRoleFree(state, role, member.memberId);
        return [
          {
            type: 'MemberRoleChanged',
            data: { bodyId, memberId: member.memberId, role, previousRole: member.role, changedAt: command.data.at },
          },
        ];
      }
      case 'RemoveMember': {
        const member = requireMember(state, command.data.memberId);
        return [
          {
            type: 'MemberLeft',
            data: {
              bodyId,
              memberId: member.memberId,
              reason: command.data.reason ? requireString('reason', command.data.reason) : null,
              leftAt: command.data.at,
            },
          },
        ];
      }
      case 'DissolveBody':
        return [
          { type: 'BodyDissolved', data: { bodyId, reason: requireString('reason', command.data.reason), dissolvedAt: command.data.at } },
        ];
      case 'SetBodyContacts': {
        const contacts = requireContacts(command.data.emails, command.data.language, command.data.digest);
        return [{ type: 'BodyContactsSet', data: { bodyId, ...contacts, setAt: command.data.at } }];
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'BodyEstablished': {
        const d = event.data;
        return {
          status: 'ACTIVE',
          id: d.bodyId,
          name: d.name,
          kind: d.kind,
          hostUnitId: d.hostUnitId,
          region: d.region,
          members: {},
          contacts: null,
        };
      }
      case 'MemberAppointed': {
        const { memberId, fullName, role, affiliation } = event.data;
        return { ...state, members: { ...state.members, [memberId]: { memberId, fullName, role, affiliation } } };
      }
      case 'MemberRoleChanged': {
        const member = state.members[event.data.memberId];
        // decide refuses a role change for someone who is not a member, so the event names one.
        if (!member) return state;
        return { ...state, members: { ...state.members, [member.memberId]: { ...member, role: event.data.role } } };
      }
      case 'MemberLeft': {
        const members = { ...state.members };
        delete members[event.data.memberId];
        return { ...state, members };
      }
      case 'BodyDissolved':
        return { ...state, status: 'DISSOLVED' };
      case 'BodyContactsSet':
        return { ...state, contacts: { emails: event.data.emails, language: event.data.language, digest: event.data.digest ?? false } };
    }
  },
};
