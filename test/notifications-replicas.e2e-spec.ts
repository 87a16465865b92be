import { PostgresCluster, startPostgresCluster } from '../libs/event-store/src/testing/postgres-cluster';
import { SmtpSink } from '../libs/notifications/src/testing/smtp-sink';
import { RunningApp, gql, metric, startApp } from './support/app-process';
import { eventually } from './support/eventually';
import { World, assignedRecommendation, establishWorld, mutate } from './support/scenario';

const RECOMMENDATIONS = 6;
const LIST = `query { notifications(first: 50) { unreadCount items { id read position } } }`;

describe('reminders and the in-app list on three replicas of one PostgreSQL log', () => {
  let cluster: PostgresCluster;
  let replicas: RunningApp[];
  let sink: SmtpSink;
  let w: World;

  beforeAll(async () => {
    cluster = await startPostgresCluster();
    const url = await cluster.createDatabase('notifications');
    sink = new SmtpSink();
    const env = { POSTGRES_URL: url, SMTP_URL: await sink.start(), MAIL_FROM: 'kso@police.kz', NOTIFY_INTERVAL_SECONDS: '1' };
    replicas = [];
    // One after another: the first creates the schema, and three cold starts at once crowd a small machine.
    for (let i = 0; i < 3; i++) replicas.push(await startApp(env));
    w = await establishWorld(replicas[0]!);
  }, 240_000);
  afterAll(async () => {
    await Promise.all((replicas ?? []).map((r) => r.cleanup()));
    await sink?.stop();
    await cluster?.destroy();
  });

  /** Every replica's notifier has applied the whole log and has nothing due, and `mails` have arrived. */
  const settled = (mails: number) =>
    eventually(
      async () =>
        expect({
          mails: (await sink.settled()).length >= mails,
          due: await Promise.all(replicas.map((r) => metric(r, 'governance_notifications_due'))),
          lag: await Promise.all(replicas.map((r) => metric(r, 'governance_notifier_lag_events'))),
        }).toEqual({ mails: true, due: [0, 0, 0], lag: [0, 0, 0] }),
      { timeoutMs: 90_000 },
    );

  it('delivers each reminder once, whichever of the three replicas claims it', async () => {
    await mutate(
      replicas[1]!,
      'setUnitContacts',
      { unitId: w.unitA, emails: ['district-a@police.kz'], language: 'kk' },
      w.admin,
      'unit { id }',
    );
    await mutate(
      replicas[2]!,
      'setUnitContacts',
      { unitId: w.unitB, emails: ['admin-police@police.kz'], language: 'ru' },
      w.admin,
      'unit { id }',
    );
    const assign = (i: number) =>
      assignedRecommendation(
        replicas[i % 3]!,
        w,
        `${i}/2026`,
        { ru: `Рекомендация ${i}` },
        { leadUnitId: w.unitA, coExecutorUnitIds: [w.unitB] },
      );
    for (let i = 1; i < RECOMMENDATIONS; i++) await assign(i);
    await settled((RECOMMENDATIONS - 1) * 2);
    // A marker: once its messages are out too, every replica has ticked past the others, so a second
    // copy of any of them would have arrived before it.
    await assign(RECOMMENDATIONS);
    const expected = RECOMMENDATIONS * 2;
    await settled(expected);
    const ids = (await sink.settled()).map((m) => m.messageId);
    expect(ids).toHaveLength(expected);
    expect(new Set(ids).size).toBe(expected);
    const sent = await Promise.all(
      replicas.map(async (r) => (await metric(r, 'governance_notifications_sent_total{kind="message"}')) || 0),
    );
    expect(sent.reduce((a, b) => a + b, 0)).toBe(expected);
    // Every replica lists them all.
    for (const r of replicas) expect((await gql(r.url, LIST, {}, w.tokenA)).data!.notifications.items).toHaveLength(RECOMMENDATIONS);
  }, 240_000);

  it('a read mark made on one replica shows on the others', async () => {
    const page = (await gql(replicas[0]!.url, LIST, {}, w.tokenA)).data!.notifications as {
      unreadCount: number;
      items: Array<{ id: string; read: boolean; position: string }>;
    };
    expect(page.unreadCount).toBe(RECOMMENDATIONS);
    const [newest, second] = page.items;
    const marked = await gql(
      replicas[1]!.url,
      `mutation($ids: [ID!]!) { markNotificationsRead(ids: $ids) }`,
      { ids: [newest!.id] },
      w.tokenA,
    );
    expect(marked.data!.markNotificationsRead).toBe(1);
    const unread = async (r: RunningApp) => {
      const p = (await gql(r.url, LIST, {}, w.tokenA)).data!.notifications as typeof page;
      return { unread: p.unreadCount, newest: p.items.find((n) => n.id === newest!.id)!.read };
    };
    for (const r of [replicas[0]!, replicas[2]!])
      await eventually(async () => expect(await unread(r)).toEqual({ unread: RECOMMENDATIONS - 1, newest: true }));
    // Everything up to the second newest, marked on the third replica, shows on all three.
    const all = await gql(
      replicas[2]!.url,
      `mutation($through: String!) { markAllNotificationsRead(through: $through) }`,
      { through: second!.position },
      w.tokenA,
    );
    expect(all.data!.markAllNotificationsRead).toBe(RECOMMENDATIONS - 1);
    for (const r of replicas) await eventually(async () => expect(await unread(r)).toEqual({ unread: 0, newest: true }));
    // Marks are the person's own: the other unit's people still have theirs unread.
    expect((await gql(replicas[0]!.url, LIST, {}, w.tokenB)).data!.notifications.unreadCount).toBe(RECOMMENDATIONS);
  }, 120_000);
});
