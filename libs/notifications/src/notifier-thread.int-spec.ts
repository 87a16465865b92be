import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@gov/event-store';
import { eventually } from '../../../test/support/eventually';
import { NotificationQueries } from './notification-queries';
import { NotifierDb } from './notifier-db';
import { NotifierThread } from './notifier-thread';
import { ReadMarks } from './read-marks';
import { TickResult } from './scheduler';
import { adoptedAndAssigned } from './testing/recommendation';
import { SmtpSink } from './testing/smtp-sink';

const rec = '40000000-0000-4000-8000-000000000001';
const unit = '40000000-0000-4000-8000-000000000002';
const body = '40000000-0000-4000-8000-000000000003';

describe('the notifier in a worker thread', () => {
  let dir: string;
  let events: SqliteEventStore;
  let sink: SmtpSink;
  let store: NotifierDb;
  let thread: NotifierThread | null = null;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'notifier-thread-'));
    events = new SqliteEventStore({ dataDir: dir });
    sink = new SmtpSink();
  });
  afterEach(async () => {
    await thread?.stop();
    store?.close();
    await sink.stop();
    await events.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('catches up and sends from its own thread; this thread reads the list, counts outcomes and records read marks it then shows', async () => {
    const smtpUrl = await sink.start();
    await events.appendToStream(`unit-${unit}`, [
      {
        id: crypto.randomUUID(),
        type: 'UnitContactsSet',
        data: { unitId: unit, emails: ['unit@police.kz'], language: 'ru', setAt: new Date().toISOString() },
      },
    ]);
    store = new NotifierDb(dir);
    const ticks: TickResult[] = [];
    const errors: Error[] = [];
    thread = new NotifierThread(
      {
        log: { dataDir: dir },
        dataDir: dir,
        smtp: { url: smtpUrl, from: 'kso@police.kz' },
        options: { publicUrl: 'https://kso.example.kz', owner: 'worker', messageIdDomain: 'police.kz' },
        tickEveryMs: 200,
      },
      store,
      { onTicked: (r) => ticks.push(r), onError: (e) => errors.push(e) },
    );
    const outcomes: string[] = [];
    thread.observe((o) => outcomes.push(o.result));
    await thread.start();
    expect(thread.position).toBe(await events.headPosition());

    // A recommendation assigned now: the worker hears of it (woken, not only by its poll) and sends it.
    const at = new Date().toISOString();
    const assigned = adoptedAndAssigned({
      recommendationId: rec,
      bodyId: body,
      number: '1/2026-1',
      text: { ru: 'Текст' },
      at,
      leadUnitId: unit,
      dueDate: '2099-01-01',
    });
    const { position } = await events.appendToStream(
      `recommendation-${rec}`,
      assigned.map((e) => ({ id: crypto.randomUUID(), type: e.type, data: e.data })),
    );
    thread.wake();
    await thread.waitFor(position);
    await eventually(async () =>
      expect((await sink.settled()).map((m) => m.subject)).toEqual(['Рекомендация 1/2026-1: поручена вашему подразделению']),
    );
    const queries = new NotificationQueries(store);
    await eventually(async () => expect(queries.unreadCount('officer', [`unit:${unit}`])).toBe(1));
    // The worker's reports come by message, which may arrive after its file shows the record.
    await eventually(async () => expect(outcomes).toEqual(['sent']));
    await eventually(async () => expect(ticks.some((t) => t.sent === 1)).toBe(true));
    expect(thread.backlog()).toEqual({ due: 0, retrying: 0 });

    const marks = new ReadMarks(events, queries, (p) => {
      thread!.wake();
      return thread!.waitFor(p);
    });
    const [item] = queries.list('officer', [`unit:${unit}`], 10).items;
    expect(await marks.markRead({ sub: 'officer', roles: [`unit:${unit}`] }, [item!.id])).toBe(1);
    expect(queries.unreadCount('officer', [`unit:${unit}`])).toBe(0);
    expect(errors).toEqual([]);
  });
});
