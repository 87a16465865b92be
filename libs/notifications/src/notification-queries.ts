import { NotifierDb } from './notifier-db';

export interface NotificationView {
  id: string;
  /** Log position of its NotificationSent: the page cursor. */
  position: string;
  recipient: string;
  rule: string;
  subjectKind: string;
  subjectId: string;
  title: string;
  dueAt: string;
  sentAt: string;
  emails: string[];
  read: boolean;
}

/** A person sees the notifications of their roles: `unit:<U>` → unit U's, `secretary:<B>` → body B's. */
export function recipientsOf(roles: readonly string[]): string[] {
  return roles.flatMap((r) => (r.startsWith('unit:') ? [r] : r.startsWith('secretary:') ? [`body:${r.slice('secretary:'.length)}`] : []));
}

const marks = (values: readonly unknown[]) => values.map(() => '?').join(',');

/** One notification with the person's read mark; the first parameter is the person's sub. */
const SELECT_VIEW = `SELECT s.id, s.position, s.recipient, s.rule, s.subject_kind AS subjectKind, s.subject_id AS subjectId, s.title,
                s.due_at AS dueAt, s.sent_at AS sentAt, s.emails, r.id IS NOT NULL AS read
           FROM sent s LEFT JOIN read_mark r ON r.sub = ? AND r.id = s.id`;

type ViewRow = Omit<NotificationView, 'emails' | 'read' | 'position'> & { emails: string; read: number; position: number };

const toView = (r: ViewRow): NotificationView => ({
  ...r,
  position: String(r.position),
  emails: JSON.parse(r.emails) as string[],
  read: r.read === 1,
});

/** The in-app list: what was sent to the person's roles, newest first, with read marks per person (sub). */
export class NotificationQueries {
  constructor(private readonly store: NotifierDb) {}

  list(
    sub: string,
    roles: readonly string[],
    first: number,
    before?: bigint,
  ): { items: NotificationView[]; unread: number; hasMore: boolean } {
    const recipients = recipientsOf(roles);
    if (recipients.length === 0) return { items: [], unread: 0, hasMore: false };
    const rows = this.store.db
      .prepare(`${SELECT_VIEW} WHERE s.recipient IN (${marks(recipients)}) AND s.position < ? ORDER BY s.position DESC LIMIT ?`)
      .all(sub, ...recipients, before === undefined ? Number.MAX_SAFE_INTEGER : Number(before), first + 1) as ViewRow[];
    return { items: rows.slice(0, first).map(toView), unread: this.unreadCount(sub, roles), hasMore: rows.length > first };
  }

  /** How many of what was sent to the person's roles they have not marked read. */
  unreadCount(sub: string, roles: readonly string[]): number {
    const recipients = recipientsOf(roles);
    if (recipients.length === 0) return 0;
    return this.store.db
      .prepare(
        `SELECT count(*) FROM sent s WHERE s.recipient IN (${marks(recipients)}) AND NOT EXISTS (SELECT 1 FROM read_mark r WHERE r.sub = ? AND r.id = s.id)`,
      )
      .pluck()
      .get(...recipients, sub) as number;
  }

  /** Those of `ids` sent to the person's roles, newest first (what a live subscriber is pushed). */
  find(sub: string, roles: readonly string[], ids: readonly string[]): NotificationView[] {
    const recipients = recipientsOf(roles);
    if (recipients.length === 0 || ids.length === 0) return [];
    const rows = this.store.db
      .prepare(`${SELECT_VIEW} WHERE s.recipient IN (${marks(recipients)}) AND s.id IN (${marks(ids)}) ORDER BY s.position DESC`)
      .all(sub, ...recipients, ...ids) as ViewRow[];
    return rows.map(toView);
  }

  /** Those of `ids` that were sent to the person's roles. */
  sentTo(roles: readonly string[], ids: readonly string[]): string[] {
    const recipients = recipientsOf(roles);
    if (recipients.length === 0 || ids.length === 0) return [];
    return this.store.db
      .prepare(`SELECT id FROM sent WHERE recipient IN (${marks(recipients)}) AND id IN (${marks(ids)})`)
      .pluck()
      .all(...recipients, ...ids) as string[];
  }

  /** How many of what was sent to the person's roles up to `through` they have not marked read. */
  unreadThrough(sub: string, roles: readonly string[], through: bigint): number {
    const recipients = recipientsOf(roles);
    if (recipients.length === 0) return 0;
    return this.store.db
      .prepare(
        `SELECT count(*) FROM sent s WHERE s.recipient IN (${marks(recipients)}) AND s.position <= ? AND NOT EXISTS (SELECT 1 FROM read_mark r WHERE r.sub = ? AND r.id = s.id)`,
      )
      .pluck()
      .get(...recipients, Number(through), sub) as number;
  }
}
