// The notifier of a serving process, run in a worker thread: its catch-up over the log and its
// ticks (planning, claims, SMTP, records) never hold up the thread that answers queries. The
// worker has its own connections to the log and to the notifier's file; the serving thread reads
// the list from the same file and hears of the worker's progress by messages.
import { MessagePort, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { EventStoreConfig, openEventStore } from '@gov/event-store';
import { systemClock } from './clock';
import { SmtpMailSender, SmtpOptions } from './mail-sender';
import { Notifier, NotifierOptions } from './notifier';
import { NotifierDb } from './notifier-db';
import { ListedChange } from './notifier-port';
import { DeliveryOutcome, TickResult } from './scheduler';

export interface NotifierOrder {
  log: EventStoreConfig;
  /** The notifier's file lives here (notifications.sqlite). */
  dataDir: string;
  smtp: SmtpOptions | null;
  options: Omit<NotifierOptions, 'clock' | 'mail' | 'onError'>;
  /** How often to send what is due; null: this process does not send (the list still follows the log). */
  tickEveryMs: number | null;
}

/** What the worker tells the serving thread. */
export type NotifierReport =
  | { kind: 'caught-up' }
  | { kind: 'advanced'; position: bigint }
  | { kind: 'listed'; change: ListedChange }
  | { kind: 'outcome'; outcome: DeliveryOutcome }
  | { kind: 'ticked'; result: TickResult }
  /** A failed batch or tick: the notifier resumes from its checkpoint, the next tick tries again. */
  | { kind: 'error'; message: string }
  /** The notifier could not start. */
  | { kind: 'failed'; message: string };

/** What the serving thread asks: stop, or look at the log now (it appended). */
export type NotifierRequest = { kind: 'stop' } | { kind: 'wake' };

async function run(order: NotifierOrder, port: MessagePort): Promise<void> {
  const report = (message: NotifierReport) => port.postMessage(message);
  let wake = () => {};
  // Listened for before the first await, so a stop sent early is not missed.
  const stopAsked = new Promise<void>((resolve) =>
    port.on('message', (request: NotifierRequest) => (request.kind === 'stop' ? resolve() : wake())),
  );
  const events = await openEventStore(order.log);
  // The embedded log hears of another connection's appends by polling: the serving thread says when.
  wake = () => (events as { wake?: () => void }).wake?.();
  const store = new NotifierDb(order.dataDir);
  const mail = order.smtp ? new SmtpMailSender(order.smtp) : null;
  const notifier = new Notifier(events, store, {
    ...order.options,
    clock: systemClock,
    mail,
    onError: (e) => report({ kind: 'error', message: e.message }),
  });
  notifier.onAdvance((position) => report({ kind: 'advanced', position }));
  notifier.onListed((change) => report({ kind: 'listed', change }));
  notifier.observe((outcome) => report({ kind: 'outcome', outcome }));
  let timer: NodeJS.Timeout | undefined;
  try {
    const stopped = await Promise.race([notifier.start().then(() => false), stopAsked.then(() => true)]);
    if (!stopped) {
      report({ kind: 'caught-up' });
      if (order.tickEveryMs !== null) {
        const tick = () =>
          void notifier.tick().then(
            (result) => report({ kind: 'ticked', result }),
            (e: Error) => report({ kind: 'error', message: `notification tick failed: ${e.message}` }),
          );
        timer = setInterval(tick, order.tickEveryMs);
        tick();
      }
      await stopAsked;
    }
  } finally {
    clearInterval(timer);
    await notifier.stop();
    mail?.close();
    store.close();
    await events.close();
  }
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  run(workerData as NotifierOrder, port)
    .catch((error: Error) => port.postMessage({ kind: 'failed', message: error.message } satisfies NotifierReport))
    // Ends the thread: the request listener would otherwise keep it alive.
    .finally(() => port.close());
}
