import { SmtpSink } from '../libs/notifications/src/testing/smtp-sink';
import { RunningApp, gql, metric, startApp } from './support/app-process';
import { eventually } from './support/eventually';
import { World, assignedRecommendation, establishWorld, mutate } from './support/scenario';

const RECOMMENDATIONS = 6;

describe('two service processes on one data dir and one log', () => {
  let a: RunningApp;
  let b: RunningApp;
  let sink: SmtpSink;
  let w: World;

  beforeAll(async () => {
    sink = new SmtpSink();
    const env = { SMTP_URL: await sink.start(), MAIL_FROM: 'kso@police.kz', NOTIFY_INTERVAL_SECONDS: '1' };
    a = await startApp(env);
    b = await startApp({ ...env, GOVERNANCE_DATA_DIR: a.dataDir });
    w = await establishWorld(a);
  }, 120_000);

  afterAll(async () => {
    await b?.cleanup();
    await a?.cleanup();
    await sink?.stop();
  });

  it('send each notification exactly once: every Message-ID arrives once at the SMTP server, and each is recorded once', async () => {
    await mutate(a, 'setUnitContacts', { unitId: w.unitA, emails: ['district-a@police.kz'], language: 'kk' }, w.admin, 'unit { id }');
    await mutate(b, 'setUnitContacts', { unitId: w.unitB, emails: ['admin-police@police.kz'], language: 'ru' }, w.admin, 'unit { id }');
    // Written through both processes: each notifier follows the one log and both tick every second.
    const assign = (i: number) =>
      assignedRecommendation(
        i % 2 ? a : b,
        w,
        `${i}/2026`,
        { ru: `Рекомендация ${i}` },
        { leadUnitId: w.unitA, coExecutorUnitIds: [w.unitB] },
      );
    /** Both notifiers have applied the whole log and have nothing due, and `mails` have arrived. */
    const settled = (mails: number) =>
      eventually(
        async () =>
          expect({
            mails: (await sink.settled()).length >= mails,
            due: [await metric(a, 'governance_notifications_due'), await metric(b, 'governance_notifications_due')],
            lag: [await metric(a, 'governance_notifier_lag_events'), await metric(b, 'governance_notifier_lag_events')],
          }).toEqual({ mails: true, due: [0, 0], lag: [0, 0] }),
        { timeoutMs: 60_000 },
      );
    for (let i = 1; i < RECOMMENDATIONS; i++) await assign(i);
    await settled((RECOMMENDATIONS - 1) * 2);
    // The last one is a marker: once its messages are sent too, both notifiers have ticked past the
    // others, so a second copy of any of them would have arrived before it.
    await assign(RECOMMENDATIONS);
    const expected = RECOMMENDATIONS * 2;
    await settled(expected);

    const mails = await sink.settled();
    const ids = mails.map((m) => m.messageId);
    expect(new Set(ids).size).toBe(expected);
    expect(ids).toHaveLength(expected);
    expect(mails.filter((m) => m.subject === 'Ұсыным 1: сіздің бөлімшеңізге тапсырылды')).toHaveLength(RECOMMENDATIONS);
    expect(mails.filter((m) => m.subject === 'Рекомендация 1: поручена вашему подразделению')).toHaveLength(RECOMMENDATIONS);
    // Each recorded once in the log, whichever process sent it; together they sent all of them.
    const sent = (await metric(a, 'governance_notifications_sent_total{kind="message"}')) || 0;
    const sentB = (await metric(b, 'governance_notifications_sent_total{kind="message"}')) || 0;
    expect(sent + sentB).toBe(expected);
    const list = `query { notifications(first: 50) { items { id } } }`;
    const [viaA, viaB] = [await gql(a.url, list, {}, w.tokenA), await gql(b.url, list, {}, w.tokenA)];
    expect(viaA.data!.notifications.items).toHaveLength(RECOMMENDATIONS);
    expect(viaB.data!.notifications.items).toHaveLength(RECOMMENDATIONS);
  }, 180_000);

  it('a replica started with NOTIFY_ENABLED=false sends nothing, and lists what the other process sent', async () => {
    const quiet = new SmtpSink();
    const c = await startApp({
      SMTP_URL: await quiet.start(),
      MAIL_FROM: 'kso@police.kz',
      NOTIFY_INTERVAL_SECONDS: '1',
      NOTIFY_ENABLED: 'false',
      GOVERNANCE_DATA_DIR: a.dataDir,
    });
    try {
      const before = (await sink.settled()).length;
      const recommendationId = await assignedRecommendation(c, w, '99/2026', { ru: 'Рекомендация реплики' }, { leadUnitId: w.unitA });
      // Written through the replica; the reminding processes send it.
      await eventually(async () => expect((await sink.settled()).length).toBe(before + 1), { timeoutMs: 60_000 });
      const list = `query { notifications(first: 50) { items { subjectId } } }`;
      const listed = async () =>
        ((await gql(c.url, list, {}, w.tokenA)).data!.notifications.items as Array<{ subjectId: string }>).map((n) => n.subjectId);
      await eventually(async () => expect(await listed()).toContain(recommendationId));
      // A marker written through the replica after it: once the reminding processes have sent that one
      // too, a replica that reminded would have sent the first.
      await assignedRecommendation(c, w, '100/2026', { ru: 'Маркер' }, { leadUnitId: w.unitA });
      await eventually(async () => expect((await sink.settled()).length).toBe(before + 2), { timeoutMs: 60_000 });
      expect(await quiet.settled()).toEqual([]);
      expect(c.output()).toMatch(/reminders are not sent from this process \(NOTIFY_ENABLED=false\)/);
    } finally {
      await c.stop();
      await quiet.stop();
    }
  }, 180_000);

  it('NOTIFY_ENABLED takes true or false only, and says so at start', async () => {
    await expect(startApp({ NOTIFY_ENABLED: 'maybe' })).rejects.toThrow(/NOTIFY_ENABLED must be true or false, got "maybe"/);
  }, 120_000);
});
