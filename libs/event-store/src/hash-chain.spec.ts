import { canonicalJson, chainHash } from './hash-chain';

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
