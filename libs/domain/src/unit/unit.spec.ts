import { deciderSpec, uuid } from '../testing/decider-spec';
import { UnitEvent, unitDecider } from './unit';

const spec = deciderSpec(unitDecider);
const at = '2026-01-10T09:00:00.000Z';
const unitId = uuid(1);
const parentId = uuid(2);
const registered: UnitEvent = {
  type: 'UnitRegistered',
  data: { unitId, name: { ru: 'ДП Карагандинской области' }, kind: 'POLICE_DEPARTMENT', parentUnitId: null, registeredAt: at },
};

describe('unit', () => {
  it('registers a unit under an active parent', () =>
    spec()
      .when({
        type: 'RegisterUnit',
        data: {
          unitId,
          name: { kk: 'Қарағанды ОПД', en: '' },
          kind: 'DISTRICT_DEPARTMENT',
          parent: { id: parentId, status: 'ACTIVE' },
          at,
        },
      })
      .then([
        {
          type: 'UnitRegistered',
          data: { unitId, name: { kk: 'Қарағанды ОПД' }, kind: 'DISTRICT_DEPARTMENT', parentUnitId: parentId, registeredAt: at },
        },
      ]));

  it('cannot be registered twice', () =>
    spec([registered])
      .when({ type: 'RegisterUnit', data: { unitId, name: { ru: 'x' }, kind: 'SERVICE', at } })
      .thenFails('ALREADY_EXISTS'));

  it('needs a name in at least one language', () =>
    spec()
      .when({ type: 'RegisterUnit', data: { unitId, name: { ru: '  ' }, kind: 'SERVICE', at } })
      .thenFails('VALIDATION_FAILED'));

  it('rejects an unknown kind', () =>
    spec()
      .when({ type: 'RegisterUnit', data: { unitId, name: { ru: 'x' }, kind: 'ARMY' as never, at } })
      .thenFails('VALIDATION_FAILED'));

  it('cannot sit under a parent that is not registered', () =>
    spec()
      .when({ type: 'RegisterUnit', data: { unitId, name: { ru: 'x' }, kind: 'SERVICE', parent: { id: parentId, status: 'NONE' }, at } })
      .thenFails('UNIT_NOT_FOUND'));

  it('cannot sit under a deactivated parent', () =>
    spec()
      .when({
        type: 'RegisterUnit',
        data: { unitId, name: { ru: 'x' }, kind: 'SERVICE', parent: { id: parentId, status: 'INACTIVE' }, at },
      })
      .thenFails('UNIT_INACTIVE'));

  it('is renamed', () =>
    spec([registered])
      .when({ type: 'RenameUnit', data: { name: { en: 'Karaganda PD' }, at } })
      .then([{ type: 'UnitRenamed', data: { unitId, name: { en: 'Karaganda PD' }, renamedAt: at } }]));

  it('cannot be renamed before it is registered', () =>
    spec()
      .when({ type: 'RenameUnit', data: { name: { en: 'x' }, at } })
      .thenFails('INVALID_TRANSITION'));

  it('is deactivated once, with a reason', () => {
    spec([registered])
      .when({ type: 'DeactivateUnit', data: { reason: 'reorganised', at } })
      .then([{ type: 'UnitDeactivated', data: { unitId, reason: 'reorganised', deactivatedAt: at } }]);
    spec([registered, { type: 'UnitDeactivated', data: { unitId, reason: 'r', deactivatedAt: at } }])
      .when({ type: 'DeactivateUnit', data: { reason: 'again', at } })
      .thenFails('INVALID_TRANSITION');
    spec([registered])
      .when({ type: 'DeactivateUnit', data: { reason: '', at } })
      .thenFails('VALIDATION_FAILED');
  });

  it('keeps notification addresses normalised: trimmed, domain lower-cased, duplicates once', () =>
    spec([registered])
      .when({ type: 'SetUnitContacts', data: { emails: [' Duty@Police.KZ ', 'Duty@police.kz', 'zh@Mail.KZ'], language: 'kk', at } })
      .then([
        { type: 'UnitContactsSet', data: { unitId, emails: ['Duty@police.kz', 'zh@mail.kz'], language: 'kk', digest: false, setAt: at } },
      ]));

  it('takes a daily digest instead of single messages when asked, and nothing but true or false for it', () => {
    spec([registered])
      .when({ type: 'SetUnitContacts', data: { emails: ['duty@police.kz'], language: 'ru', digest: true, at } })
      .then([{ type: 'UnitContactsSet', data: { unitId, emails: ['duty@police.kz'], language: 'ru', digest: true, setAt: at } }]);
    spec([registered])
      .when({ type: 'SetUnitContacts', data: { emails: [], language: 'ru', digest: 'daily' as unknown as boolean, at } })
      .thenFails('VALIDATION_FAILED');
  });

  it('refuses an address that is not one, and a language it cannot write', () => {
    spec([registered])
      .when({ type: 'SetUnitContacts', data: { emails: ['duty at police.kz'], language: 'ru', at } })
      .thenFails('VALIDATION_FAILED');
    spec([registered])
      .when({ type: 'SetUnitContacts', data: { emails: ['a@b.kz'], language: 'de', at } })
      .thenFails('VALIDATION_FAILED');
  });

  it('has no contacts to set before it is registered', () =>
    spec()
      .when({ type: 'SetUnitContacts', data: { emails: [], language: 'ru', at } })
      .thenFails('INVALID_TRANSITION'));
});
