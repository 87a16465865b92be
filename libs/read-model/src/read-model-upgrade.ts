import { existsSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { EventStore } from '@gov/event-store';
import { Projector } from './projector';
import { ReadModelDb } from './read-model-db';
import { PROJECTION_VERSION } from './schema';

/** Where a read model is built beside the served one; renamed over it when complete. */
export const NEXT_READ_MODEL_FILE = 'read-model.next.sqlite';
/** Written by `npm run rebuild` to ask a running service to rebuild; renamed to REBUILDING_FILE when taken up. */
export const REBUILD_REQUEST_FILE = 'read-model.rebuild-requested';
/** Present while a requested rebuild runs (also across a crash, so the next start resumes it). */
export const REBUILDING_FILE = 'read-model.rebuilding';

export interface ReadModelUpgradeOptions {
  log?: (message: string) => void;
  onError?: (error: Error) => void;
  /** How often the service looks for a rebuild request. */
  pollMs?: number;
}

/**
 * Upgrades the read model without downtime: when the served file was written by an older
 * PROJECTION_VERSION, when a rebuild is requested, or when a build was cut short by a crash, a
 * second projector replays the log into a file beside the served one (the same replay path), catches
 * up, and the served projector hands over to it (Projector.handOver): queries keep reading the served
 * file until the new one replaces it in one step. A crash leaves the served file serving; the next
 * start resumes the build from the new file's checkpoint.
 */
export class ReadModelUpgrade {
  private running: Promise<void> | null = null;
  private builder: Projector | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly events: EventStore,
    private readonly served: ReadModelDb,
    private readonly projector: Projector,
    private readonly dataDir: string,
    private readonly options: ReadModelUpgradeOptions = {},
  ) {}

  private path(name: string): string {
    return join(this.dataDir, name);
  }

  /** Starts a build if one is due and watches for rebuild requests. */
  start(): void {
    const requested = this.takeRequest();
    if (requested || this.served.stale || existsSync(this.path(NEXT_READ_MODEL_FILE)) || existsSync(this.path(REBUILDING_FILE)))
      this.build();
    this.timer = setInterval(() => {
      if (this.takeRequest()) this.build();
    }, this.options.pollMs ?? 500);
    this.timer.unref();
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
    const next = new ReadModelDb(this.dataDir, this.path(NEXT_READ_MODEL_FILE));
    // Ahead of the log, it was built from a log since replaced by an older copy (npm run restore --force).
    if (next.checkpoint().position > (await this.events.headPosition())) next.reset();
    const from = next.checkpoint().position;
    this.options.log?.(`building read model version ${PROJECTION_VERSION} beside the served one, from position ${from}`);
    const builder = new Projector(this.events, next, { onError: this.options.onError });
    this.builder = builder;
    await builder.start();
    const switched = !this.stopped && (await this.projector.handOver(builder));
    this.builder = null;
    if (!switched) {
      await builder.stop();
      next.close();
      return;
    }
    rmSync(this.path(REBUILDING_FILE), { force: true });
    this.options.log?.(`now serving read model version ${PROJECTION_VERSION}, at position ${this.projector.position}`);
  }

  /** Stops watching and stops a build where it is; the next start resumes it from its checkpoint. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    const builder = this.builder;
    this.builder = null;
    if (!builder) return;
    await builder.stop();
    builder.readModel.close();
  }
}
