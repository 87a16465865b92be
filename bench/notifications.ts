// npm run bench:notifications -- [--events N] [--seed S] [--until YYYY-MM-DD (today)] [--due 10000] [--queries 3000]
// 1. A notifier's first pass over the whole log (in its worker thread, as the service runs it): the
//    messages it sends against the reminders already due when it started (what one message each
//    would have sent).
// 2. The oversight query mix in the serving thread while the notifier's worker sends a tick of --due
//    reminders, against the same queries with the notifier idle, same run.
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { setImmediate as turn } from 'node:timers/promises';
import { BatchAppend, SqliteEventStore } from '@gov/event-store';
import { NotifierDb, NotifierThread, TickResult } from '@gov/notifications';
import { Projector, ReadModelDb } from '@gov/read-model';
import { adoptedAndAssigned } from '../libs/notifications/src/testing/recommendation';
import { SmtpSink } from '../libs/notifications/src/testing/smtp-sink';
import { cachedHistory } from './generator';
import { oversightMix, percentile } from './oversight-mix';

const ROOT = join(__dirname, '..');
const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    seed: { type: 'string', default: '42' },
    due: { type: 'string', default: '10000' },
    until: { type: 'string' },
    queries: { type: 'string', default: '3000' },
    out: { type: 'string', default: join(ROOT, 'bench/results/notifications.json') },
  },
});
const EVENTS = Number(values.events);
const DUE = Number(values.due);
const QUERIES = Number(values.queries);
const seconds = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e9;
const event = (streamId: string, type: string, data: object): BatchAppend => ({
  streamId,
  expectedRevision: 'any',
  events: [{ id: crypto.randomUUID(), type, data: data as Record<string, unknown> }],
});

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 200));
}

