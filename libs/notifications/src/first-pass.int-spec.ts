import { NOTIFICATION_SENT } from './notifier';
import { NotifierWorld } from './testing/notifier-world';
import { adoptedAndAssigned } from './testing/recommendation';

const body = '20000000-0000-4000-8000-000000000001';
const units = ['20000000-0000-4000-8000-000000000002', '20000000-0000-4000-8000-000000000003'];
const rec = (i: number) => `30000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;

describe("a notifier's first pass over a long history", () => {
  const w = NotifierWorld.use({ startsAt: '2025-01-10T09:00:00Z', mailTimeoutMs: 20_000 });

  const individual = async () => (await w.events.readAll()).filter((e) => e.type === NOTIFICATION_SENT).map((e) => String(e.data.rule));

  beforeEach(async () => {
    // Two years of history, recorded as it happened, before any notifier ran.
    for (const [i, unitId] of units.entries())
      await w.append(`unit-${unitId}`, {
        type: 'UnitContactsSet',
        data: { unitId, emails: [`unit${i}@police.kz`], language: 'ru', setAt: '2025-01-10T09:00:00.000Z' },
      });
    for (let i = 0; i < 40; i++) {
      const adoptedAt = new Date(Date.parse('2025-01-10T10:00:00Z') + i * 86_400_000 * 15).toISOString();
      w.clock.set(adoptedAt);
      const history = adoptedAndAssigned({
        recommendationId: rec(i),
        bodyId: body,
        number: `${i}/2025-1`,
        text: { ru: `Рекомендация ${i}` },
        at: adoptedAt,
        leadUnitId: units[i % 2]!,
        dueDate: adoptedAt.slice(0, 10),
      });
      await w.append(`recommendation-${rec(i)}`, ...history);
    }
  });

  it('sends no reminder that was due before it started: each recipient gets one summary, claimed so only one notifier sends it', async () => {
    w.clock.set('2026-12-01T09:00:00Z');
    const [a, b] = await Promise.all([w.notifier('a'), w.notifier('b')]);
    const [ra, rb] = await Promise.all([a.tick(), b.tick()]);
    expect(ra.sent + rb.sent).toBe(0);
    // Both units by email, the body's secretary (no address) in the record only.
    expect(ra.summaries + rb.summaries).toBe(3);
    const summaries = await w.sink.settled();
    expect(summaries.map((m) => [m.to].flat()[0]?.text).sort()).toEqual(['unit0@police.kz', 'unit1@police.kz']);
    // Twenty overdue recommendations each, each assigned: counted, the latest named with their links.
    expect(summaries[0]!.subject).toBe('Напоминания включены: уже наступило — 40');
    expect(summaries[0]!.text).toContain('https://kso.example.kz/recommendations/');
    expect(await individual()).toEqual([]);

    // What becomes due after the start is told one by one: a new assignment at once, overdue a week on.
    await w.append(`recommendation-${rec(3)}`, {
      type: 'DeadlineExtended',
      data: {
        recommendationId: rec(3),
        at: '2026-12-01T09:30:00.000Z',
        dueDate: '2027-03-01',
        previousDueDate: '2025-02-24',
        reason: null,
      },
    });
    w.clock.set('2026-12-01T10:00:00Z');
    const [ta, tb] = await Promise.all([a.tick(), b.tick()]);
    expect(ta.sent + tb.sent).toBe(1);
    expect(await individual()).toEqual(['EXTENSION_GRANTED']);
    w.clock.set('2026-12-09T10:00:00Z');
    expect(await a.tick()).toMatchObject({ sent: 39, failed: 0 });
    expect((await individual()).filter((r) => r === 'OVERDUE')).toHaveLength(39);

    // A replica started later over the same log sends nothing again: no summary, no reminder.
    const late = await w.notifier('late');
    expect(await late.tick()).toMatchObject({ sent: 0, summaries: 0 });
    expect(await w.sink.settled()).toHaveLength(2 + 1 + 39);
  });

  it('a fact recorded late is still told: an assignment made at a meeting three weeks ago and recorded today goes out today, overdue too', async () => {
    w.clock.set('2026-12-01T09:00:00Z');
    const n = await w.notifier('a');
    await n.tick(); // the first pass's summaries
    const before = (await w.sink.settled()).length;
    const meetingDay = '2026-11-10T10:00:00.000Z';
    const late = { recommendationId: rec(100), bodyId: body, number: '9/2026-1', text: { ru: 'Поздно' }, at: meetingDay };
    await w.append(`recommendation-${rec(100)}`, ...adoptedAndAssigned({ ...late, leadUnitId: units[0]!, dueDate: '2026-11-20' }));
    w.clock.set('2026-12-01T09:01:00Z');
    expect(await n.tick()).toMatchObject({ sent: 2, expired: 0 });
    expect((await individual()).sort()).toEqual(['ASSIGNED', 'OVERDUE']);
    const told = (await w.sink.settled()).slice(before).map((m) => m.subject);
    expect(told.sort()).toEqual(['Рекомендация 9/2026-1: поручена вашему подразделению', expect.stringContaining('9/2026-1')]);
  });
});
