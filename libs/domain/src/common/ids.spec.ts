import { STREAM_KINDS, parseStreamId, streamIds } from './ids';

describe('stream ids', () => {
  const id = '6f1c2a0e-3b4d-4e5f-8a9b-0c1d2e3f4a5b';

  it.each(STREAM_KINDS)('a %s stream parses back to its kind and entity id', (kind) => {
    expect(parseStreamId(streamIds[kind](id))).toEqual({ kind, id });
  });

  it('an entity id containing dashes is kept whole', () => {
    expect(parseStreamId('recommendation-a-b-c')).toEqual({ kind: 'recommendation', id: 'a-b-c' });
  });

  it.each(['notification-' + id, '$projections', 'recommendation-', 'recommendations-x', 'unit', ''])(
    '%j is no aggregate’s stream',
    (streamId) => {
      expect(parseStreamId(streamId)).toBeNull();
    },
  );
});