async function main() {
  // A history that ends before the notifier starts, as a deployment's does: `npm run bench`'s own
  // runs on while anything is open (a million events' ran into 2035, with nothing left due now).
  const historyEnds = Date.parse(values.until ?? new Date().toISOString().slice(0, 10));
  const { dir: history, summary } = cachedHistory(join(ROOT, 'bench/results/tmp'), EVENTS, Number(values.seed), historyEnds);
  // Work on a copy: the cached history stays pristine (and may be another checkout's, shared read-only).
  const work = mkdtempSync(join(tmpdir(), 'notify-bench-'));
  const step = (what: string) => console.log(`${new Date().toISOString()} ${what}`);
  step(`copying the log to ${work}`);
  copyFileSync(join(history, 'events.sqlite'), join(work, 'events.sqlite'));
  const events = new SqliteEventStore({ dataDir: work });
  const sink = new SmtpSink(false);
  const url = await sink.start();
  let thread: NotifierThread | null = null;
  try {
    // Every unit and body with an address, as if they had set them at the start.
    const at = new Date(summary.startedAt).toISOString();
    events.appendBatch([
      ...summary.units.map((unitId) =>
        event(`unit-${unitId}`, 'UnitContactsSet', { unitId, emails: [`u-${unitId}@bench.example`], language: 'ru', setAt: at }),
      ),
      ...summary.bodies.map((bodyId) =>
        event(`body-${bodyId}`, 'BodyContactsSet', { bodyId, emails: [`b-${bodyId}@bench.example`], language: 'kk', setAt: at }),
      ),
    ]);
    const head = Number(await events.headPosition());
    // The read model the queries of (2) ask is projected in this thread while the worker makes its
    // first pass: both read the whole log, and one after the other a 10-million run took hours.
    step('the first pass, and the read model projected beside it');
    const readModel = new ReadModelDb(work);
    const projector = new Projector(events, readModel);
    const projected = projector.start().then(() => projector.stop());
    projected.catch(() => undefined); // awaited below, after the first pass

    // 1. The first pass, in the worker, ticking every second until nothing more goes out.
    const ticks: TickResult[] = [];
    const store = new NotifierDb(work);
    thread = new NotifierThread(
      {
        log: { dataDir: work },
        dataDir: work,
        smtp: { url, from: 'bench@police.kz' },
        options: { publicUrl: 'https://bench.example', owner: 'bench', messageIdDomain: 'bench.example' },
        tickEveryMs: 1000,
      },
      store,
      { onTicked: (r) => ticks.push(r), onError: (e) => console.error(e.message) },
    );
    // The machine's load average (1 min) at each phase's end: the run shares its 2 cores.
    const load: Record<string, number> = {};
    const noteLoad = (phase: string) => (load[phase] = Number(loadavg()[0]!.toFixed(1)));
    noteLoad('start');
    let t = process.hrtime.bigint();
    await thread.start();
    const firstPassSeconds = seconds(t);
    const quiet = (r: TickResult | undefined) => !!r && r.sent + r.summaries + r.digests + r.failed === 0;
    await until(() => quiet(ticks[ticks.length - 1]));
    const firstPassMessages = sink.accepted;
    noteLoad('firstPass');
    step('first pass done');
    await projected;
    step('read model projected');
    const summaries = (await events.readAll({ after: BigInt(head) }))
      .filter((e) => e.type === 'DigestSent' && e.data.kind === 'catch-up')
      .map((e) => e.data as { emails: string[]; counts: Record<string, number> });
    const dueAtStart = summaries.reduce((n, s) => n + Object.values(s.counts).reduce((a, b) => a + b, 0), 0);
    console.log(
      `first pass over ${head} events: ${firstPassSeconds.toFixed(1)} s; ${firstPassMessages} messages sent (${summaries.length} summaries) for ${dueAtStart} reminders already due`,
    );

    // 2. Queries with the notifier idle, then during a tick of DUE reminders (each new recommendation
    // assigned now tells its lead unit and one co-executor).
    const mix = oversightMix(readModel.db, events, summary);
    const timeQuery = (i: number) => {
      const q = mix[i % mix.length]!;
      const start = process.hrtime.bigint();
      q.direct();
      return Number(process.hrtime.bigint() - start) / 1e6;
    };
    const idle: number[] = [];
    for (let i = 0; i < QUERIES; i++) {
      idle.push(timeQuery(i));
      await turn();
    }
    noteLoad('idleQueries');
    step(`a tick of ${DUE} reminders`);
    const before = sink.accepted;
    const now = new Date().toISOString();
    const appends: BatchAppend[] = [];
    for (let i = 0; i < DUE / 2; i++) {
      const recommendationId = crypto.randomUUID();
      const units = summary.units.slice(20);
      const assigned = adoptedAndAssigned({
        recommendationId,
        bodyId: summary.bodies[0]!,
        number: `B-${i}`,
        text: { ru: `Рекомендация ${i}` },
        at: now,
        leadUnitId: units[i % units.length]!,
        coExecutorUnitIds: [units[(i + 1) % units.length]!],
        dueDate: '2099-12-31',
      });
      appends.push({
        streamId: `recommendation-${recommendationId}`,
        expectedRevision: 'no_stream',
        events: assigned.map((e) => ({ id: crypto.randomUUID(), type: e.type, data: e.data })),
      });
    }
    const during: number[] = [];
    t = process.hrtime.bigint();
    for (let i = 0; i < appends.length; i += 500) events.appendBatch(appends.slice(i, i + 500));
    thread.wake();
    for (let i = 0; sink.accepted < before + DUE; i++) {
      during.push(timeQuery(i));
      await turn();
    }
    const tickSeconds = seconds(t);
    noteLoad('tick');
    idle.sort((a, b) => a - b);
    during.sort((a, b) => a - b);
    const result = {
      events: head,
      loadAverage: load,
      firstPass: {
        seconds: Number(firstPassSeconds.toFixed(1)),
        messagesSent: firstPassMessages,
        summaries: summaries.length,
        remindersDueAtStart: dueAtStart,
        messagesPerReminderDue: Number((firstPassMessages / Math.max(1, dueAtStart)).toFixed(4)),
      },
      tick: {
        reminders: DUE,
        seconds: Number(tickSeconds.toFixed(1)),
        messagesPerSecond: Math.round(DUE / tickSeconds),
        queriesDuring: during.length,
        p99IdleMs: Number(percentile(idle, 99).toFixed(2)),
        p99DuringTickMs: Number(percentile(during, 99).toFixed(2)),
        p50IdleMs: Number(percentile(idle, 50).toFixed(2)),
        p50DuringTickMs: Number(percentile(during, 50).toFixed(2)),
        ratioP99DuringVsIdle: Number((percentile(during, 99) / percentile(idle, 99)).toFixed(2)),
      },
    };
    console.log(JSON.stringify(result, null, 2));
    writeFileSync(values.out, JSON.stringify(result, null, 2));
    readModel.close();
  } finally {
    await thread?.stop();
    await sink.stop();
    await events.close();
    rmSync(work, { recursive: true, force: true });
  }
}

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
