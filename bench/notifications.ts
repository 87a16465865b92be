// npm run bench:notifications -- [--events N] [--seed S] [--due 10000]
// Notifier catch-up from zero, as a ratio to the projector's rebuild of the same log in the same run;
// one tick with --due reminders due against a local SMTP sink, as a ratio to plain nodemailer sends to it.
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createTransport } from 'nodemailer';
import { SqliteEventStore } from '@gov/event-store';
import { Notifier, NotifierDb, SmtpMailSender } from '@gov/notifications';
import { SmtpSink } from '../libs/notifications/src/testing/smtp-sink';
import { Projector, ReadModelDb } from '@gov/read-model';
import { generateHistory } from './generator';

const ROOT = join(__dirname, '..');
const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    seed: { type: 'string', default: '42' },
    due: { type: 'string', default: '10000' },
    out: { type: 'string', default: join(ROOT, 'bench/results/notifications.json') },
  },
});
const EVENTS = Number(values.events);
const DUE = Number(values.due);
const seconds = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e9;

async function main() {
  // The same cached history `npm run bench` generates (bench/results/tmp/history-<events>-<seed>).
  const history = join(ROOT, 'bench/results/tmp', `history-${EVENTS}-${values.seed}`);
  if (!existsSync(join(history, 'events.sqlite'))) {
    console.log(`Generating ${EVENTS} events…`);
    const store = new SqliteEventStore({ dataDir: history });
    writeFileSync(
      join(history, 'summary.json'),
      JSON.stringify(generateHistory({ events: EVENTS, seed: Number(values.seed), sink: (b) => store.appendBatch(b) })),
    );
    await store.close();
  }
  // The tick appends its records: work on a copy so the cached history stays pristine (and may be
  // another checkout's, shared read-only).
  const work = mkdtempSync(join(tmpdir(), 'notify-bench-'));
  copyFileSync(join(history, 'events.sqlite'), join(work, 'events.sqlite'));
  const events = new SqliteEventStore({ dataDir: work });
  const head = Number(await events.headPosition());
  try {
    // 1. Catch-up from zero: the projector's rebuild, then the notifier's, of the same log in this process.
    const readModel = new ReadModelDb(work);
    let t = process.hrtime.bigint();
    const projector = new Projector(events, readModel);
    await projector.start();
    const projectorSeconds = seconds(t);
    await projector.stop();
    readModel.close();

    const clock = { now: () => 0 };
    const sink = new SmtpSink(false);
    const url = await sink.start();
    const mail = new SmtpMailSender({ url, from: 'bench@police.kz' });
    const store = new NotifierDb(work);
    const notifier = new Notifier(events, store, {
      clock,
      mail,
      publicUrl: 'https://bench.example',
      owner: 'bench',
      staleAfterMs: Number.MAX_SAFE_INTEGER,
    });
    t = process.hrtime.bigint();
    await notifier.start();
    const notifierSeconds = seconds(t);
    const pending = store.db.prepare('SELECT count(*) FROM pending').pluck().get() as number;
    console.log(
      `catch-up of ${head} events: projector ${(head / projectorSeconds).toFixed(0)} ev/s, notifier ${(head / notifierSeconds).toFixed(0)} ev/s, ratio ${(projectorSeconds / notifierSeconds).toFixed(2)}; ${pending} reminders kept`,
    );

    // 2. One tick with DUE reminders due, every recipient with an address. The clock stands at the
    // DUE-th earliest moment so exactly those are due.
    const dueAt = store.db
      .prepare('SELECT next_attempt_at FROM pending ORDER BY next_attempt_at LIMIT 1 OFFSET ?')
      .pluck()
      .get(DUE - 1) as string;
    store.db
      .prepare(
        "INSERT OR IGNORE INTO contacts (recipient, emails, language) SELECT DISTINCT recipient, json_array(replace(recipient, ':', '-') || '@bench.example'), 'ru' FROM pending",
      )
      .run();
    clock.now = () => Date.parse(dueAt);
    t = process.hrtime.bigint();
    const result = await notifier.tick(DUE);
    const tickSeconds = seconds(t);
    // Baseline: the same number of messages straight through a pooled nodemailer transport, as many in flight.
    const raw = createTransport({ url, pool: true, maxConnections: 5 } as Parameters<typeof createTransport>[0]);
    let left = result.sent;
    t = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (left-- > 0)
          await raw.sendMail({ from: 'bench@police.kz', to: 'x@bench.example', subject: 'm', text: 'x', html: '<p>x</p>' });
      }),
    );
    const rawSeconds = seconds(t);
    raw.close();
    const summary = {
      events: head,
      projectorEventsPerSecond: Math.round(head / projectorSeconds),
      notifierEventsPerSecond: Math.round(head / notifierSeconds),
      notifierToProjector: Number((projectorSeconds / notifierSeconds).toFixed(2)),
      tick: result,
      tickMessagesPerSecond: Math.round(result.sent / tickSeconds),
      rawSendsPerSecond: Math.round(result.sent / rawSeconds),
      tickToRawSends: Number((rawSeconds / tickSeconds).toFixed(2)),
    };
    console.log(JSON.stringify(summary, null, 2));
    writeFileSync(values.out, JSON.stringify(summary, null, 2));
    await notifier.stop();
    mail.close();
    store.close();
    await sink.stop();
  } finally {
    await events.close();
    rmSync(work, { recursive: true, force: true });
  }
}

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
