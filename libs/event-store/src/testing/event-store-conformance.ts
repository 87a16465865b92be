import { randomUUID } from 'node:crypto';
import { EventStore, EventToAppend, IdempotencyMismatchError, RecordedEvent, WrongExpectedRevisionError } from '../event-store.port';
import { ChainVerifier } from '../hash-chain';

export interface ConformanceHarness {
  /** A store on an empty log where possible; the suite never assumes the log is empty. */
  open(): Promise<EventStore>;
  cleanup?(): Promise<void>;
}

const ev = (type: string, data: Record<string, unknown> = {}): EventToAppend => ({
  id: randomUUID(),
  type,
  data,
  metadata: { test: true },
});

async function expectConflict(promise: Promise<unknown>, actual: bigint | 'no_stream') {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WrongExpectedRevisionError);
  expect((error as WrongExpectedRevisionError).actual).toBe(actual);
}

function collect(store: EventStore, after: bigint | undefined, until: (seen: RecordedEvent[]) => boolean) {
  const seen: RecordedEvent[] = [];
  let caughtUp = false;
  let resolve!: () => void;
  const done = new Promise<void>((r) => (resolve = r));
  const subscription = store.subscribeToAll({
    after,
    onEvent: (e) => {
      seen.push(e);
      if (until(seen)) resolve();
    },
    onCaughtUp: () => (caughtUp = true),
  });
  return { seen, done, subscription, caughtUp: () => caughtUp };
}

/**
 * The one suite every event-store adapter must pass, as Emmett runs testAggregateStream against
 * each of its stores. Each test uses fresh stream names, so it also runs against a shared server.
 */
