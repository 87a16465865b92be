import { EventEmitter } from 'node:events';
import { RecordedEvent, SubscribeOptions, Subscription } from './event-store.port';

export interface LogSource {
  /** Events strictly after `after`, at most `pageSize` of them, in log order. */
  readPage(after: bigint, pageSize: number): RecordedEvent[] | Promise<RecordedEvent[]>;
  /**
   * A failed read this says is passing (a server's connection lost) is tried again from the same
   * checkpoint after the poll interval, instead of ending the subscription.
   */
  isTransient?(error: unknown): boolean;
  /** Emits 'append' whenever events are appended in this process. */
  appended: EventEmitter;
  isClosed(): boolean;
  pageSize: number;
  /** Look again after this long even with no append seen here (another process may write the log). */
  pollMs?: number;
}

/**
 * The live subscription of an embedded store: read a page after the checkpoint, hand each event
 * over in order, and sleep until an append (or the poll interval) wakes it.
 */
export function followLog(source: LogSource, options: SubscribeOptions): Subscription {
  let stopped = false;
  let wake: (() => void) | null = null;
  // Set by any append after the last read, so one landing while the handler runs is not slept through.
  let signalled = false;
  const onAppend = () => {
    signalled = true;
    wake?.();
  };
  source.appended.on('append', onAppend);
  const idle = () =>
    new Promise<void>((resolve) => {
      const timer = source.pollMs === undefined ? undefined : setTimeout(() => done(), source.pollMs);
      const done = () => {
        clearTimeout(timer);
        wake = null;
        resolve();
      };
      wake = done;
    });
  const run = async () => {
    let checkpoint = options.after ?? 0n;
    let caughtUp = false;
    while (!stopped && !source.isClosed()) {
      // One turn of the event loop per page: the caller gets its handle first, and a long
      // catch-up never starves timers and sockets.
      await new Promise<void>((resolve) => setImmediate(resolve));
      signalled = false;
      let page: RecordedEvent[];
      try {
        const read = source.readPage(checkpoint, source.pageSize);
        page = Array.isArray(read) ? read : await read;
      } catch (error) {
        if (stopped || !source.isTransient?.(error)) throw error;
        await idle();
        continue;
      }
      for (const event of page) {
        if (stopped) return;
        // Awaiting only real promises: a microtask per event is a large share of a replay.
        const handled = options.onEvent(event);
        if (handled) await handled;
        checkpoint = event.position;
      }
      if (page.length < source.pageSize) {
        if (!caughtUp) {
          caughtUp = true;
          options.onCaughtUp?.();
        }
        if (!stopped && !signalled) await idle();
      }
    }
  };
  const finished = run()
    .catch((error: Error) => {
      if (!stopped) options.onError?.(error);
    })
    .finally(() => source.appended.off('append', onAppend));
  return {
    stop: async () => {
      stopped = true;
      wake?.();
      await finished;
    },
  };
}
