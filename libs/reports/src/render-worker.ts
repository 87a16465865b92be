// The body of a report rendering thread (RenderPool): lays out a PDF from the data the serving
// thread gathered, so pdfmake's layout never holds up the thread that answers queries.
import { isMainThread, parentPort } from 'node:worker_threads';
import { minutesPdf, reportBackPdf, unitStatusPdf } from './documents';
import { labelsFor } from './labels';
import type { RenderJob, RenderReply } from './render-pool';

async function render(job: RenderJob): Promise<Buffer> {
  const labels = labelsFor(job.lang);
  if (job.kind === 'minutes') return minutesPdf(job.data, labels);
  if (job.kind === 'report-back') return reportBackPdf(job.data, labels);
  return unitStatusPdf(job.data, labels);
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  port.on('message', (job: RenderJob) => {
    render(job).then(
      (pdf) => {
        // Copied once out of Buffer's shared pool into a buffer of its own, which then moves to the serving thread.
        const bytes = new Uint8Array(pdf);
        port.postMessage({ pdf: bytes } satisfies RenderReply, [bytes.buffer]);
      },
      (error: Error) => port.postMessage({ error: error.message } satisfies RenderReply),
    );
  });
}
