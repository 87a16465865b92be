// The body of a read-model build (ReadModelUpgrade), run in a worker thread so the replay's batches,
// its final commit and the index builds never hold up the thread that answers queries. The worker
// has its own connections to the log and to the file it builds.
import { MessagePort, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { dirname } from 'node:path';
import { EventStoreConfig, createEventStore } from '@gov/event-store';
import { Projector } from './projector';
import { ReadModelDb } from './read-model-db';

export interface BuildOrder {
  log: EventStoreConfig;
  /** The file to build (read-model.next.sqlite); resumed from its checkpoint. */
  file: string;
}

/** What the worker tells the serving thread. */
export type BuildReport =
  | { kind: 'started'; from: bigint }
  /** The build paused on an error and resumes from its checkpoint (Projector's recovery). */
  | { kind: 'paused'; message: string }
  /** The build could not go on; the next start (or rebuild request) tries again. */
  | { kind: 'failed'; message: string }
  /** The file holds the log up to `position`, committed and indexed; `stopped` if asked to stop before catching up. */
  | { kind: 'done'; position: bigint; stopped: boolean };

async function build(order: BuildOrder, port: MessagePort): Promise<void> {
  const report = (message: BuildReport) => port.postMessage(message);
  // Any message from the serving thread asks to stop where the build is (its checkpoint is kept);
  // listened for before the first await, so a stop sent early is not missed.
  const stopAsked = new Promise<true>((resolve) => port.once('message', () => resolve(true)));
  const events = createEventStore(order.log);
  const next = new ReadModelDb(dirname(order.file), order.file);
  try {
    // Ahead of the log, it was built from a log since replaced by an older copy (npm run restore --force).
    if (next.checkpoint().position > (await events.headPosition())) next.reset();
    report({ kind: 'started', from: next.checkpoint().position });
    const projector = new Projector(events, next, { onError: (e) => report({ kind: 'paused', message: e.message }) });
    const stopped = await Promise.race([projector.start().then(() => false), stopAsked]);
    await projector.stop();
    report({ kind: 'done', position: projector.position, stopped });
  } finally {
    next.close();
    await events.close();
  }
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  build(workerData as BuildOrder, port)
    .catch((error: Error) => port.postMessage({ kind: 'failed', message: error.message } satisfies BuildReport))
    // Ends the thread: the stop listener would otherwise keep it alive.
    .finally(() => port.close());
}
