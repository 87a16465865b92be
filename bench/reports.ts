// Workload 6 of npm run bench: reports and exports on the generated history, in-process against the
// projected data dir, each next to writing the same rows as plain CSV with no formatting.
import { Writable } from 'node:stream';
import { createEventStore } from '@gov/event-store';
import { MeetingQueries, Projector, ReadModelDb, RecommendationQueries } from '@gov/read-model';
import {
  LogPoint,
  ReportSources,
  labelsFor,
  recommendationPagesAt,
  reportBackData,
  reportBackPdf,
  resolveLogPoint,
  writeRegisterCsv,
  writeRegisterXlsx,
} from '@gov/reports';

type Row = Record<string, string | number | null>;
const rssMb = () => Math.round(process.memoryUsage().rss / 2 ** 20);

/** A sink that counts bytes and keeps none, slow enough to take its turn like a socket. */
class CountingSink extends Writable {
  bytes = 0;
  override _write(chunk: Buffer, _encoding: string, done: () => void) {
    this.bytes += chunk.length;
    setImmediate(done);
  }
}

async function measured(work: () => Promise<number>): Promise<{ rows: number; seconds: number; peakRssMb: number; startRssMb: number }> {
  (globalThis as { gc?: () => void }).gc?.();
  const startRssMb = rssMb();
  let peak = startRssMb;
  const timer = setInterval(() => (peak = Math.max(peak, rssMb())), 50);
  const started = process.hrtime.bigint();
  try {
    const rows = await work();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return { rows, seconds, peakRssMb: Math.max(peak, rssMb()), startRssMb };
  } finally {
    clearInterval(timer);
  }
}

/** The baseline: the same rows straight from the read model's tables, written as comma-joined values. */
export async function plainCsv(readModel: ReadModelDb, where: string, params: unknown[]): Promise<number> {
  const sink = new CountingSink();
  const rows = readModel.db
    .prepare(`SELECT r.*, t.text FROM recommendations r JOIN recommendation_texts t ON t.seq = r.seq ${where}`)
    .raw()
    .iterate(...params) as IterableIterator<unknown[]>;
  let n = 0;
  let chunk: string[] = [];
  for (const row of rows) {
    chunk.push(row.join(','));
    if (++n % 200 === 0) {
      if (!sink.write(`${chunk.join('\n')}\n`)) await new Promise((r) => sink.once('drain', r));
      chunk = [];
    }
  }
  sink.end(`${chunk.join('\n')}\n`);
  return n;
}

export async function reportsWorkload(dir: string, report: (workload: string, row: Row) => void): Promise<void> {
  console.log('\n6. Reports: the register of every recommendation as CSV and XLSX, and the heaviest report-back PDF');
  const events = createEventStore({ dataDir: dir });
  const readModel = new ReadModelDb(dir);
  // Not started: the app owns projection; reports are taken at the position the read model has reached.
  const projector = new Projector(events, readModel);
  const sources: ReportSources = {
    events,
    recommendations: new RecommendationQueries(readModel.db),
    meetings: new MeetingQueries(readModel.db),
    projector,
    readModelTimeoutMs: 1000,
  };
  const labels = labelsFor('ru');
  try {
    const point: LogPoint = await resolveLogPoint(events, { position: readModel.checkpoint().position.toString() });
    const baseline = await measured(() => plainCsv(readModel, '', []));
    const row = (format: string, m: Awaited<ReturnType<typeof measured>>, base: typeof baseline): Row => ({
      format,
      rows: m.rows,
      seconds: Number(m.seconds.toFixed(2)),
      rowsPerSec: Math.round(m.rows / m.seconds),
      peakRssMb: m.peakRssMb,
      rssGrowthMb: m.peakRssMb - m.startRssMb,
      ratioTimeVsPlainCsv: Number((m.seconds / base.seconds).toFixed(2)),
    });
    report('reports', row('plain CSV (baseline)', baseline, baseline));
    for (const [format, write] of [
      ['register CSV', writeRegisterCsv],
      ['register XLSX', (pages, out, l) => writeRegisterXlsx(pages, out, l, point)],
    ] as Array<[string, (pages: AsyncIterable<never>, out: Writable, l: typeof labels) => Promise<void>]>) {
      const m = await measured(async () => {
        let rows = 0;
        const counted = (async function* () {
          for await (const page of recommendationPagesAt(sources, {}, point)) {
            rows += page.length;
            yield page as never;
          }
        })();
        const sink = new CountingSink();
        await write(counted, sink, labels);
        return rows;
      });
      report('reports', row(format, m, baseline));
    }

    // The report-back item covering the most recommendations.
    const heaviest = readModel.db
      .prepare(
        `SELECT a.meeting_id AS meetingId, a.covers_meeting_ids AS covers, (SELECT count(*) FROM recommendations r WHERE r.meeting_id IN (SELECT value FROM json_each(a.covers_meeting_ids))) AS n
         FROM agenda_items a WHERE a.covers_meeting_ids IS NOT NULL ORDER BY n DESC LIMIT 1`,
      )
      .get() as { meetingId: string; covers: string; n: number } | undefined;
    if (!heaviest) return;
    const covers = JSON.parse(heaviest.covers) as string[];
    const base = await measured(() =>
      plainCsv(readModel, 'WHERE r.meeting_id IN (SELECT value FROM json_each(?))', [JSON.stringify(covers)]),
    );
    // One untimed rendering first: a serving process has its fonts parsed and its code warm.
    await reportBackPdf(await reportBackData(sources, heaviest.meetingId, point, false), labels);
    const pdf = await measured(async () => {
      const data = await reportBackData(sources, heaviest.meetingId, point, false);
      await reportBackPdf(data, labels);
      return data.sections.reduce((sum, s) => sum + s.totals.total, 0);
    });
    report('reports', row(`report-back PDF (${heaviest.n} recommendations)`, pdf, base));
  } finally {
    readModel.close();
    await events.close();
  }
}
