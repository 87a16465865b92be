import { existsSync, linkSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { EventStore, EventStoreConfig } from '@gov/event-store';
import { Projector } from './projector';
// Types only: loading the worker's module is the worker's job.
import type { BuildOrder, BuildReport } from './read-model-build-worker';
import { ReadModelDb } from './read-model-db';
import { startWorkerThread } from './worker-thread';
import { PROJECTION_VERSION } from './schema';

/** Where a read model is built beside the served one; renamed over it when complete. */
export const NEXT_READ_MODEL_FILE = 'read-model.next.sqlite';
/** Written by `npm run rebuild` to ask a running service to rebuild; renamed to REBUILDING_FILE when taken up. */
export const REBUILD_REQUEST_FILE = 'read-model.rebuild-requested';
/** Present while a requested rebuild runs (also across a crash, so the next start resumes it). */
export const REBUILDING_FILE = 'read-model.rebuilding';
/**
 * A second name for the served file while it is replaced: the rename over it then frees nothing,
 * and the old file's blocks are freed off the serving thread (freeing a large file on a busy disk
 * took 0.15 s and more), after the switch.
 */
const REPLACED_READ_MODEL_FILE = 'read-model.replaced.sqlite';

export interface ReadModelUpgradeOptions {
  log?: (message: string) => void;
  onError?: (error: Error) => void;
  /** How often the service looks for a rebuild request. */
  pollMs?: number;
}

/**
 * Upgrades the read model without downtime: when the served file was written by an older
 * PROJECTION_VERSION, when a rebuild is requested, or when a build was cut short by a crash, a
 * worker thread replays the log into a file beside the served one (the same replay path, with its
 * own connections), so this thread keeps answering queries and projecting into the served file.
 * Then a projector here catches that file up with the events written meanwhile, and the served
 * projector hands over to it (Projector.handOver): queries keep reading the served file until the
 * new one replaces it in one step. A crash leaves the served file serving; the next start resumes
 * the build from the new file's checkpoint.
 */
export class ReadModelUpgrade {
  private running: Promise<void> | null = null;
  private builder: Projector | null = null;
  /** The worker building the next file, and its end. */
  private worker: { thread: Worker; exited: Promise<void> } | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly events: EventStore,
    private readonly served: ReadModelDb,
    private readonly projector: Projector,
    /** Where the log is, so the worker can open its own connection to it; dataDir also holds the read model. */
    private readonly log: EventStoreConfig,
    private readonly options: ReadModelUpgradeOptions = {},
  ) {}

  private get dataDir(): string {
    return this.log.dataDir;
  }

  private path(name: string): string {
    return join(this.dataDir, name);
  }

  /** Starts a build if one is due and watches for rebuild requests. */
  start(): void {
    // Left by a crash right after a switch.
    void rm(this.path(REPLACED_READ_MODEL_FILE), { force: true });
    const requested = this.takeRequest();
    if (
      requested ||
      this.served.stale ||
      this.served.damaged ||
      existsSync(this.path(NEXT_READ_MODEL_FILE)) ||
      existsSync(this.path(REBUILDING_FILE))
    )
      this.build();
    this.timer = setInterval(() => {
      if (this.takeRequest()) this.build();
    }, this.options.pollMs ?? 500);
    this.timer.unref();
  }

  /**
   * Rebuilds the read model beside the served one, as `npm run rebuild` asks (marked, so a crash
   * resumes it): the served file was found damaged. A build under way already replays from the log.
   */
  rebuild(): void {
    writeFileSync(this.path(REBUILDING_FILE), '');
    this.build();
  }

  /** The build under way, if any; resolves once the new read model is served. */
  get building(): Promise<void> | null {
    return this.running;
  }

  /** Takes up a rebuild request; a build already under way replays from zero too, so it serves it. */
  private takeRequest(): boolean {
    try {
      renameSync(this.path(REBUILD_REQUEST_FILE), this.path(REBUILDING_FILE));
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
  }

  private build(): void {
    if (this.running || this.stopped) return;
    this.running = this.run()
      .catch((error: Error) => this.options.onError?.(error))
      .finally(() => {
        this.running = null;
      });
  }

  private async run(): Promise<void> {
    const file = this.path(NEXT_READ_MODEL_FILE);
    if (!(await this.buildInWorker(file)) || this.stopped) return;
    // The events written while the worker finished: a batch or two, here, then the switch.
    const next = new ReadModelDb(this.dataDir, file);
    const builder = new Projector(this.events, next, { onError: this.options.onError });
    this.builder = builder;
    await builder.start();
    const replaced = this.path(REPLACED_READ_MODEL_FILE);
    rmSync(replaced, { force: true });
    linkSync(this.served.file, replaced);
    const switched = !this.stopped && (await this.projector.handOver(builder));
    this.builder = null;
    if (!switched) {
      rmSync(replaced);
      await builder.stop();
      next.close();
      return;
    }
    rmSync(this.path(REBUILDING_FILE), { force: true });
    await rm(replaced);
    this.options.log?.(`now serving read model version ${PROJECTION_VERSION}, at position ${this.projector.position}`);
  }

  /** Builds `file` up to about the log's head in a worker; false if stopped before. */
  private buildInWorker(file: string): Promise<boolean> {
    return new Promise((resolve, reject) => {
      const thread = startWorkerThread(join(__dirname, 'read-model-build-worker'), {
        workerData: { log: this.log, file } satisfies BuildOrder,
      });
      let built: boolean | null = null;
      let failure: Error | null = null;
      thread.on('message', (report: BuildReport) => {
        if (report.kind === 'started')
          this.options.log?.(
            `building read model version ${PROJECTION_VERSION} beside the served one in a worker, from position ${report.from}`,
          );
        else if (report.kind === 'paused') this.options.onError?.(new Error(report.message));
        else if (report.kind === 'failed') failure = new Error(report.message);
        else built = !report.stopped;
      });
      thread.on('error', (error) => (failure = error));
      const exited = new Promise<void>((done) =>
        thread.once('exit', () => {
          this.worker = null;
          done();
          if (built !== null) resolve(built);
          else reject(failure ?? new Error('the read model build worker ended before it finished'));
        }),
      );
      this.worker = { thread, exited };
    });
  }

  /** Stops watching and stops a build where it is; the next start resumes it from its checkpoint. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    const worker = this.worker;
    if (worker) {
      // Any message asks the worker to stop where it is (its checkpoint is kept).
      worker.thread.postMessage('stop');
      await worker.exited;
    }
    const builder = this.builder;
    this.builder = null;
    if (!builder) return;
    await builder.stop();
    builder.readModel.close();
  }
}
