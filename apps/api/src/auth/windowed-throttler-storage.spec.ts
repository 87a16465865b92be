import { WindowedThrottlerStorage } from './windowed-throttler-storage';

const MINUTE = 60_000;

describe('per-identity rate limit counters', () => {
  let clock: number;
  let storage: WindowedThrottlerStorage;
  const hit = (key = 'sub:officer', limit = 5) => storage.increment(key, MINUTE, limit, 0, 'default');

  beforeEach(() => {
    clock = 1_000_000;
    storage = new WindowedThrottlerStorage(() => clock);
  });
  afterEach(() => storage.onApplicationShutdown());

  it('lets an identity make `limit` requests in a window and refuses the next', async () => {
    for (let i = 1; i <= 5; i++) expect(await hit()).toMatchObject({ totalHits: i, isBlocked: false });
    const refused = await hit();
    expect(refused.isBlocked).toBe(true);
    expect(refused.timeToBlockExpire).toBe(60);
  });

  it('counts each identity apart', async () => {
    for (let i = 0; i < 5; i++) await hit('sub:a');
    expect((await hit('sub:a')).isBlocked).toBe(true);
    expect((await hit('sub:b')).isBlocked).toBe(false);
  });

  it('stays blocked for the block duration, then lets requests through again', async () => {
    for (let i = 0; i < 6; i++) await hit();
    clock += MINUTE - 1;
    expect((await hit()).isBlocked).toBe(true);
    clock += 1;
    // A served block starts the count afresh.
    for (let i = 1; i <= 5; i++) expect(await hit()).toMatchObject({ totalHits: i, isBlocked: false });
    expect((await hit()).isBlocked).toBe(true);
  });

  it('weighs the previous window by how much of it the sliding window still covers', async () => {
    for (let i = 0; i < 4; i++) await hit('sub:x', 4);
    clock += MINUTE + MINUTE / 2;
    // Half of the previous window's 4 hits still count: 2 more are allowed, the third is refused.
    expect((await hit('sub:x', 4)).isBlocked).toBe(false);
    expect((await hit('sub:x', 4)).isBlocked).toBe(false);
    expect((await hit('sub:x', 4)).isBlocked).toBe(true);
  });

  it('forgets identities that have been idle for two windows', async () => {
    await hit('sub:gone');
    clock += MINUTE;
    await hit('sub:recent');
    storage.evictIdle();
    expect(storage.size).toBe(2);
    clock += MINUTE;
    storage.evictIdle();
    expect(storage.size).toBe(1);
  });
});
