import type { Writable } from 'node:stream';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { RecommendationView, startWorkerThread } from '@gov/read-model';
import { drained } from './export-cells';
import { ReportLanguage } from './labels';
import { LogPoint } from './log-point';
import { MinutesData, ReportBackData, UnitStatusData } from './report-data';
import { ReportError } from './report-error';

/** A PDF to lay out in a rendering thread: the data gathered on the serving thread, and the language. */
export type RenderJob =
  | { kind: 'minutes'; data: MinutesData; lang: ReportLanguage }
  | { kind: 'report-back'; data: ReportBackData; lang: ReportLanguage }
  | { kind: 'unit-status'; data: UnitStatusData; lang: ReportLanguage };
export type RenderReply = { pdf: Uint8Array } | { error: string };

/**
 * The XLSX register made in a rendering thread: the serving thread sends `register-xlsx`, then each
 * page once the thread has taken the one before (`taken`), then `end`; the thread sends the file's
 * bytes as they are compressed (`bytes`), and `done` (or `error`).
 */
export type RegisterMessage =
  { kind: 'register-xlsx'; lang: ReportLanguage; point: LogPoint } | { kind: 'page'; page: RecommendationView[] } | { kind: 'end' };
export type RegisterReply = { bytes: Uint8Array } | { taken: true } | { done: true } | { error: string };

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
 * Bounds the expensive reports (PDFs and the XLSX registers, signed-in and open data alike): at most
 * `concurrency` are made at once, up to `queue` more wait in order, and beyond that one is refused at
 * once. PDFs are laid out and XLSX registers written and compressed in worker threads (one per
 * place, started on first use and kept), so the thread that answers queries only reads their data.
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
    return this.inThread<RenderReply, Buffer>(async (thread, next) => {
      thread.postMessage(job);
      const reply = await next();
      if ('error' in reply) throw new Error(`rendering the ${job.kind} report failed: ${reply.error}`);
      return Buffer.from(reply.pdf.buffer, reply.pdf.byteOffset, reply.pdf.byteLength);
    });
  }

  /**
   * Writes the XLSX register to `out` from a rendering thread: the pages are read here and handed
   * over one at a time, the next only once the thread has taken the last and `out` has drained, so
   * neither side gathers the register in memory. Call it within `run`.
   */
  registerXlsx(pages: AsyncIterable<RecommendationView[]>, out: Writable, lang: ReportLanguage, point: LogPoint): Promise<void> {
    return this.inThread<RegisterReply, void>(async (thread, next) => {
      /** Passes the thread's bytes on to `out` until it answers `until`. */
      const forward = async (until: 'taken' | 'done') => {
        for (;;) {
          const reply = await next();
          if ('error' in reply) throw new Error(`writing the XLSX register failed: ${reply.error}`);
          if (until in reply) return;
          if ('bytes' in reply) {
            out.write(reply.bytes);
            await drained(out);
          }
        }
      };
      const send = (message: RegisterMessage) => thread.postMessage(message);
      send({ kind: 'register-xlsx', lang, point });
      for await (const page of pages) {
        send({ kind: 'page', page });
        await forward('taken');
      }
      send({ kind: 'end' });
      await forward('done');
    });
  }

  /**
   * A thread for one job: `work` talks to it, reading its replies in order with `next`. A thread whose
   * job failed, on either side, is ended rather than reused: it may be mid-way through that job.
   */
  private async inThread<Reply, T>(work: (thread: Worker, next: () => Promise<Reply>) => Promise<T>): Promise<T> {
    const thread = this.idle.pop() ?? this.start();
    thread.ref();
    const inbox: Reply[] = [];
    let failure: Error | undefined;
    let wake: (() => void) | undefined;
    const onReply = (reply: Reply) => {
      inbox.push(reply);
      wake?.();
    };
    const onFailure = (error: Error | number) => {
      failure = typeof error === 'number' ? new Error(`the rendering thread stopped (exit code ${error})`) : error;
      wake?.();
    };
    const next = async (): Promise<Reply> => {
      while (!inbox.length) {
        if (failure) throw failure;
        await new Promise<void>((resolve) => (wake = resolve));
      }
      return inbox.shift()!;
    };
    thread.on('message', onReply);
    thread.on('error', onFailure);
    thread.on('exit', onFailure);
    try {
      const result = await work(thread, next);
      thread.unref();
      this.idle.push(thread);
      return result;
    } catch (error) {
      this.threads.delete(thread);
      void thread.terminate();
      throw error;
    } finally {
      thread.off('message', onReply);
      thread.off('error', onFailure);
      thread.off('exit', onFailure);
    }
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
