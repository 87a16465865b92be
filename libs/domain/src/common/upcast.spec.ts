import { UpcasterRegistry } from './upcast';

describe('upcasters', () => {
  it('lift an old event to the current schema step by step', () => {
    const registry = new UpcasterRegistry()
      .register('ProgressReported', 1, (d) => ({ ...d, evidence: [] }))
      .register('ProgressReported', 2, (d) => ({ ...d, note: d.comment, comment: undefined }));
    expect(registry.currentVersion('ProgressReported')).toBe(3);
    expect(registry.upcast('ProgressReported', { percent: 5, comment: 'c' }, 1).data).toEqual({
      percent: 5,
      note: 'c',
      evidence: [],
      comment: undefined,
    });
    expect(registry.upcast('ProgressReported', { percent: 5, note: 'n', evidence: [] }, 3).data).toEqual({
      percent: 5,
      note: 'n',
      evidence: [],
    });
  });

  it('leave events without upcasters as they are', () => {
    expect(new UpcasterRegistry().upcast('UnitRenamed', { name: { ru: 'x' } }).data).toEqual({ name: { ru: 'x' } });
  });
});

describe('stored events', () => {
  const registry = new UpcasterRegistry().register('ProgressReported', 1, (d) => ({ ...d, evidence: [] }));

  it('are lifted from the schema version their metadata records', () => {
    const stored = { type: 'ProgressReported', data: { percent: 5 }, metadata: { schemaVersion: 1 } };
    expect(registry.upcastStored(stored).data).toEqual({ percent: 5, evidence: [] });
    expect(registry.upcastStored({ ...stored, metadata: { schemaVersion: 2 } }).data).toEqual({ percent: 5 });
  });

  it('of a type without upcasters never have their metadata read', () => {
    const stored = {
      type: 'UnitRenamed',
      data: { unitId: 'u' },
      get metadata(): Record<string, unknown> {
        throw new Error('metadata was read');
      },
    };
    expect(registry.upcastStored(stored).data).toEqual({ unitId: 'u' });
  });
});
