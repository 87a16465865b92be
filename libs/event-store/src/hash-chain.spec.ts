import { GENESIS_HASH, canonicalJson, chainEvents, chainHash } from './hash-chain';

// Stored chains were hashed with these exact bytes: a faster canonical form must produce the same
// text and the same hash, or every event already in a log would stop verifying.
const data = {
  zeta: 'Ход исполнения',
  alpha: [3, { b: null, a: 'x"y', c: undefined }, [], {}],
  É: true,
  Z: 1.5e-7,
  nested: { k2: [undefined, false], k1: -0 },
};

describe('canonical JSON and the chain hash', () => {
  it('sorts keys at every depth by code unit, drops undefined members and writes undefined array items as null', () => {
    expect(canonicalJson(data)).toBe(
      '{"Z":1.5e-7,"alpha":[3,{"a":"x\\"y","b":null},[],{}],"nested":{"k1":0,"k2":[null,false]},"zeta":"Ход исполнения","É":true}',
    );
  });

  it('hashes an event the same whatever order its data keys were built in', () => {
    const reordered = {
      nested: { k1: 0, k2: [null, false] },
      Z: 1.5e-7,
      É: true,
      alpha: [3, { a: 'x"y', b: null }, [], {}],
      zeta: 'Ход исполнения',
    };
    expect(chainHash('0'.repeat(64), 'ProgressReported', reordered)).toBe(chainHash('0'.repeat(64), 'ProgressReported', data));
  });

  it('keeps the hash that events already in the log were written with', () => {
    expect(chainHash('0'.repeat(64), 'ProgressReported', data)).toBe('4e1d42e05fe7559746d0d9aaf594a69980411501fe071121839f6c95d687f68e');
  });

  it('writes scalars as JSON does', () => {
    expect([null, 'a', 1, false, undefined].map(canonicalJson)).toEqual(['null', '"a"', '1', 'false', 'null']);
  });
});

describe('numbering and chaining the events of an append', () => {
  const reported = { type: 'ProgressReported', data: { percent: 40 } };
  const closed = { type: 'TaskClosed', data: { by: 'secretary' } };

  it('starts a new stream at revision 0 on the genesis hash', () => {
    const { chained, head } = chainEvents(undefined, [reported, closed]);
    const first = chainHash(GENESIS_HASH, reported.type, reported.data);
    const second = chainHash(first, closed.type, closed.data);
    expect(chained).toEqual([
      { event: reported, revision: 0n, prevHash: GENESIS_HASH, hash: first },
      { event: closed, revision: 1n, prevHash: first, hash: second },
    ]);
    expect(head).toEqual({ revision: 1n, hash: second });
  });

  it('continues a stream after its last revision, chained onto its last hash', () => {
    const last = { revision: 6n, hash: 'a'.repeat(64) };
    const { chained, head } = chainEvents(last, [closed]);
    const hash = chainHash(last.hash, closed.type, closed.data);
    expect(chained).toEqual([{ event: closed, revision: 7n, prevHash: last.hash, hash }]);
    expect(head).toEqual({ revision: 7n, hash });
  });

  it('leaves the head as it was when the append carries no events', () => {
    const last = { revision: 6n, hash: 'a'.repeat(64) };
    expect(chainEvents(last, [])).toEqual({ chained: [], head: last });
    expect(chainEvents(undefined, [])).toEqual({ chained: [], head: { revision: -1n, hash: GENESIS_HASH } });
  });
});
