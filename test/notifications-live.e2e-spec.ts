import { Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { SmtpSink } from '../libs/notifications/src/testing/smtp-sink';
import { RunningApp, gql, startApp } from './support/app-process';
import { eventually } from './support/eventually';
import { World, establishWorld, heldMeeting, mutate } from './support/scenario';

const LIVE = `subscription { notificationsChanged { unreadCount notification { id position rule recipient subjectId read recommendation { number } } } }`;

interface Change {
  unreadCount: number;
  notification: {
    id: string;
    position: string;
    rule: string;
    recipient: string;
    subjectId: string;
    read: boolean;
    recommendation: { number: string };
  } | null;
}

/** A graphql-ws subscriber whose pushes are read one at a time; each wait is bounded, none sleeps. */
function subscriber(app: RunningApp, bearer?: string) {
  const client: Client = createClient({
    url: app.url.replace('http', 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: bearer ? { authorization: `Bearer ${bearer}` } : {},
    retryAttempts: 0,
  });
  const received: Change[] = [];
  let failure: Error | null = null;
  client.subscribe<{ notificationsChanged: Change }>(
    { query: LIVE },
    {
      next: (msg) => {
        if (msg.errors) failure = Object.assign(new Error(msg.errors[0]!.message), { errors: msg.errors });
        else received.push(msg.data!.notificationsChanged);
      },
      error: (e) => {
        failure = e instanceof Error ? e : Object.assign(new Error('subscription refused'), { errors: e });
      },
      complete: () => undefined,
    },
  );
  let read = 0;
  return {
    /** The next push, or what refused the subscription. */
    async next(): Promise<Change> {
      await eventually(() => failure ?? expect(received.length).toBeGreaterThan(read), { intervalMs: 20 });
      if (failure) throw failure;
      return received[read++]!;
    },
    dispose: () => client.dispose(),
  };
}

async function adoptAndAssign(app: RunningApp, w: World, meetingId: string, itemId: string, number: string, unitId: string) {
  const recommendationId = (
    await mutate(
      app,
      'adoptRecommendation',
      { meetingId, agendaItemId: itemId, number, text: { ru: `Рекомендация ${number}` } },
      w.secretary,
      'recommendation { id }',
    )
  ).recommendation.id as string;
  const dueDate = new Date(Date.now() + 60 * 86_400_000).toISOString().slice(0, 10);
  await mutate(app, 'assignResponsibility', { recommendationId, leadUnitId: unitId, dueDate }, w.secretary, 'recommendation { id }');
  return recommendationId;
}

describe('live notifications over graphql-ws', () => {
  let app: RunningApp;
  let sink: SmtpSink;
  let w: World;

  beforeAll(async () => {
    sink = new SmtpSink();
    app = await startApp({ SMTP_URL: await sink.start(), MAIL_FROM: 'kso@police.kz', NOTIFY_INTERVAL_SECONDS: '1' });
    w = await establishWorld(app);
    await mutate(app, 'setUnitContacts', { unitId: w.unitA, emails: ['district-a@police.kz'], language: 'kk' }, w.admin, 'unit { id }');
  }, 120_000);
  afterAll(async () => {
    await app?.cleanup();
    await sink?.stop();
  });

  it("pushes a unit's new notification to that unit's people only, with the unread count, and the count again when they read it", async () => {
    const { meetingId, itemId } = await heldMeeting(app, w, '1/2026', new Date().toISOString(), { ru: 'Итоги года' });
    const a = subscriber(app, w.tokenA);
    const b = subscriber(app, w.tokenB);
    // First the count as it stands: from here on both are listening.
    await expect(a.next()).resolves.toEqual({ unreadCount: 0, notification: null });
    await expect(b.next()).resolves.toEqual({ unreadCount: 0, notification: null });

    const forA = await adoptAndAssign(app, w, meetingId, itemId, '1', w.unitA);
    const pushed = await a.next();
    expect(pushed).toMatchObject({
      unreadCount: 1,
      notification: { rule: 'ASSIGNED', recipient: `unit:${w.unitA}`, subjectId: forA, read: false, recommendation: { number: '1' } },
    });
    // Recorded only after the SMTP server accepted it.
    expect(sink.received.map((m) => [m.to].flat()[0]?.text)).toContain('district-a@police.kz');

    // Pushes go out in log order: had B been told of A's, it would come before B's own.
    const forB = await adoptAndAssign(app, w, meetingId, itemId, '2', w.unitB);
    await expect(b.next()).resolves.toMatchObject({ unreadCount: 1, notification: { recipient: `unit:${w.unitB}`, subjectId: forB } });

    const marked = await gql(
      app.url,
      `mutation($ids: [ID!]!) { markNotificationsRead(ids: $ids) }`,
      { ids: [pushed.notification!.id] },
      w.tokenA,
    );
    expect(marked.data!.markNotificationsRead).toBe(1);
    await expect(a.next()).resolves.toEqual({ unreadCount: 0, notification: null });

    // "Mark all" stops at the newest the person has seen: one sent later stays unread.
    const third = await adoptAndAssign(app, w, meetingId, itemId, '3', w.unitA);
    const newer = await a.next();
    expect(newer).toMatchObject({ unreadCount: 1, notification: { subjectId: third } });
    const all = `mutation($p: String!) { markAllNotificationsRead(through: $p) }`;
    expect((await gql(app.url, all, { p: pushed.notification!.position }, w.tokenA)).data!.markAllNotificationsRead).toBe(0);
    expect((await gql(app.url, all, { p: newer.notification!.position }, w.tokenA)).data!.markAllNotificationsRead).toBe(1);
    await expect(a.next()).resolves.toEqual({ unreadCount: 0, notification: null });
    await Promise.all([a.dispose(), b.dispose()]);
  });

  it('refuses an anonymous subscriber', async () => {
    const anonymous = subscriber(app);
    await expect(anonymous.next()).rejects.toMatchObject({ errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
    await anonymous.dispose();
  });
});