export function eventStoreConformance(name: string, harness: ConformanceHarness): void {
  describe(`event store conformance: ${name}`, () => {
    let store: EventStore;
    let stream: (label: string) => string;

    beforeAll(async () => {
      store = await harness.open();
    });
    afterAll(async () => {
      await store?.close();
      await harness.cleanup?.();
    });
    beforeEach(() => {
      const run = randomUUID().slice(0, 8);
      stream = (label) => `conformance_${label}-${run}`;
    });

    it('numbers a new stream from revision 0 with increasing global positions', async () => {
      const s = stream('new');
      const first = await store.appendToStream(s, [ev('A'), ev('B')], { expectedRevision: 'no_stream' });
      expect(first.nextExpectedRevision).toBe(1n);
      const second = await store.appendToStream(s, [ev('C')], { expectedRevision: 1n });
      expect(second.nextExpectedRevision).toBe(2n);
      expect(second.position > first.position).toBe(true);
      const events = await store.readStream(s);
      expect(events.map((e) => [e.type, e.revision])).toEqual([
        ['A', 0n],
        ['B', 1n],
        ['C', 2n],
      ]);
      expect(events[2]!.position).toBe(second.position);
      expect(Date.parse(events[0]!.recordedAt)).not.toBeNaN();
    });

    it('refuses a wrong expected revision with a conflict that carries the actual revision', async () => {
      const s = stream('conflict');
      await expectConflict(store.appendToStream(s, [ev('A')], { expectedRevision: 'stream_exists' }), 'no_stream');
      await expectConflict(store.appendToStream(s, [ev('A')], { expectedRevision: 0n }), 'no_stream');
      await store.appendToStream(s, [ev('A')], { expectedRevision: 'no_stream' });
      await expectConflict(store.appendToStream(s, [ev('B')], { expectedRevision: 'no_stream' }), 0n);
      await expectConflict(store.appendToStream(s, [ev('B')], { expectedRevision: 5n }), 0n);
      const error = await store.appendToStream(s, [ev('B')], { expectedRevision: 3n }).catch((e: unknown) => e);
      expect(error).toMatchObject({ streamId: s, expected: 3n, actual: 0n, code: 'CONFLICT' });
      await store.appendToStream(s, [ev('B')], { expectedRevision: 'stream_exists' });
      await store.appendToStream(s, [ev('C')], { expectedRevision: 'any' });
      expect((await store.readStream(s)).map((e) => e.type)).toEqual(['A', 'B', 'C']);
    });

    it('lets exactly one of two writers racing on the same revision win', async () => {
      const s = stream('race');
      await store.appendToStream(s, [ev('Start')], { expectedRevision: 'no_stream' });
      const results = await Promise.allSettled([
        store.appendToStream(s, [ev('Writer1')], { expectedRevision: 0n }),
        store.appendToStream(s, [ev('Writer2')], { expectedRevision: 0n }),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(rejected.reason).toBeInstanceOf(WrongExpectedRevisionError);
      expect(await store.readStream(s)).toHaveLength(2);
    });

    it('keeps every event when many writers retry on conflict, with no gaps in revisions', async () => {
      const s = stream('writers');
      const writer = async (n: number) => {
        for (;;) {
          const last = await store.readStream(s, { direction: 'backwards', maxCount: 1 });
          try {
            return await store.appendToStream(s, [ev('W', { n })], { expectedRevision: last[0]?.revision ?? 'no_stream' });
          } catch (e) {
            if (!(e instanceof WrongExpectedRevisionError)) throw e;
          }
        }
      };
      await Promise.all(Array.from({ length: 8 }, (_, n) => writer(n)));
      const events = await store.readStream(s);
      expect(events.map((e) => e.revision)).toEqual(Array.from({ length: 8 }, (_, i) => BigInt(i)));
      expect(new Set(events.map((e) => e.data.n)).size).toBe(8);
    });

    // Appends issued together, without awaiting in between: a store with group commit puts them
    // in one transaction, and each must still be judged on its own.
    it('commits appends issued together to different streams, each acknowledged with its own position', async () => {
      const streams = ['g1', 'g2', 'g3', 'g4', 'g5'].map(stream);
      const results = await Promise.all(
        streams.map((s, i) => store.appendToStream(s, [ev('Together', { i }), ev('Second', { i })], { expectedRevision: 'no_stream' })),
      );
      expect(results.map((r) => r.nextExpectedRevision)).toEqual(streams.map(() => 1n));
      expect(new Set(results.map((r) => r.position)).size).toBe(streams.length);
      for (const [i, s] of streams.entries()) {
        const events = await store.readStream(s);
        expect(events.map((e) => [e.type, e.data.i])).toEqual([
          ['Together', i],
          ['Second', i],
        ]);
        expect(events[1]!.position).toBe(results[i]!.position);
      }
    });

    it('fails only the conflicting one of appends issued together, and commits the others', async () => {
      const s = stream('group-conflict');
      const other = stream('group-other');
      await store.appendToStream(s, [ev('Start')], { expectedRevision: 'no_stream' });
      const [first, second, unrelated] = await Promise.allSettled([
        store.appendToStream(s, [ev('Writer1')], { expectedRevision: 0n }),
        store.appendToStream(s, [ev('Writer2')], { expectedRevision: 0n }),
        store.appendToStream(other, [ev('Elsewhere')], { expectedRevision: 'no_stream' }),
      ]);
      const writers = [first, second];
      const won = writers.filter((r) => r.status === 'fulfilled');
      const lost = writers.filter((r) => r.status === 'rejected');
      expect(won.map((r) => r.value.nextExpectedRevision)).toEqual([1n]);
      expect(lost).toHaveLength(1);
      expect(lost[0]!.reason).toMatchObject({ streamId: s, expected: 0n, actual: 1n, code: 'CONFLICT' });
      expect(unrelated).toMatchObject({ status: 'fulfilled', value: { nextExpectedRevision: 0n } });
      const types = (await store.readStream(s)).map((e) => e.type);
      expect(types).toEqual(['Start', first.status === 'fulfilled' ? 'Writer1' : 'Writer2']);
      expect((await store.readStream(other)).map((e) => e.type)).toEqual(['Elsewhere']);
    });

    it('chains appends to one stream issued together onto each other', async () => {
      const s = stream('group-chain');
      const results = await Promise.all(['A', 'B', 'C'].map((type, i) => store.appendToStream(s, [ev(type, { i })])));
      expect(results.map((r) => r.nextExpectedRevision).sort()).toEqual([0n, 1n, 2n]);
      const events = await store.readStream(s);
      expect(events.map((e) => e.type).sort()).toEqual(['A', 'B', 'C']);
      expect(events.map((e) => e.position)).toEqual([...results].sort((a, b) => Number(a.position - b.position)).map((r) => r.position));
      const verifier = new ChainVerifier();
      events.forEach((e) => verifier.check(e));
      expect(verifier.problems).toEqual([]);
    });

    it('treats a retry issued together with the original as a no-op that reports the original position', async () => {
      const s = stream('group-idem');
      const batch = [ev('A'), ev('B')];
      const [original, retry] = await Promise.all([
        store.appendToStream(s, batch, { expectedRevision: 'no_stream' }),
        store.appendToStream(s, batch, { expectedRevision: 'no_stream' }),
      ]);
      expect(original).toMatchObject({ nextExpectedRevision: 1n, idempotentReplay: false });
      expect(retry).toEqual({ ...original, idempotentReplay: true });
      expect(await store.readStream(s)).toHaveLength(2);
    });

    it('treats a retried append with the same event ids as a no-op that reports the original position', async () => {
      const s = stream('idem');
      const batch = [ev('A'), ev('B')];
      const first = await store.appendToStream(s, batch, { expectedRevision: 'no_stream' });
      const again = await store.appendToStream(s, batch, { expectedRevision: 'no_stream' });
      expect(again).toEqual({ ...first, idempotentReplay: true });
      expect(await store.readStream(s)).toHaveLength(2);
      await expect(store.appendToStream(s, [batch[1]!, ev('X')])).rejects.toBeInstanceOf(IdempotencyMismatchError);
      await expect(store.appendToStream(s, [{ ...batch[0]!, type: 'Other' }])).rejects.toBeInstanceOf(IdempotencyMismatchError);
      expect(await store.readStream(s)).toHaveLength(2);
    });

    it('answers a retry that expects the revision the stream is at as a no-op, and writes nothing of an append that reuses an id after a new one', async () => {
      const s = stream('idem-at-head');
      const batch = [ev('A'), ev('B')];
      const first = await store.appendToStream(s, batch, { expectedRevision: 'no_stream' });
      expect(await store.appendToStream(s, [batch[1]!], { expectedRevision: 1n })).toEqual({ ...first, idempotentReplay: true });
      await expect(store.appendToStream(s, [ev('N'), batch[0]!], { expectedRevision: 1n })).rejects.toBeInstanceOf(
        IdempotencyMismatchError,
      );
      const [together, alone] = await Promise.allSettled([
        store.appendToStream(s, [ev('M'), batch[1]!], { expectedRevision: 1n }),
        store.appendToStream(stream('idem-neighbour'), [ev('C')], { expectedRevision: 'no_stream' }),
      ]);
      expect(together.status === 'rejected' && together.reason).toBeInstanceOf(IdempotencyMismatchError);
      expect(alone).toMatchObject({ status: 'fulfilled' });
      expect((await store.readStream(s)).map((e) => e.type)).toEqual(['A', 'B']);
      const next = await store.appendToStream(s, [ev('D')], { expectedRevision: 1n });
      expect(next).toMatchObject({ nextExpectedRevision: 2n, idempotentReplay: false });
    });

    it('reads a stream forwards, backwards, from a revision, and a missing stream as empty', async () => {
      const s = stream('read');
      await store.appendToStream(
        s,
        ['A', 'B', 'C', 'D'].map((t) => ev(t)),
      );
      const types = (events: RecordedEvent[]) => events.map((e) => e.type).join('');
      expect(types(await store.readStream(s, { direction: 'backwards' }))).toBe('DCBA');
      expect(types(await store.readStream(s, { fromRevision: 2n }))).toBe('CD');
      expect(types(await store.readStream(s, { direction: 'backwards', fromRevision: 1n }))).toBe('BA');
      expect(types(await store.readStream(s, { maxCount: 2 }))).toBe('AB');
      expect(await store.readStream(stream('missing'))).toEqual([]);
    });

    it('orders $all by position across streams, reading strictly after a position', async () => {
      const a = stream('all-a');
      const b = stream('all-b');
      const start = await store.headPosition();
      await store.appendToStream(a, [ev('A1')]);
      await store.appendToStream(b, [ev('B1'), ev('B2')]);
      await store.appendToStream(a, [ev('A2')]);
      const mine = (await store.readAll({ after: start })).filter((e) => e.streamId === a || e.streamId === b);
      expect(mine.map((e) => e.type)).toEqual(['A1', 'B1', 'B2', 'A2']);
      for (let i = 1; i < mine.length; i++) expect(mine[i]!.position > mine[i - 1]!.position).toBe(true);
      const rest = await store.readAll({ after: mine[1]!.position });
      expect(rest.map((e) => e.type).slice(0, 2)).toEqual(['B2', 'A2']);
      expect(await store.readAll({ after: start, maxCount: 1 })).toHaveLength(1);
      expect(await store.headPosition()).toBe(mine[3]!.position);
    });

    it('catches a subscriber up and then delivers live events without gaps or duplicates', async () => {
      const s = stream('sub');
      const start = await store.headPosition();
      for (let i = 0; i < 30; i++) await store.appendToStream(s, [ev('Before', { i })]);
      const sub = collect(store, start, (seen) => seen.filter((e) => e.streamId === s).length >= 60);
      const writes = (async () => {
        for (let i = 0; i < 30; i++) await store.appendToStream(s, [ev('During', { i })]);
      })();
      await writes;
      await sub.done;
      await sub.subscription.stop();
      const seen = sub.seen.filter((e) => e.streamId === s);
      expect(seen.map((e) => e.revision)).toEqual(Array.from({ length: 60 }, (_, i) => BigInt(i)));
      expect(sub.caughtUp()).toBe(true);
      const positions = sub.seen.map((e) => e.position);
      expect(new Set(positions).size).toBe(positions.length);
      expect(positions.every((p, i) => i === 0 || p > positions[i - 1]!)).toBe(true);
    });

    it('resumes a subscription from a checkpoint with only the later events', async () => {
      const s = stream('resume');
      await store.appendToStream(s, [ev('A'), ev('B')]);
      const b = (await store.readStream(s))[1]!;
      await store.appendToStream(s, [ev('C')]);
      const sub = collect(store, b.position, (seen) => seen.some((e) => e.streamId === s && e.type === 'C'));
      await sub.done;
      await sub.subscription.stop();
      expect(sub.seen.filter((e) => e.streamId === s).map((e) => e.type)).toEqual(['C']);
      const before = sub.seen.length;
      await store.appendToStream(s, [ev('D')]);
      // A subscription still running has been told of D: the stopped one was not, and will not be.
      const later = collect(store, b.position, (seen) => seen.some((e) => e.streamId === s && e.type === 'D'));
      await later.done;
      await later.subscription.stop();
      expect(sub.seen.length).toBe(before);
    });

    it('reports a failing subscriber through onError and stops delivering', async () => {
      const s = stream('failing');
      const start = await store.headPosition();
      await store.appendToStream(s, [ev('Boom')]);
      const error = await new Promise<Error>((resolve) => {
        store.subscribeToAll({
          after: start,
          onEvent: (e) => {
            if (e.streamId === s) throw new Error('projection failed');
          },
          onError: resolve,
        });
      });
      expect(error.message).toBe('projection failed');
    });

    it('round-trips Kazakh, Russian, emoji and control characters byte for byte', async () => {
      const s = stream('unicode');
      const text = 'Қарағанды облысы ПД-ның консультативтік органы — «Заң және Тәртіп» 👮‍♀️🇰🇿 Ёё ӘәҒғҚқҢңӨөҰұҮүҺһІі \u0000\t\n\u200b e\u0301';
      await store.appendToStream(s, [
        { id: randomUUID(), type: 'Text', data: { text, nested: { ru: 'Улучшить работу участковых' } }, metadata: { note: text } },
      ]);
      const event = (await store.readStream(s))[0]!;
      expect(Buffer.from(event.data.text as string, 'utf8').equals(Buffer.from(text, 'utf8'))).toBe(true);
      expect(event.data.nested).toEqual({ ru: 'Улучшить работу участковых' });
      expect(event.metadata.note).toBe(text);
    });

    it('stores a large event intact', async () => {
      const s = stream('large');
      const big = 'Ж'.repeat(200_000) + 'z'.repeat(100_000);
      await store.appendToStream(s, [ev('Large', { big })]);
      const event = (await store.readStream(s))[0]!;
      expect(event.data.big).toBe(big);
    });

    it('chains each stream with hashes that a verifier accepts, and that break when data changes', async () => {
      const s = stream('chain');
      await store.appendToStream(s, [ev('A', { v: 1 }), ev('B', { v: 2 })]);
      await store.appendToStream(s, [ev('C', { v: 3 })]);
      const events = await store.readStream(s);
      expect(events[1]!.metadata.prevHash).toBe(events[0]!.metadata.hash);
      expect(events[2]!.metadata.prevHash).toBe(events[1]!.metadata.hash);
      const ok = new ChainVerifier();
      events.forEach((e) => ok.check(e));
      expect(ok.problems).toEqual([]);
      const tampered = new ChainVerifier();
      events.forEach((e, i) => tampered.check(i === 1 ? { ...e, data: { v: 20 } } : e));
      expect(tampered.problems.map((p) => p.problem)).toEqual(['EDITED']);
    });
  });
}
