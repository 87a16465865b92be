import { randomUUID } from 'node:crypto';
import { CheckpointedConsumer, CheckpointedFollower } from './checkpointed-follower';
import { EventStore, RecordedEvent } from './event-store.port';
import { InMemoryEventStore } from './memory/memory-event-store';

const append = (store: EventStore, count: number) =>
  store.appendToStream(
    `s-${randomUUID()}`,
    Array.from({ length: count }, () => ({ id: randomUUID(), type: 'Happened', data: {} })),
  );

/**
 * An owner that commits each batch with its checkpoint atomically, as a SQLite transaction would:
 * a batch that fails leaves neither its events nor its checkpoint behind.
 */
class Owner implements CheckpointedConsumer {
  checkpoint = 0n;
  applied: bigint[] = [];
  batches: bigint[][] = [];
  resets = 0;
  /** Positions whose batch fails once, the first time it is applied. */
  failOnce = new Set<bigint>();

  readCheckpoint(): bigint {
    return this.checkpoint;
  }

  apply(batch: RecordedEvent[]): void {
    const positions = batch.map((e) => e.position);
    const failing = positions.find((p) => this.failOnce.has(p));
    if (failing !== undefined) {
      this.failOnce.delete(failing);
      throw new Error(`batch with ${failing} failed`);
    }
    this.applied.push(...positions);
    this.batches.push(positions);
    this.checkpoint = positions[positions.length - 1]!;
  }

  reset(): void {
    this.resets += 1;
  }
}

const upTo = (n: number) => Array.from({ length: n }, (_, i) => BigInt(i + 1));

describe('checkpointed follower', () => {
  let store: InMemoryEventStore;
  let owner: Owner;
  let errors: Error[];
  let follower: CheckpointedFollower;
  const follow = (maxBatch: number, on: EventStore = store) =>
    new CheckpointedFollower(on, owner, {
      maxBatch,
      retryDelayMs: 10,
      onError: (e) => errors.push(e),
      timeoutError: (position, reached) => Object.assign(new Error(`${position} not reached, at ${reached}`), { code: 'TIMEOUT' }),
    });

  beforeEach(() => {
    store = new InMemoryEventStore();
    owner = new Owner();
    errors = [];
  });
  afterEach(async () => {
    await follower?.stop();
    await store.close();
  });

  it('hands the owner the log in order: full batches while catching up, the rest on caught-up, then live appends', async () => {
    await append(store, 25);
    follower = follow(10);
    await follower.start();
    expect(owner.batches.map((b) => b.length)).toEqual([10, 10, 5]);
    expect(owner.applied).toEqual(upTo(25));
    expect(follower.position).toBe(25n);

    const { position } = await append(store, 3);
    await follower.waitFor(position, 30_000);
    expect(owner.applied).toEqual(upTo(28));
    expect(owner.batches.at(-1)).toEqual([26n, 27n, 28n]);
  });

  it('starts after the checkpoint the owner has committed', async () => {
    await append(store, 8);
    owner.checkpoint = 5n;
    follower = follow(10);
    await follower.start();
    expect(owner.applied).toEqual([6n, 7n, 8n]);
  });

  it('after a failed batch, resets the owner and resumes from its checkpoint: no event lost or applied twice', async () => {
    await append(store, 25);
    owner.failOnce = new Set([17n]);
    follower = follow(10);
    await follower.start();
    expect(errors.map((e) => e.message)).toEqual(['batch with 17 failed']);
    expect(owner.resets).toBe(1);
    expect(owner.applied).toEqual(upTo(25));

    // Live as well: the failed batch is applied again from the checkpoint on the retry.
    owner.failOnce = new Set([27n]);
    const { position } = await append(store, 3);
    await expect(follower.waitFor(position, 30_000)).resolves.toBeUndefined();
    expect(errors).toHaveLength(2);
    expect(owner.resets).toBe(2);
    expect(owner.applied).toEqual(upTo(28));
    expect(follower.lastError).toBeNull();
  });

  it('applies what is pending when stopped mid-batch, and a new follower resumes after it', async () => {
    await append(store, 10);
    let stopping: Promise<void> | undefined;
    // The store as it is, except that the follower is stopped while the fifth event is handed over.
    const stopAtFifth: EventStore = Object.assign(Object.create(store) as EventStore, {
      subscribeToAll: (options: Parameters<EventStore['subscribeToAll']>[0]) =>
        store.subscribeToAll({
          ...options,
          onEvent: (event: RecordedEvent) => {
            const handled = options.onEvent(event);
            if (event.position === 5n) stopping = follower.stop();
            return handled;
          },
        }),
    });
    follower = follow(100, stopAtFifth);
    void follower.start();
    await new Promise<void>((resolve) => {
      const wait = () => (stopping ? resolve() : setImmediate(wait));
      wait();
    });
    await stopping;
    expect(owner.batches).toEqual([upTo(5)]);
    expect(owner.checkpoint).toBe(5n);

    follower = follow(100);
    await follower.start();
    expect(owner.applied).toEqual(upTo(10));
  });

  it('resolves waitFor when the position is applied and rejects when it is not reached in time', async () => {
    follower = follow(10);
    await follower.start();
    const advances: bigint[] = [];
    follower.onAdvance((p) => advances.push(p));
    const waiting = follower.waitFor(2n, 30_000);
    await append(store, 2);
    await expect(waiting).resolves.toBeUndefined();
    expect(advances.at(-1)).toBe(2n);
    await expect(follower.waitFor(3n, 30)).rejects.toMatchObject({ code: 'TIMEOUT', message: '3 not reached, at 2' });
  });

  it('holds back advances of batches the owner keeps in an open transaction until it commits', async () => {
    const held: CheckpointedConsumer = { readCheckpoint: () => 0n, apply: () => false };
    await append(store, 3);
    follower = new CheckpointedFollower(store, held, { maxBatch: 10 });
    const advances: bigint[] = [];
    follower.onAdvance((p) => advances.push(p));
    await follower.start();
    expect(follower.position).toBe(3n);
    expect(advances).toEqual([]);
    follower.committed();
    expect(advances).toEqual([3n]);
  });
});
