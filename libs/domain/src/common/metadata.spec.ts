import { governanceMetadata, nameUuid, readGovernanceMetadata } from './metadata';
import { upcasters } from './upcast';

describe('governance metadata', () => {
  const cause = {
    actor: { sub: 'u1', name: 'Айгерім', roles: ['secretary:b1'], role: 'secretary:b1' },
    commandId: 'c1',
    commandType: 'ScheduleMeeting',
    correlationId: 'corr',
    causationId: 'c1',
    occurredAt: '2026-03-01T10:00:00.000Z',
  };

  it('the built metadata reads back as written, with the event type’s current schema version', () => {
    const written = governanceMetadata(cause, 'MeetingScheduled');
    expect(written.schemaVersion).toBe(upcasters.currentVersion('MeetingScheduled'));
    expect(readGovernanceMetadata(JSON.parse(JSON.stringify(written)) as Record<string, unknown>)).toEqual(written);
  });

  it('an event written without metadata reads as nothing known', () => {
    expect(readGovernanceMetadata({ prevHash: 'x', hash: 'y' })).toEqual({});
  });

  it('a field of the wrong type counts as absent; an actor without a name is named by its subject', () => {
    expect(
      readGovernanceMetadata({ actor: { sub: 'u2', roles: ['admin', 3] }, commandId: 7, occurredAt: null, schemaVersion: '2' }),
    ).toEqual({
      actor: { sub: 'u2', name: 'u2', roles: ['admin'], role: null },
    });
    expect(readGovernanceMetadata({ actor: { name: 'no subject' }, commandId: null })).toEqual({ commandId: null });
  });

  it('a name-based UUID is the same for the same seed, differs for another, and is laid out as version 5', () => {
    const id = nameUuid('cmd-1:recommendation-x:0');
    expect(id).toBe(nameUuid('cmd-1:recommendation-x:0'));
    expect(id).not.toBe(nameUuid('cmd-1:recommendation-x:1'));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
