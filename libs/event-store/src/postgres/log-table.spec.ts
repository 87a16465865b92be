import { appendedPayload, readAppendedPayload } from './log-table';

const heads = (...entries: [string, bigint][]) =>
  entries.map(([streamId, revision]) => [streamId, { revision }] as [string, { revision: bigint }]);

describe("a commit's notification names the streams it appended to", () => {
  it('reads back every stream and revision another store sent, whatever the stream id holds', () => {
    const streams = heads(['recommendation-1', 4n], ['with space', 0n], ['line\nbreak', 2n], ['Қазақ тілі', 7n]);
    expect(readAppendedPayload(appendedPayload('their-store', streams), 'my-store')).toEqual([
      ['recommendation-1', 4n],
      ['with space', 0n],
      ['line\nbreak', 2n],
      ['Қазақ тілі', 7n],
    ]);
  });

  it('tells a store nothing of its own commits, nor of a payload it cannot read', () => {
    expect(readAppendedPayload(appendedPayload('my-store', heads(['s', 1n])), 'my-store')).toEqual([]);
    expect(readAppendedPayload('', 'my-store')).toEqual([]);
    expect(readAppendedPayload('someone\nnot-a-revision s\n3 %E0%A4%A', 'my-store')).toEqual([]);
  });

  it('names as many streams as fit in a notification, and no more', () => {
    const many = heads(...Array.from({ length: 500 }, (_, i) => [`recommendation-${'x'.repeat(20)}-${i}`, BigInt(i)] as [string, bigint]));
    const payload = appendedPayload('their-store', many);
    expect(Buffer.byteLength(payload)).toBeLessThanOrEqual(7900);
    const told = readAppendedPayload(payload, 'my-store');
    expect(told.length).toBeGreaterThan(100);
    expect(told).toEqual(many.slice(0, told.length).map(([s, { revision }]) => [s, revision]));
  });
});
