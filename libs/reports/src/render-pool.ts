import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { startWorkerThread } from '@gov/read-model';
import { ReportLanguage } from './labels';
import { MinutesData, ReportBackData, UnitStatusData } from './report-data';
import { ReportError } from './report-error';

/** A PDF to lay out in a rendering thread: the data gathered on the serving thread, and the language. */
export type RenderJob =
  | { kind: 'minutes'; data: MinutesData; lang: ReportLanguage }
  | { kind: 'report-back'; data: ReportBackData; lang: ReportLanguage }
  | { kind: 'unit-status'; data: UnitStatusData; lang: ReportLanguage };
export type RenderReply = { pdf: Uint8Array } | { error: string };

export interface ReportLimits {
  /** Reports made at once (each gathers its data, then renders in its own thread). */
  concurrency: number;
  /** Reports waiting for a free place; one more is refused with REPORTS_BUSY. */
  queue: number;
}

/** Every place is taken and the queue is full: retry shortly (HTTP 503, `Retry-After`). */
export class ReportsBusyError extends ReportError {
  constructor() {
    super('REPORTS_BUSY', 503, 'too many reports are being made right now; retry in a moment');
    this.name = 'ReportsBusyError';
  }
}

/**
 * Bounds the expensive reports (PDFs and the XLSX register): at most `concurrency` are made at
 * once, up to `queue` more wait in order, and beyond that one is refused at once. PDFs are laid
 * out in worker threads (one per place, started on first use and kept), so the thread that
 * answers queries only gathers their data.
 */
export class ReportPool {
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  private readonly idle: Worker[] = [];
  private readonly threads = new Set<Worker>();

  constructor(private readonly limits: ReportLimits) {}

  /** Runs `work` once a place is free (waiting in the queue if need be), or refuses with ReportsBusyError. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running >= this.limits.concurrency) {
      if (this.waiting.length >= this.limits.queue) throw new ReportsBusyError();
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else this.running++;
    try {
      return await work();
    } finally {
      // The place passes straight to the next in line, or is given back.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }

  /** Lays out a PDF in a rendering thread; call it within `run`, which bounds how many render at once. */
  render(job: RenderJob): Promise<Buffer> {
    const thread = this.idle.pop() ?? this.start();
    thread.ref();
    return new Promise<Buffer>((resolve, reject) => {
      const settle = () => {
        thread.off('message', onReply);
        thread.off('error', onFailure);
      };
      const onReply = (reply: RenderReply) => {
        settle();
        thread.unref();
        this.idle.push(thread);
        if ('error' in reply) reject(new Error(`rendering the ${job.kind} report failed: ${reply.error}`));
        else resolve(Buffer.from(reply.pdf.buffer, reply.pdf.byteOffset, reply.pdf.byteLength));
      };
      // A thread that failed is not reused.
      const onFailure = (error: Error) => {
        settle();
        this.threads.delete(thread);
        void thread.terminate();
        reject(error);
      };
      thread.on('message', onReply);
      thread.once('error', onFailure);
      thread.postMessage(job);
    });
  }

  private start(): Worker {
    const thread = startWorkerThread(join(__dirname, 'render-worker'));
    this.threads.add(thread);
    thread.once('exit', () => {
      this.threads.delete(thread);
      const at = this.idle.indexOf(thread);
      if (at >= 0) this.idle.splice(at, 1);
    });
    return thread;
  }

  async close(): Promise<void> {
    await Promise.all([...this.threads].map((thread) => thread.terminate()));
  }
}
