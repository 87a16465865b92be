/** Bounded so a slow subscriber cannot make the server buffer without limit. */
const MAX_QUEUED = 1000;

/**
 * A subscription's async iterator over pushed values: `listen` is handed a push function and
 * answers how to stop listening, which happens when the client ends the subscription.
 */
export function pushIterator<T>(listen: (push: (value: T) => void) => () => void): AsyncIterableIterator<T> {
  const queue: T[] = [];
  let waiting: ((r: IteratorResult<T>) => void) | null = null;
  let done = false;
  const unsubscribe = listen((value) => {
    if (done) return;
    if (waiting) {
      const resolve = waiting;
      waiting = null;
      resolve({ value, done: false });
    } else if (queue.length < MAX_QUEUED) queue.push(value);
  });
  const finish = (): Promise<IteratorResult<T>> => {
    done = true;
    unsubscribe();
    waiting?.({ value: undefined, done: true });
    return Promise.resolve({ value: undefined, done: true });
  };
  return {
    next: () => {
      if (queue.length) return Promise.resolve({ value: queue.shift()!, done: false });
      if (done) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve) => (waiting = resolve));
    },
    return: finish,
    throw: (error) => finish().then(() => Promise.reject(error instanceof Error ? error : new Error(String(error)))),
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
