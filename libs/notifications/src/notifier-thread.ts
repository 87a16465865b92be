import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { waitForPosition } from '@gov/event-store';
import { startWorkerThread } from '@gov/read-model';
import { Clock, systemClock } from './clock';
import { DueQueries } from './due-queries';
import { NotifierDb } from './notifier-db';
import { ListedChange, NotifierPort } from './notifier-port';
import type { NotifierOrder, NotifierReport, NotifierRequest } from './notifier-worker';
import { DeliveryOutcome, TickResult } from './scheduler';

export interface NotifierThreadHooks {
  clock?: Clock;
  onError?: (e: Error) => void;
  onTicked?: (result: TickResult) => void;
}

/**
 * The serving thread's side of a notifier run in a worker thread (notifier-worker.ts): it reads the
 * list and the backlog from the notifier's file and follows the worker's position by its messages.
 */
export class NotifierThread implements NotifierPort {
  private readonly progress = new EventEmitter().setMaxListeners(0);
  private readonly due: DueQueries;
  private current: bigint;
  private worker: { thread: Worker; exited: Promise<void> } | null = null;

  constructor(
    private readonly order: NotifierOrder,
    /** This thread's connection to the notifier's file, for reads. */
    private readonly store: NotifierDb,
    private readonly hooks: NotifierThreadHooks = {},
  ) {
    this.due = new DueQueries(store.db);
    this.current = store.checkpoint();
  }

  get position(): bigint {
    return this.current;
  }

  start(): Promise<void> {
    return new Promise((resolve, reject) => {
      const thread = startWorkerThread(join(__dirname, 'notifier-worker'), { workerData: this.order });
      let started = false;
      thread.on('message', (report: NotifierReport) => {
        switch (report.kind) {
          case 'caught-up':
            started = true;
            return resolve();
          case 'advanced':
            this.current = report.position;
            return void this.progress.emit('advanced', report.position);
          case 'listed':
            return void this.progress.emit('listed', report.change);
          case 'outcome':
            return void this.progress.emit('outcome', report.outcome);
          case 'ticked':
            return this.hooks.onTicked?.(report.result);
          case 'error':
            return this.hooks.onError?.(new Error(report.message));
          case 'failed':
            if (!started) reject(new Error(report.message));
            return this.hooks.onError?.(new Error(`the notifier stopped: ${report.message}`));
        }
      });
      thread.on('error', (error) => (started ? this.hooks.onError?.(error) : reject(error)));
      const exited = new Promise<void>((done) => thread.once('exit', () => done()));
      void exited.then(() => {
        this.worker = null;
        if (!started) reject(new Error('the notifier worker ended before it caught up'));
      });
      this.worker = { thread, exited };
    });
  }

  /** The serving thread appended to the log: the worker looks now instead of at its next poll. */
  wake(): void {
    this.worker?.thread.postMessage({ kind: 'wake' } satisfies NotifierRequest);
  }

  async stop(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    worker.thread.postMessage({ kind: 'stop' } satisfies NotifierRequest);
    await worker.exited;
  }

  waitFor(position: bigint, timeoutMs = 10_000): Promise<void> {
    return waitForPosition(
      this.progress,
      () => this.current,
      position,
      timeoutMs,
      () => new Error(`notifier has not reached position ${position}`),
    );
  }

  onListed(listener: (change: ListedChange) => void): () => void {
    this.progress.on('listed', listener);
    return () => this.progress.off('listed', listener);
  }

  observe(observer: (outcome: DeliveryOutcome) => void): void {
    this.progress.on('outcome', observer);
  }

  backlog(): { due: number; retrying: number } {
    return this.due.backlog(new Date((this.hooks.clock ?? systemClock).now()).toISOString());
  }

  failing(): ReturnType<DueQueries['failing']> {
    return this.due.failing();
  }
}
