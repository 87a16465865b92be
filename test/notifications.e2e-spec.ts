import { ParsedMail } from 'mailparser';
import { SmtpSink } from '../libs/notifications/src/testing/smtp-sink';
import { RunningApp, codeOf, gql, metric, startApp } from './support/app-process';
import { eventually } from './support/eventually';
import { World, assignedRecommendation, establishWorld, heldMeeting, mutate, tryMutate } from './support/scenario';

const PUBLIC_URL = 'https://kso.karaganda.example';
const LIST = `query($first: Int) { notifications(first: $first) { unreadCount hasMore items { id rule recipient subjectId title emails read } } }`;

/** Waits (bounded) until the SMTP server has accepted `count` messages; never sleeps for business time. */
function mailsArrived(sink: SmtpSink, count: number): Promise<ParsedMail[]> {
  return eventually(async () => {
    const mails = await sink.settled();
    expect(mails.length).toBeGreaterThanOrEqual(count);
    return mails;
  });
}
/** The in-app list once it holds `count` items: the record follows the SMTP server's acceptance by a moment. */
function listed(app: RunningApp, bearer: string, count: number) {
  return eventually(async () => {
    const r = await gql(app.url, LIST, { first: 10 }, bearer);
    expect(r.errors).toBeUndefined();
    expect(r.data!.notifications.items.length).toBeGreaterThanOrEqual(count);
    return r;
  });
}
const addressOf = (m: ParsedMail) => [m.to].flat()[0]?.text;
/**
 * Waits until the given /metrics series all read as expected: the notifier records and counts a
 * delivery a moment after the SMTP server has answered.
 */
function metricsReach(app: RunningApp, expected: Record<string, number>): Promise<void> {
  const read = async () => Object.fromEntries(await Promise.all(Object.keys(expected).map(async (s) => [s, await metric(app, s)])));
  return eventually(async () => expect(await read()).toEqual(expected));
}

