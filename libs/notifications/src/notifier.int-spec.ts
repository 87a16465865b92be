import { EventStore } from '@gov/event-store';
import { RecommendationEvent } from '@gov/domain';
import { NOTIFICATION_SENT, Notifier, notificationStream } from './notifier';
import { DEFAULT_RULES } from './rules';
import { DIGEST_SENT, digestId } from './digest';
import { NotificationQueries } from './notification-queries';
import { NotifierWorld } from './testing/notifier-world';
import type { ParsedMail } from 'mailparser';

const rec = '10000000-0000-4000-8000-000000000001';
const body = '10000000-0000-4000-8000-000000000002';
const lead = '10000000-0000-4000-8000-000000000003';
const co = '10000000-0000-4000-8000-000000000004';
const c = { recommendationId: rec };

describe('notifier: driven by the log, sent by SMTP, recorded once', () => {
  // The log records events at the test's time: a reminder an event calls for is due once it is recorded.
  const w = NotifierWorld.use({ startsAt: '2026-03-02T09:05:00Z', mailTimeoutMs: 1000 });

  const assigned = (at: string, dueDate: string): RecommendationEvent => ({
    type: 'ResponsibilityAssigned',
    data: { ...c, at, leadUnitId: lead, coExecutorUnitIds: [co], dueDate, originalDueDate: dueDate },
  });

  async function seed() {
    const setAt = '2026-03-01T00:00:00.000Z';
    for (const [unitId, email, language] of [
      [lead, 'lead@police.kz', 'kk'],
      [co, 'co@police.kz', 'ru'],
    ])
      await w.append(`unit-${unitId}`, { type: 'UnitContactsSet', data: { unitId, emails: [email], language, setAt } });
    await w.append(`body-${body}`, {
      type: 'BodyContactsSet',
      data: { bodyId: body, emails: ['secretary@police.kz'], language: 'en', setAt },
    });
    await w.append(
      `recommendation-${rec}`,
      {
        type: 'RecommendationAdopted',
        data: {
          ...c,
          bodyId: body,
          meetingId: body,
          agendaItemId: body,
          number: '1/2026-1',
          text: { kk: 'Аудандық бөлімшелердің жұмысын жақсарту', ru: 'Улучшить работу районных подразделений' },
          origin: 'BODY',
          priority: 'NORMAL',
          adoptedAt: '2026-03-01T10:00:00.000Z',
        },
      },
      assigned('2026-03-02T09:00:00.000Z', '2026-04-30'),
    );
  }

  const sentRecords = async () =>
    (await w.events.readAll())
      .filter((e) => e.type === NOTIFICATION_SENT)
      .map((e) => e.data as { rule: string; recipient: string; dueAt: string; messageId: string });
  const addresses = (m: ParsedMail) => [m.to].flat().map((a) => a?.text);
  const to = (mails: ParsedMail[]) => mails.map((m) => `${m.subject} -> ${addresses(m).join()}`);

  it('tells each unit in its own language, once, and records who was reminded when', async () => {
    const n = await w.notifier('a');
    await seed();
    expect(await n.tick()).toMatchObject({ sent: 2, failed: 0 });
    const mails = await w.sink.settled();
    expect(to(mails).sort()).toEqual([
      'Рекомендация 1/2026-1: поручена вашему подразделению -> co@police.kz',
      'Ұсыным 1/2026-1: сіздің бөлімшеңізге тапсырылды -> lead@police.kz',
    ]);
    const kazakh = mails.find((m) => m.subject?.startsWith('Ұсыным'))!;
    expect(kazakh.text).toContain('Аудандық бөлімшелердің жұмысын жақсарту');
    expect(kazakh.text).toContain(`https://kso.example.kz/recommendations/${rec}`);
    expect(kazakh.html).toContain(`href="https://kso.example.kz/recommendations/${rec}"`);
    const records = await sentRecords();
    expect(records.map((r) => `${r.rule} ${r.recipient}`).sort()).toEqual([`ASSIGNED unit:${co}`, `ASSIGNED unit:${lead}`].sort());
    expect(mails.map((m) => m.messageId).sort()).toEqual(records.map((r) => r.messageId).sort());

    expect(await n.tick()).toMatchObject({ sent: 0 });
    // A restart with a notifier that replays the log from zero sends nothing again.
    const fresh = await w.notifier('fresh');
    expect(await fresh.tick()).toMatchObject({ sent: 0 });
    expect(await w.sink.settled()).toHaveLength(2);
  });

  it('a unit that chose the daily digest gets one message a day at the digest hour in Almaty, listing each reminder with its link, once; the app lists them one by one', async () => {
    const n = await w.notifier('a');
    await seed();
    await w.append(`unit-${lead}`, {
      type: 'UnitContactsSet',
      data: { unitId: lead, emails: ['lead@police.kz'], language: 'kk', digest: true, setAt: '2026-03-02T08:00:00.000Z' },
    });
    expect(await n.tick()).toMatchObject({ sent: 2, digests: 0 });
    await w.append(
      `recommendation-${rec}`,
      {
        type: 'DeadlineExtensionRequested',
        data: { ...c, at: '2026-03-02T10:00:00.000Z', unitId: lead, requestedDueDate: '2026-06-30', reason: 'staff' },
      },
      {
        type: 'DeadlineExtended',
        data: { ...c, at: '2026-03-02T11:00:00.000Z', dueDate: '2026-06-30', previousDueDate: '2026-04-30', reason: null },
      },
    );
    w.clock.set('2026-03-02T11:05:00Z');
    expect(await n.tick()).toMatchObject({ sent: 2, digests: 0 }); // the extension, to both units
    // Only the co-executor, who did not choose the digest, has had messages of its own.
    expect(to(await w.sink.settled()).every((m) => m.endsWith('-> co@police.kz') || m.endsWith('-> secretary@police.kz'))).toBe(true);
    const before = (await w.sink.settled()).length;
    w.clock.set('2026-03-03T02:59:59Z'); // 07:59:59 in Almaty
    expect(await n.tick()).toMatchObject({ digests: 0 });
    // Refused at the hour: tried again after the backoff, not before.
    w.sink.behaviour = 'refuse';
    w.clock.set('2026-03-03T03:00:00Z'); // 08:00 in Almaty
    expect(await n.tick()).toMatchObject({ digests: 0 });
    w.sink.behaviour = 'accept';
    w.clock.set('2026-03-03T03:00:30Z');
    expect(await n.tick()).toMatchObject({ digests: 0 });
    w.clock.set('2026-03-03T03:01:00Z');
    expect(await n.tick()).toMatchObject({ digests: 1 });
    const mails = await w.sink.settled();
    expect(mails).toHaveLength(before + 1);
    const digest = mails[mails.length - 1]!;
    expect(to([digest])).toEqual(['2026-03-03 күнгі жиынтық: 2 еске салу -> lead@police.kz']);
    expect(digest.messageId).toBe(`<${digestId(`unit:${lead}`, '2026-03-03')}@police.kz>`);
    expect(digest.text).toContain('Ұсыным 1/2026-1: сіздің бөлімшеңізге тапсырылды');
    expect(digest.text).toContain('Ұсыным 1/2026-1: мерзімі 2026-06-30 дейін ұзартылды');
    expect(digest.text).toContain(`https://kso.example.kz/recommendations/${rec}`);
    expect(digest.html).toContain(
      `<li><a href="https://kso.example.kz/recommendations/${rec}">Ұсыным 1/2026-1: сіздің бөлімшеңізге тапсырылды</a></li>`,
    );
    // Once: again on this notifier, on a second one, and the next day with nothing new.
    expect(await n.tick()).toMatchObject({ digests: 0 });
    expect(await (await w.notifier('b')).tick()).toMatchObject({ sent: 0, digests: 0 });
    w.clock.set('2026-03-04T03:00:00Z');
    expect(await n.tick()).toMatchObject({ digests: 0 });
    expect(await w.sink.settled()).toHaveLength(before + 1);
    const digests = (await w.events.readAll()).filter((e) => e.type === DIGEST_SENT);
    expect(digests.map((e) => (e.data as { notificationIds: string[] }).notificationIds.length)).toEqual([2]);
    const inApp = new NotificationQueries(n.store).list('duty officer', [`unit:${lead}`], 10);
    expect(inApp.items.map((i) => i.rule).sort()).toEqual(['ASSIGNED', 'EXTENSION_GRANTED']);

    // What becomes due after a digest waits for the next day's.
    await w.append(`recommendation-${rec}`, {
      type: 'ImplementationReported',
      data: { ...c, at: '2026-03-04T05:00:00.000Z', unitId: lead, reportedBy: 'u1', summary: 'Сделано', evidence: [] },
    });
    await w.append(`recommendation-${rec}`, {
      type: 'ImplementationReturned',
      data: { ...c, at: '2026-03-04T06:00:00.000Z', returnedBy: 's1', reason: 'Нет доказательств' },
    });
    w.clock.set('2026-03-04T06:05:00Z');
    await n.tick();
    expect(await w.sink.settled()).toHaveLength(before + 1 + 1); // the co-executor, on its own
    w.clock.set('2026-03-05T03:00:00Z');
    expect(await n.tick()).toMatchObject({ digests: 1 });
    const next = (await w.sink.settled()).at(-1)!;
    expect(to([next])).toEqual(['2026-03-05 күнгі жиынтық: 1 еске салу -> lead@police.kz']);
    expect(next.text).toContain('хатшы қайтарды');
  });

  it("a returned report and a refused extension tell the units the secretary's reason, in the mail and in the app, in each unit's language", async () => {
    const n = await w.notifier('a');
    await seed();
    await n.tick();
    const before = (await w.sink.settled()).length;
    await w.append(
      `recommendation-${rec}`,
      {
        type: 'ImplementationReported',
        data: { ...c, at: '2026-03-03T05:00:00.000Z', unitId: lead, reportedBy: 'u1', summary: 'Сделано', evidence: [] },
      },
      {
        type: 'ImplementationReturned',
        data: { ...c, at: '2026-03-03T06:00:00.000Z', returnedBy: 's1', reason: 'Нет фотографий установленных знаков' },
      },
    );
    w.clock.set('2026-03-03T06:05:00Z');
    expect(await n.tick()).toMatchObject({ sent: 2 });
    const returned = (await w.sink.settled()).slice(before);
    expect(to(returned).sort()).toEqual([
      'Рекомендация 1/2026-1: возвращена секретарём: исполнение не принято. Причина: Нет фотографий установленных знаков -> co@police.kz',
      'Ұсыным 1/2026-1: хатшы қайтарды: орындалуы қабылданбады. Себебі: Нет фотографий установленных знаков -> lead@police.kz',
    ]);
    expect(returned.find((m) => m.subject?.startsWith('Ұсыным'))!.html).toContain('Себебі: Нет фотографий установленных знаков');
    // A long reason is cut in the title and given whole in the body.
    const reason =
      `Продление не обосновано: ${'бюджет на этот год уже утверждён, работы можно выполнить силами отдела; '.repeat(4)}`.trim();
    await w.append(
      `recommendation-${rec}`,
      {
        type: 'DeadlineExtensionRequested',
        data: { ...c, at: '2026-03-04T05:00:00.000Z', unitId: lead, requestedDueDate: '2026-06-30', reason: 'бюджет' },
      },
      { type: 'DeadlineExtensionRefused', data: { ...c, at: '2026-03-04T06:00:00.000Z', requestedDueDate: '2026-06-30', reason } },
    );
    w.clock.set('2026-03-04T06:05:00Z');
    await n.tick();
    const refused = (await w.sink.settled()).filter((m) => m.subject?.includes('в продлении срока отказано'));
    expect(refused).toHaveLength(1);
    expect(refused[0]!.subject).toMatch(
      /^Рекомендация 1\/2026-1: в продлении срока отказано; срок 2026-04-30\. Причина: Продление не обосновано: .*…$/,
    );
    expect(refused[0]!.text).toContain(`Причина: ${reason}`);

    // The app lists the same titles (once the notifier has read its records back): the unit sees why without opening the mail.
    await n.waitFor((await w.events.readAll()).at(-1)!.position);
    const inApp = new NotificationQueries(n.store).list('duty officer', [`unit:${lead}`], 10);
    expect(inApp.items.find((i) => i.rule === 'RETURNED')!.title).toBe(
      'Ұсыным 1/2026-1: хатшы қайтарды: орындалуы қабылданбады. Себебі: Нет фотографий установленных знаков',
    );
    expect(inApp.items.find((i) => i.rule === 'EXTENSION_REFUSED')!.title).toContain('Себебі: Продление не обосновано');
  });

  it('due in 7 days, tomorrow, overdue then weekly, and the secretary after 14 days', async () => {
    const n = await w.notifier('a');
    await seed();
    await n.tick();
    let seen = 2;
    const rules = async (iso: string) => {
      w.clock.set(iso);
      await n.tick();
      await n.waitFor(await w.events.headPosition());
      const all = (await sentRecords()).map(
        (r) =>
          `${r.rule} ${r.recipient === `unit:${lead}` ? 'lead' : r.recipient === `unit:${co}` ? 'co' : 'body'} ${r.dueAt.slice(0, 10)}`,
      );
      const fresh = all.slice(seen).sort();
      seen = all.length;
      return fresh;
    };
    expect(await rules('2026-04-22T12:00:00Z')).toEqual([]);
    expect(await rules('2026-04-23T06:00:00Z')).toEqual(['DUE_SOON co 2026-04-23', 'DUE_SOON lead 2026-04-23']);
    expect(await rules('2026-04-29T06:00:00Z')).toEqual(['DUE_TOMORROW co 2026-04-29', 'DUE_TOMORROW lead 2026-04-29']);
    expect(await rules('2026-05-01T06:00:00Z')).toEqual(['OVERDUE co 2026-05-01', 'OVERDUE lead 2026-05-01']);
    expect(await rules('2026-05-03T06:00:00Z')).toEqual([]);
    expect(await rules('2026-05-08T06:00:00Z')).toEqual(['OVERDUE co 2026-05-08', 'OVERDUE lead 2026-05-08']);
    expect(await rules('2026-05-15T06:00:00Z')).toEqual([
      'OVERDUE co 2026-05-15',
      'OVERDUE lead 2026-05-15',
      'OVERDUE_ESCALATION body 2026-05-15',
    ]);
    const escalation = (await w.sink.settled()).find((m) => m.subject?.includes('more than 14 days'));
    expect(escalation?.to && [escalation.to].flat()[0]?.text).toBe('secretary@police.kz');
  });

  it('an extension moves pending reminders; a withdrawal cancels them; a reopening starts again', async () => {
    const n = await w.notifier('a');
    await seed();
    await n.tick();
    await w.append(
      `recommendation-${rec}`,
      {
        type: 'DeadlineExtensionRequested',
        data: { ...c, at: '2026-03-03T09:00:00.000Z', unitId: lead, requestedDueDate: '2026-06-30', reason: 'staff' },
      },
      {
        type: 'DeadlineExtended',
        data: { ...c, at: '2026-03-03T10:00:00.000Z', dueDate: '2026-06-30', previousDueDate: '2026-04-30', reason: null },
      },
    );
    w.clock.set('2026-03-03T11:00:00Z');
    await n.tick();
    w.clock.set('2026-05-01T06:00:00Z');
    await n.tick();
    const afterExtension = (await sentRecords()).map((r) => r.rule);
    expect(afterExtension.filter((r) => r === 'EXTENSION_GRANTED')).toHaveLength(2);
    expect(afterExtension.filter((r) => r === 'OVERDUE' || r === 'DUE_SOON')).toEqual([]);
    await w.append(`recommendation-${rec}`, {
      type: 'RecommendationWithdrawn',
      data: { ...c, at: '2026-05-02T09:00:00.000Z', reason: 'moot' },
    });
    w.clock.set('2026-07-05T06:00:00Z');
    await n.tick();
    expect((await sentRecords()).filter((r) => r.rule === 'OVERDUE')).toEqual([]);
    await w.append(`recommendation-${rec}`, {
      type: 'RecommendationReopened',
      data: { ...c, at: '2026-07-05T07:00:00.000Z', reason: 'again', status: 'ASSIGNED' },
    });
    w.clock.set('2026-07-05T08:00:00Z');
    await n.tick();
    const after = (await sentRecords()).map((r) => `${r.rule} ${r.dueAt}`);
    expect(after.filter((r) => r.startsWith('ASSIGNED 2026-07-05'))).toHaveLength(2);
    expect(after.filter((r) => r.startsWith('OVERDUE 2026-07-01'))).toHaveLength(2);
  });

  it("a deployment's changed rules plan what is pending again at the next start", async () => {
    const a = await w.notifier('x');
    await seed();
    const dueSoon = (n: Notifier) =>
      n.store.db.prepare("SELECT DISTINCT due_at FROM pending WHERE rule = 'DUE_SOON'").pluck().all() as string[];
    expect(dueSoon(a)).toEqual(['2026-04-23T00:00:00.000Z']);
    await a.stop();
    a.store.close();
    const b = await w.notifier('x', { rules: { ...DEFAULT_RULES, dueSoonDays: 10 } });
    expect(dueSoon(b)).toEqual(['2026-04-20T00:00:00.000Z']);
  });

  it('two notifiers on one log send each notification once', async () => {
    const a = await w.notifier('a');
    const b = await w.notifier('b');
    await seed();
    const [ra, rb] = await Promise.all([a.tick(), b.tick()]);
    expect(ra.sent + rb.sent).toBe(2);
    expect(await w.sink.settled()).toHaveLength(2);
    expect(await sentRecords()).toHaveLength(2);
  });

  it('two notifiers sharing one notifications file (two processes on one data dir) fold each event once', async () => {
    const a = await w.notifier('shared');
    const b = await w.notifier('shared', { owner: 'shared-2' });
    await seed();
    await w.append(
      `recommendation-${rec}`,
      { type: 'RecommendationWithdrawn', data: { ...c, at: '2026-03-02T09:01:00.000Z', reason: 'moot' } },
      { type: 'RecommendationReopened', data: { ...c, at: '2026-03-02T09:02:00.000Z', reason: 'again', status: 'ASSIGNED' } },
    );
    const tracked = a.store.db.prepare('SELECT json FROM tracked WHERE subject_id = ?').pluck().get(rec) as string;
    expect((JSON.parse(tracked) as { cycle: number }).cycle).toBe(1);
    const [ra, rb] = await Promise.all([a.tick(), b.tick()]);
    expect(ra.sent + rb.sent).toBe(2);
    expect(await w.sink.settled()).toHaveLength(2);
  });

  it('a refused, hanging or dropped delivery is retried with backoff, listed as failing, and recorded only once accepted', async () => {
    const n = await w.notifier('a');
    const outcomes: string[] = [];
    n.observe((o) => outcomes.push(o.result === 'sent' ? `sent ${o.kind}` : `failed ${o.reason}`));
    await seed();
    for (const behaviour of ['refuse', 'hang', 'drop'] as const) {
      w.sink.behaviour = behaviour;
      w.clock.set(new Date(w.clock.now() + 3_600_000).toISOString());
      const result = await n.tick();
      expect(result.failed).toBeGreaterThan(0);
      expect(result.sent).toBe(0);
      expect(await sentRecords()).toEqual([]);
      expect(n.failing().length).toBe(2);
      expect(n.failing()[0]!.lastError).toBeTruthy();
      expect(n.backlog()).toEqual({ due: 2, retrying: 2 });
      // Not due again before the backoff has passed.
      expect(await n.tick()).toMatchObject({ sent: 0, failed: 0 });
    }
    w.sink.behaviour = 'accept';
    w.clock.set(new Date(w.clock.now() + 3 * 3_600_000).toISOString());
    expect(await n.tick()).toMatchObject({ sent: 2, failed: 0 });
    expect(n.failing()).toEqual([]);
    expect(await sentRecords()).toHaveLength(2);
    // Each failure is told with its reason (the metrics' label), each delivery once.
    expect(outcomes).toEqual([
      ...Array<string>(2).fill('failed refused'),
      ...Array<string>(2).fill('failed timeout'),
      ...Array<string>(2).fill('failed connection'),
      ...Array<string>(2).fill('sent message'),
    ]);
    expect(n.backlog()).toEqual({ due: 0, retrying: 0 });
  });

  it('an overdue reminder that fails after an outage of more than a week is listed as failing, backs off, and goes out once for the latest week', async () => {
    const n = await w.notifier('a');
    await seed();
    await n.tick();
    // Down from before the due date (2026-04-30) until the second overdue week: the weeks collapse into the latest.
    w.sink.behaviour = 'refuse';
    w.clock.set('2026-05-12T06:00:00Z');
    expect(await n.tick()).toMatchObject({ sent: 0, failed: 2 });
    await n.waitFor(await w.events.headPosition());
    expect(
      n
        .failing()
        .map((f) => `${f.rule} ${f.recipient} ${f.attempts} ${f.nextAttemptAt}`)
        .sort(),
    ).toEqual([`OVERDUE unit:${co} 1 2026-05-12T06:01:00.000Z`, `OVERDUE unit:${lead} 1 2026-05-12T06:01:00.000Z`].sort());
    expect(n.backlog()).toEqual({ due: 2, retrying: 2 });
    w.sink.behaviour = 'accept';
    w.clock.set('2026-05-12T06:00:30Z');
    expect(await n.tick()).toMatchObject({ sent: 0, failed: 0, skipped: 0 });
    w.clock.set('2026-05-12T06:01:00Z');
    expect(await n.tick()).toMatchObject({ sent: 2, failed: 0 });
    await n.waitFor(await w.events.headPosition());
    expect(n.failing()).toEqual([]);
    const overdue = (await sentRecords()).filter((r) => r.rule === 'OVERDUE').map((r) => r.dueAt);
    expect(overdue).toEqual(['2026-05-08T00:00:00.000Z', '2026-05-08T00:00:00.000Z']);
  });

  it('a crash between acceptance and the record resends at most once, with the same Message-ID', async () => {
    // The first sender "dies" right after the server accepted: its record never reaches the log.
    const dying = Object.assign(Object.create(w.events) as EventStore, {
      appendToStream: (stream: string, appended: Parameters<EventStore['appendToStream']>[1], options?: { expectedRevision?: bigint }) =>
        appended.some((e) => e.type === NOTIFICATION_SENT)
          ? Promise.reject(new Error('killed'))
          : w.events.appendToStream(stream, appended, options),
    });
    const n = await w.notifier('a', { leaseMs: 60_000 }, dying);
    await seed();
    await expect(n.tick()).rejects.toThrow('killed');
    await n.stop();
    expect(await w.sink.settled()).toHaveLength(2);
    expect(await sentRecords()).toEqual([]);
    const restarted = await w.notifier('a-restarted');
    expect(await restarted.tick()).toMatchObject({ sent: 0 }); // the dead sender's lease still holds
    w.clock.set(new Date(w.clock.now() + 61_000).toISOString());
    expect(await restarted.tick()).toMatchObject({ sent: 2 });
    const mails = await w.sink.settled();
    expect(mails).toHaveLength(4);
    expect(new Set(mails.map((m) => m.messageId)).size).toBe(2);
    expect(await sentRecords()).toHaveLength(2);
    expect((await w.events.readStream(notificationStream((await sentRecords())[0]!.messageId.slice(1, 37)))).map((e) => e.type)).toEqual([
      'NotificationClaimed',
      'NotificationClaimed',
      'NotificationSent',
    ]);
  });
});
