import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStore, SqliteEventStore } from '@gov/event-store';
import { SmtpMailSender } from './mail-sender';
import { NOTIFICATION_SENT, Notifier } from './notifier';
import { NotifierDb } from './notifier-db';
import { adoptedAndAssigned } from './testing/recommendation';
import { SmtpSink } from './testing/smtp-sink';

const body = '20000000-0000-4000-8000-000000000001';
const units = ['20000000-0000-4000-8000-000000000002', '20000000-0000-4000-8000-000000000003'];
const rec = (i: number) => `30000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;

describe("a notifier's first pass over a long history", () => {
  let dir: string;
  let events: EventStore;
  let sink: SmtpSink;
  let smtpUrl: string;
  let now = Date.parse('2025-01-10T09:00:00Z');
  const running: Notifier[] = [];
  const senders: SmtpMailSender[] = [];

  async function append(stream: string, ...domainEvents: Array<{ type: string; data: object }>) {
    await events.appendToStream(
      stream,
      domainEvents.map((e) => ({ id: crypto.randomUUID(), type: e.type, data: e.data as Record<string, unknown> })),
    );
  }

  async function notifier(name: string) {
    const mail = new SmtpMailSender({ url: smtpUrl, from: 'kso@police.kz', timeoutMs: 20_000 });
    senders.push(mail);
    const n = new Notifier(events, new NotifierDb(dir, join(dir, `${name}.sqlite`)), {
      clock: { now: () => now },
      mail,
      messageIdDomain: 'police.kz',
      publicUrl: 'https://kso.example.kz',
      owner: name,
    });
    running.push(n);
    await n.start();
    return n;
  }

  const individual = async () => (await events.readAll()).filter((e) => e.type === NOTIFICATION_SENT).map((e) => String(e.data.rule));

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'first-pass-'));
    events = new SqliteEventStore({ dataDir: dir, now: () => new Date(now) });
    sink = new SmtpSink();
    smtpUrl = await sink.start();
    // Two years of history, recorded as it happened, before any notifier ran.
    now = Date.parse('2025-01-10T09:00:00Z');
    for (const [i, unitId] of units.entries())
      await append(`unit-${unitId}`, {
        type: 'UnitContactsSet',
        data: { unitId, emails: [`unit${i}@police.kz`], language: 'ru', setAt: '2025-01-10T09:00:00.000Z' },
      });
    for (let i = 0; i < 40; i++) {
      const adoptedAt = new Date(Date.parse('2025-01-10T10:00:00Z') + i * 86_400_000 * 15).toISOString();
      now = Date.parse(adoptedAt);
      const history = adoptedAndAssigned({
        recommendationId: rec(i),
        bodyId: body,
        number: `${i}/2025-1`,
        text: { ru: `Рекомендация ${i}` },
        at: adoptedAt,
        leadUnitId: units[i % 2]!,
        dueDate: adoptedAt.slice(0, 10),
      });
      await append(`recommendation-${rec(i)}`, ...history);
    }
  });

  afterEach(async () => {
    for (const n of running.splice(0)) {
      await n.stop();
      n.store.close();
    }
    for (const s of senders.splice(0)) s.close();
    await sink.stop();
    await events.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends no reminder that was due before it started: each recipient gets one summary, claimed so only one notifier sends it', async () => {
    now = Date.parse('2026-12-01T09:00:00Z');
    const [a, b] = await Promise.all([notifier('a'), notifier('b')]);
    const [ra, rb] = await Promise.all([a.tick(), b.tick()]);
    expect(ra.sent + rb.sent).toBe(0);
    // Both units by email, the body's secretary (no address) in the record only.
    expect(ra.summaries + rb.summaries).toBe(3);
    const summaries = await sink.settled();
    expect(summaries.map((m) => [m.to].flat()[0]?.text).sort()).toEqual(['unit0@police.kz', 'unit1@police.kz']);
    // Twenty overdue recommendations each, each assigned: counted, the latest named with their links.
    expect(summaries[0]!.subject).toBe('Напоминания включены: уже наступило — 40');
    expect(summaries[0]!.text).toContain('https://kso.example.kz/recommendations/');
    expect(await individual()).toEqual([]);

    // What becomes due after the start is told one by one: a new assignment at once, overdue a week on.
    await append(`recommendation-${rec(3)}`, {
      type: 'DeadlineExtended',
      data: {
        recommendationId: rec(3),
        at: '2026-12-01T09:30:00.000Z',
        dueDate: '2027-03-01',
        previousDueDate: '2025-02-24',
        reason: null,
      },
    });
    now = Date.parse('2026-12-01T10:00:00Z');
    await Promise.all([a.waitFor(await events.headPosition()), b.waitFor(await events.headPosition())]);
    const [ta, tb] = await Promise.all([a.tick(), b.tick()]);
    expect(ta.sent + tb.sent).toBe(1);
    expect(await individual()).toEqual(['EXTENSION_GRANTED']);
    now = Date.parse('2026-12-09T10:00:00Z');
    expect(await a.tick()).toMatchObject({ sent: 39, failed: 0 });
    expect((await individual()).filter((r) => r === 'OVERDUE')).toHaveLength(39);

    // A replica started later over the same log sends nothing again: no summary, no reminder.
    const late = await notifier('late');
    expect(await late.tick()).toMatchObject({ sent: 0, summaries: 0 });
    expect(await sink.settled()).toHaveLength(2 + 1 + 39);
  });

  it('a fact recorded late is still told: an assignment made at a meeting three weeks ago and recorded today goes out today, overdue too', async () => {
    now = Date.parse('2026-12-01T09:00:00Z');
    const n = await notifier('a');
    await n.tick(); // the first pass's summaries
    const before = (await sink.settled()).length;
    const meetingDay = '2026-11-10T10:00:00.000Z';
    const late = { recommendationId: rec(100), bodyId: body, number: '9/2026-1', text: { ru: 'Поздно' }, at: meetingDay };
    await append(`recommendation-${rec(100)}`, ...adoptedAndAssigned({ ...late, leadUnitId: units[0]!, dueDate: '2026-11-20' }));
    now = Date.parse('2026-12-01T09:01:00Z');
    await n.waitFor(await events.headPosition());
    expect(await n.tick()).toMatchObject({ sent: 2, expired: 0 });
    expect((await individual()).sort()).toEqual(['ASSIGNED', 'OVERDUE']);
    const told = (await sink.settled()).slice(before).map((m) => m.subject);
    expect(told.sort()).toEqual(['Рекомендация 9/2026-1: поручена вашему подразделению', expect.stringContaining('9/2026-1')]);
  });
});