describe('reminders and notifications over the running app', () => {
  let app: RunningApp;
  let sink: SmtpSink;
  let w: World;

  beforeAll(async () => {
    sink = new SmtpSink();
    const smtpUrl = await sink.start();
    app = await startApp({ SMTP_URL: smtpUrl, MAIL_FROM: 'kso@police.kz', PUBLIC_URL, NOTIFY_INTERVAL_SECONDS: '1' });
    w = await establishWorld(app);
  }, 120_000);

  it("failing deliveries are an administrator's list", async () => {
    const q = `{ notificationFailures { id recipient rule attempts nextAttemptAt lastError } }`;
    expect((await gql(app.url, q, {}, w.admin)).data!.notificationFailures).toEqual([]);
    expect(codeOf(await gql(app.url, q, {}, w.secretary))).toBe('FORBIDDEN');
  });

  afterAll(async () => {
    await app?.cleanup();
    await sink?.stop();
  });

  it('a service with a wrong reminder setting does not start, and says which', async () => {
    await expect(startApp({ DUE_SOON_DAYS: 'soon', DIGEST_HOUR: '25' })).rejects.toThrow(
      /DUE_SOON_DAYS must be a whole number of days from 1 to 365, got "soon"; DIGEST_HOUR must be an hour from 0 to 23, got "25"/,
    );
  });

  it("contacts: the admin sets a unit's, the secretary the body's; bad addresses and strangers are refused", async () => {
    await mutate(app, 'setUnitContacts', { unitId: w.unitA, emails: ['District-A@Police.KZ'], language: 'kk' }, w.admin, 'unit { id }');
    await mutate(
      app,
      'setBodyContacts',
      { bodyId: w.bodyId, emails: ['kso-secretary@police.kz'], language: 'ru' },
      w.secretary,
      'body { id }',
    );
    await mutate(
      app,
      'setUnitContacts',
      { unitId: w.unitB, emails: ['district-b@police.kz'], language: 'ru', digest: true },
      w.admin,
      'unit { id }',
    );
    const unitB = await gql(app.url, `query($s: String!) { history(streamId: $s) { type data } }`, { s: `unit-${w.unitB}` }, w.admin);
    expect(JSON.parse(unitB.data!.history.at(-1).data)).toMatchObject({ emails: ['district-b@police.kz'], language: 'ru', digest: true });
    expect(
      codeOf(
        await tryMutate(app, 'setUnitContacts', { unitId: w.unitA, emails: ['not an address'], language: 'kk' }, w.admin, 'unit { id }'),
      ),
    ).toBe('BAD_USER_INPUT');
    expect(codeOf(await tryMutate(app, 'setUnitContacts', { unitId: w.unitA, emails: [], language: 'de' }, w.admin, 'unit { id }'))).toBe(
      'BAD_USER_INPUT',
    );
    expect(
      codeOf(await tryMutate(app, 'setUnitContacts', { unitId: w.unitA, emails: [], language: 'ru' }, w.secretary, 'unit { id }')),
    ).toBe('FORBIDDEN');
    expect(codeOf(await tryMutate(app, 'setBodyContacts', { bodyId: w.bodyId, emails: [], language: 'ru' }, w.tokenA, 'body { id }'))).toBe(
      'FORBIDDEN',
    );
  });

  it('a unit is told of its assignment by email in Kazakh and in the app; the secretary of an extension request; a SIGKILL and restart send nothing twice', async () => {
    const { meetingId, itemId } = await heldMeeting(app, w, '1/2026', new Date().toISOString(), { ru: 'Итоги года' });
    const recommendationId = (
      await mutate(
        app,
        'adoptRecommendation',
        {
          meetingId,
          agendaItemId: itemId,
          number: '1',
          text: { kk: 'Аудандық полиция бөлімшелерінің жедел жұмысын жақсарту', ru: 'Улучшить оперативную работу' },
        },
        w.secretary,
        'recommendation { id }',
      )
    ).recommendation.id;
    const dueDate = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
    await mutate(app, 'assignResponsibility', { recommendationId, leadUnitId: w.unitA, dueDate }, w.secretary, 'recommendation { id }');

    const [assigned] = await mailsArrived(sink, 1);
    expect(addressOf(assigned!)).toBe('District-A@police.kz');
    expect(assigned!.subject).toBe('Ұсыным 1: сіздің бөлімшеңізге тапсырылды');
    expect(assigned!.text).toContain('Аудандық полиция бөлімшелерінің жедел жұмысын жақсарту');
    expect(assigned!.text).toContain(`${PUBLIC_URL}/recommendations/${recommendationId}`);
    expect(assigned!.from?.text).toBe('kso@police.kz');

    const mine = await listed(app, w.tokenA, 1);
    expect(mine.data!.notifications).toMatchObject({
      unreadCount: 1,
      items: [{ rule: 'ASSIGNED', recipient: `unit:${w.unitA}`, subjectId: recommendationId, read: false }],
    });
    expect((await gql(app.url, LIST, {}, w.tokenB)).data!.notifications).toEqual({ unreadCount: 0, hasMore: false, items: [] });
    expect(codeOf(await gql(app.url, LIST, {}))).toBe('UNAUTHENTICATED');
    const id = mine.data!.notifications.items[0].id as string;
    // Someone else's notification is not theirs to mark.
    expect(
      (await gql(app.url, `mutation($ids: [ID!]!) { markNotificationsRead(ids: $ids) }`, { ids: [id] }, w.tokenB)).data!
        .markNotificationsRead,
    ).toBe(0);
    expect(
      (await gql(app.url, `mutation($ids: [ID!]!) { markNotificationsRead(ids: $ids) }`, { ids: [id] }, w.tokenA)).data!
        .markNotificationsRead,
    ).toBe(1);
    expect((await gql(app.url, LIST, {}, w.tokenA)).data!.notifications).toMatchObject({ unreadCount: 0, items: [{ id, read: true }] });

    await mutate(app, 'acceptRecommendation', { recommendationId }, w.tokenA, 'recommendation { id }');
    const later = new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10);
    await mutate(
      app,
      'requestDeadlineExtension',
      { recommendationId, requestedDueDate: later, reason: 'Кадровый дефицит' },
      w.tokenA,
      'recommendation { id }',
    );
    const requested = (await mailsArrived(sink, 2))[1]!;
    expect(addressOf(requested)).toBe('kso-secretary@police.kz');
    expect(requested.subject).toBe('Рекомендация 1: запрошено продление срока, ожидается ваше решение');
    expect((await listed(app, w.secretary, 1)).data!.notifications.items.map((n: { rule: string }) => n.rule)).toEqual([
      'EXTENSION_REQUESTED',
    ]);

    await app.kill();
    await app.restart();
    await mutate(
      app,
      'decideDeadlineExtension',
      { recommendationId, approve: false, reason: 'Нет оснований' },
      w.secretary,
      'recommendation { id }',
    );
    const mails = await mailsArrived(sink, 3);
    expect(addressOf(mails[2]!)).toBe('District-A@police.kz');
    expect(mails[2]!.subject).toContain('мерзімді ұзартудан бас тартылды');
    // The refusal was due after the others, so once it arrived any resend would have too.
    expect(mails).toHaveLength(3);
    expect(new Set(mails.map((m) => m.messageId)).size).toBe(3);
    const history = await gql(app.url, `query($s: String!) { history(streamId: $s) { type } }`, { s: `notification-${id}` }, w.admin);
    expect(history.data?.history?.map((e: { type: string }) => e.type)).toEqual(['NotificationClaimed', 'NotificationSent']);
  });

  it('the notifier on /metrics: what it sent, deliveries failed by reason, what is due, the retry queue and its lag behind the log', async () => {
    // This process (restarted above) sent the refusal of the extension.
    const sent = {
      'governance_notifications_sent_total{kind="message"}': 1,
      governance_notifier_lag_events: 0,
      governance_notifications_retry_queue: 0,
    };
    await metricsReach(app, sent);
    const position = await metric(app, 'governance_notifier_position');

    sink.behaviour = 'refuse';
    await assignedRecommendation(app, w, '2/2026', { ru: 'Провести профилактические беседы' }, { leadUnitId: w.unitA }, 30);
    const failed = {
      'governance_notification_deliveries_failed_total{reason="refused"}': 1,
      governance_notifications_retry_queue: 1,
      governance_notifications_due: 1,
      'governance_notifications_sent_total{kind="message"}': 1,
    };
    await metricsReach(app, failed);
    expect(await metric(app, 'governance_notifier_position')).toBeGreaterThan(position);
    sink.behaviour = 'accept';
  });
});
