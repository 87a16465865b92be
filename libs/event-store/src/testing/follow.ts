import { EventStore, RecordedEvent, Subscription } from '../event-store.port';

/** Collects what a follower is handed; `until(n)` resolves once it holds at least n events. */
export function follow(store: EventStore, after = 0n) {
  const seen: RecordedEvent[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  const subscription: Subscription = store.subscribeToAll({
    after,
    onEvent: (e) => {
      seen.push(e);
      for (const w of waiters.filter((w) => seen.length >= w.n)) w.resolve();
    },
  });
  const until = (n: number) => (seen.length >= n ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ n, resolve })));
  return { seen, subscription, until };
}
