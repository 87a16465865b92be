import { Decider, DomainCommand, DomainEvent } from '../common/decider';
import { DomainErrorCode, fail, invalidTransition } from '../common/domain-error';
import { requireId } from '../common/ids';
import { Contacts, requireContacts } from '../common/contacts';
import { MultilingualText, requireText, requireString } from '../common/text';

export const UNIT_KINDS = ['POLICE_DEPARTMENT', 'DISTRICT_DEPARTMENT', 'SERVICE', 'EXTERNAL_ORGANIZATION'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];
export type UnitStatus = 'NONE' | 'ACTIVE' | 'INACTIVE';

/** What the write side knows about another unit when a rule needs it. */
export interface UnitFact {
  id: string;
  status: UnitStatus;
}

export type UnitEvent =
  | DomainEvent<
      'UnitRegistered',
      { unitId: string; name: MultilingualText; kind: UnitKind; parentUnitId: string | null; registeredAt: string }
    >
  | DomainEvent<'UnitRenamed', { unitId: string; name: MultilingualText; renamedAt: string }>
  | DomainEvent<'UnitDeactivated', { unitId: string; reason: string; deactivatedAt: string }>
  | DomainEvent<'UnitContactsSet', { unitId: string; emails: string[]; language: Contacts['language']; digest?: boolean; setAt: string }>;

export type UnitCommand =
  | DomainCommand<'RegisterUnit', { unitId: string; name: MultilingualText; kind: UnitKind; parent?: UnitFact | null; at: string }>
  | DomainCommand<'RenameUnit', { name: MultilingualText; at: string }>
  | DomainCommand<'DeactivateUnit', { reason: string; at: string }>
  | DomainCommand<'SetUnitContacts', { emails: string[]; language: string; digest?: boolean; at: string }>;

export interface UnitState {
  status: UnitStatus;
  id: string | null;
  name: MultilingualText | null;
  kind: UnitKind | null;
  parentUnitId: string | null;
  contacts: Contacts | null;
}

export function requireActiveUnit(fact: UnitFact | null | undefined, id: string): void {
  if (!fact || fact.status === 'NONE') fail(DomainErrorCode.UNIT_NOT_FOUND, `unit ${id} is not registered`, { unitId: id });
  if (fact.status !== 'ACTIVE') fail(DomainErrorCode.UNIT_INACTIVE, `unit ${id} is deactivated`, { unitId: id });
}

export const unitDecider: Decider<UnitState, UnitCommand, UnitEvent> = {
  initialState: () => ({ status: 'NONE', id: null, name: null, kind: null, parentUnitId: null, contacts: null }),

  decide(command, state) {
    switch (command.type) {
      case 'RegisterUnit': {
        const d = command.data;
        if (state.status !== 'NONE') fail(DomainErrorCode.ALREADY_EXISTS, 'this unit is already registered');
        if (!UNIT_KINDS.includes(d.kind)) fail(DomainErrorCode.VALIDATION_FAILED, `unknown unit kind ${d.kind}`);
        const unitId = requireId('unitId', d.unitId);
        let parentUnitId: string | null = null;
        if (d.parent) {
          requireActiveUnit(d.parent, d.parent.id);
          parentUnitId = d.parent.id;
          if (parentUnitId === unitId) fail(DomainErrorCode.VALIDATION_FAILED, 'a unit cannot be its own parent');
        }
        return [
          {
            type: 'UnitRegistered',
            data: { unitId, name: requireText('name', d.name, 500), kind: d.kind, parentUnitId, registeredAt: d.at },
          },
        ];
      }
      case 'RenameUnit':
        if (state.status !== 'ACTIVE') invalidTransition('unit', command.type, state.status);
        return [
          {
            type: 'UnitRenamed',
            data: { unitId: state.id!, name: requireText('name', command.data.name, 500), renamedAt: command.data.at },
          },
        ];
      case 'DeactivateUnit':
        if (state.status !== 'ACTIVE') invalidTransition('unit', command.type, state.status);
        return [
          {
            type: 'UnitDeactivated',
            data: { unitId: state.id!, reason: requireString('reason', command.data.reason), deactivatedAt: command.data.at },
          },
        ];
      case 'SetUnitContacts': {
        if (state.status !== 'ACTIVE') invalidTransition('unit', command.type, state.status);
        const contacts = requireContacts(command.data.emails, command.data.language, command.data.digest);
        return [{ type: 'UnitContactsSet', data: { unitId: state.id!, ...contacts, setAt: command.data.at } }];
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'UnitRegistered':
        return {
          status: 'ACTIVE',
          id: event.data.unitId,
          name: event.data.name,
          kind: event.data.kind,
          parentUnitId: event.data.parentUnitId,
          contacts: null,
        };
      case 'UnitRenamed':
        return { ...state, name: event.data.name };
      case 'UnitDeactivated':
        return { ...state, status: 'INACTIVE' };
      case 'UnitContactsSet':
        return { ...state, contacts: { emails: event.data.emails, language: event.data.language, digest: event.data.digest ?? false } };
    }
  },
};
