import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NotificationQueries } from './notification-queries';
import { NotifierDb } from './notifier-db';

describe('the in-app notifications of a person', () => {
  let dir: string;
  let store: NotifierDb;
  let queries: NotificationQueries;
  const A = ['unit:a'];
  const sent = (id: string, position: number, recipient: string) =>
    store.db
      .prepare(
        `INSERT INTO sent (id, position, recipient, rule, subject_id, subject_kind, due_at, sent_at, emails, message_id, title)
         VALUES (?, ?, ?, 'ASSIGNED', 'r', 'recommendation', '2026-01-01', '2026-01-01', '[]', NULL, 't')`,
      )
      .run(id, position, recipient);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'notification-queries-'));
    store = new NotifierDb(dir);
    queries = new NotificationQueries(store);
    sent('n1', 10, 'unit:a');
    sent('n2', 20, 'unit:b');
    sent('n3', 30, 'unit:a');
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("finds only those sent to the person's roles, newest first", () => {
    expect(queries.find('p', A, ['n1', 'n2', 'n3']).map((n) => n.id)).toEqual(['n3', 'n1']);
    expect(queries.find('p', ['oversight'], ['n1'])).toEqual([]);
  });

  it('marks all read up to the position the person has seen; a later one stays unread', () => {
    expect(queries.unreadCount('p', A)).toBe(2);
    expect(queries.markAllRead('p', A, 10n)).toBe(1);
    expect(queries.unreadCount('p', A)).toBe(1);
    expect(queries.markAllRead('p', A, 10n)).toBe(0);
    expect(queries.markAllRead('p', A, 30n)).toBe(1);
    expect(queries.unreadCount('p', A)).toBe(0);
    // Read marks are the person's own, and another unit's stay untouched.
    expect(queries.unreadCount('q', A)).toBe(2);
    expect(queries.unreadCount('p', ['unit:b'])).toBe(1);
  });
});
