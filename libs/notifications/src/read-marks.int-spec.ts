import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SentNotification } from '@gov/domain';
import { EventStore, SqliteEventStore } from '@gov/event-store';
import { NotificationQueries } from './notification-queries';
import { Notifier } from './notifier';
import { NotifierDb } from './notifier-db';
import { ReadMarks } from './read-marks';

describe('the in-app notifications of a person, the same on every replica', () => {
  let dir: string;
  let events: EventStore;
  const replicas: Array<{ notifier: Notifier; queries: NotificationQueries; marks: ReadMarks }> = [];
  const person = (roles: string[]) => ({ sub: 'p', roles });
  const A = ['unit:a'];
  const positions: Record<string, bigint> = {};

  async function sent(id: string, recipient: string) {
    const data: SentNotification = {
      notificationId: id,
      recipient,
      rule: 'ASSIGNED',
      subjectId: 'r',
      subjectKind: 'recommendation',
      dueAt: '2026-01-01T00:00:00.000Z',
      sentAt: '2026-01-01T00:00:00.000Z',
      emails: [],
      language: 'ru',
      messageId: null,
      title: `t ${id}`,
    };
    const { position } = await events.appendToStream(`notification-${id}`, [
      { id: crypto.randomUUID(), type: 'NotificationSent', data: data as unknown as Record<string, unknown> },
    ]);
    positions[id] = position;
  }

  function replica(name: string) {
    const store = new NotifierDb(dir, join(dir, `${name}.sqlite`));
    const notifier = new Notifier(events, store, { clock: { now: () => Date.now() }, publicUrl: 'https://x', owner: name });
    const queries = new NotificationQueries(store);
    const r = { notifier, queries, marks: new ReadMarks(events, queries, (p) => notifier.waitFor(p)) };
    replicas.push(r);
    return r;
  }

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'read-marks-'));
    events = new SqliteEventStore({ dataDir: dir });
    await sent('n1', 'unit:a');
    await sent('n2', 'unit:b');
    await sent('n3', 'unit:a');
  });
  afterEach(async () => {
    for (const r of replicas.splice(0)) {
      await r.notifier.stop();
      r.notifier.store.close();
    }
    await events.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("finds only those sent to the person's roles, newest first", async () => {
    const { notifier, queries } = replica('a');
    await notifier.start();
    expect(queries.find('p', A, ['n1', 'n2', 'n3']).map((n) => n.id)).toEqual(['n3', 'n1']);
    expect(queries.find('p', ['oversight'], ['n1'])).toEqual([]);
  });

  it('marks made on one replica show on another; all up to the position seen, a later one stays unread', async () => {
    const a = replica('a');
    const b = replica('b');
    await Promise.all([a.notifier.start(), b.notifier.start()]);
    expect(a.queries.unreadCount('p', A)).toBe(2);
    expect(await a.marks.markAllRead(person(A), positions.n1!)).toBe(1);
    expect(a.queries.unreadCount('p', A)).toBe(1);
    await b.notifier.waitFor(await events.headPosition());
    expect(b.queries.unreadCount('p', A)).toBe(1);
    expect(await b.marks.markAllRead(person(A), positions.n1!)).toBe(0);
    expect(await b.marks.markRead(person(A), ['n3', 'n2'])).toBe(1); // n2 is another unit's
    await a.notifier.waitFor(await events.headPosition());
    expect(a.queries.unreadCount('p', A)).toBe(0);
    // Read marks are the person's own, and another unit's stay untouched.
    expect(a.queries.unreadCount('q', A)).toBe(2);
    expect(a.queries.unreadCount('p', ['unit:b'])).toBe(1);
    // A replica started afresh from the log has the same marks.
    const c = replica('c');
    await c.notifier.start();
    expect(c.queries.list('p', A, 10).items.map((n) => `${n.id} ${n.read}`)).toEqual(['n3 true', 'n1 true']);
  });
});
