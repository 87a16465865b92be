// The body of a report rendering thread (ReportPool): lays out a PDF from the data the serving
// thread gathered, or writes and compresses the XLSX register from the pages it sends, so neither
// pdfmake's layout nor exceljs's rows hold up the thread that answers queries.
import { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { MessagePort, isMainThread, parentPort } from 'node:worker_threads';
import { RecommendationView } from '@gov/read-model';
import { minutesPdf, reportBackPdf, unitStatusPdf } from './documents';
import { labelsFor } from './labels';
import { writeRegisterXlsx } from './register';
import type { RegisterMessage, RegisterReply, RenderJob, RenderReply } from './render-pool';

async function render(job: RenderJob): Promise<Buffer> {
  const labels = labelsFor(job.lang);
  if (job.kind === 'minutes') return minutesPdf(job.data, labels);
  if (job.kind === 'report-back') return reportBackPdf(job.data, labels);
  return unitStatusPdf(job.data, labels);
}

/** Copied once out of Buffer's shared pool into a buffer of its own, which then moves to the serving thread. */
const own = (chunk: Uint8Array) => new Uint8Array(chunk);

/** One register: its pages arrive as messages (`pages` is fed them), its bytes go back as they come. */
function register(port: MessagePort, start: Extract<RegisterMessage, { kind: 'register-xlsx' }>) {
  const reply = (message: RegisterReply, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
  const arrived: RegisterMessage[] = [];
  let wake: (() => void) | undefined;
  const pages = (async function* (): AsyncGenerator<RecommendationView[]> {
    for (let first = true; ; first = false) {
      // Asked for the next page: the last one is written, the serving thread may read on.
      if (!first) reply({ taken: true });
      while (!arrived.length) await new Promise<void>((resolve) => (wake = resolve));
      const message = arrived.shift()!;
      if (message.kind !== 'page') return;
      yield message.page;
    }
  })();
  const out = new Writable({
    write(chunk: Buffer, _encoding, done) {
      const bytes = own(chunk);
      reply({ bytes }, [bytes.buffer]);
      done();
    },
  });
  const made = writeRegisterXlsx(pages, out, labelsFor(start.lang), start.point).then(() => finished(out));
  return {
    take(message: RegisterMessage) {
      arrived.push(message);
      wake?.();
    },
    made,
  };
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  let current: ReturnType<typeof register> | undefined;
  port.on('message', (message: RenderJob | RegisterMessage) => {
    if (current) return current.take(message as RegisterMessage);
    if (message.kind === 'register-xlsx') {
      current = register(port, message);
      void current.made
        .then(
          (): RegisterReply => ({ done: true }),
          (error: Error): RegisterReply => ({ error: error.message }),
        )
        .then((reply) => {
          // Free for the next job before saying so.
          current = undefined;
          port.postMessage(reply);
        });
      return;
    }
    if (message.kind === 'page' || message.kind === 'end') return;
    render(message).then(
      (pdf) => {
        const bytes = own(pdf);
        port.postMessage({ pdf: bytes } satisfies RenderReply, [bytes.buffer]);
      },
      (error: Error) => port.postMessage({ error: error.message } satisfies RenderReply),
    );
  });
}
