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
    const marks = recipients.map(() => '?').join(',');
    const rows = this.store.db
      .prepare(
        `SELECT s.id, s.position, s.recipient, s.rule, s.subject_kind AS subjectKind, s.subject_id AS subjectId, s.title,
                s.due_at AS dueAt, s.sent_at AS sentAt, s.emails, r.id IS NOT NULL AS read
           FROM sent s LEFT JOIN read_mark r ON r.sub = ? AND r.id = s.id
          WHERE s.recipient IN (${marks}) AND s.position < ?
          ORDER BY s.position DESC LIMIT ?`,
      )
      .all(sub, ...recipients, before === undefined ? Number.MAX_SAFE_INTEGER : Number(before), first + 1) as Array<
      Omit<NotificationView, 'emails' | 'read' | 'position'> & { emails: string; read: number; position: number }
    >;
    const unread = this.store.db
      .prepare(
        `SELECT count(*) FROM sent s WHERE s.recipient IN (${marks}) AND NOT EXISTS (SELECT 1 FROM read_mark r WHERE r.sub = ? AND r.id = s.id)`,
      )
      .pluck()
      .get(...recipients, sub) as number;
    return {
      items: rows
        .slice(0, first)
        .map((r) => ({ ...r, position: String(r.position), emails: JSON.parse(r.emails) as string[], read: r.read === 1 })),
      unread,
      hasMore: rows.length > first,
    };
  }

  /** Marks as read those of `ids` that were sent to the person's roles; returns how many that were. */
  markRead(sub: string, roles: readonly string[], ids: readonly string[]): number {
    const recipients = new Set(recipientsOf(roles));
    const find = this.store.db.prepare('SELECT recipient FROM sent WHERE id = ?').pluck();
    const mark = this.store.db.prepare('INSERT OR IGNORE INTO read_mark (sub, id) VALUES (?, ?)');
    return this.store.db.transaction(() => {
      let marked = 0;
      for (const id of ids) {
        const recipient = find.get(id) as string | undefined;
        if (recipient && recipients.has(recipient)) {
          mark.run(sub, id);
          marked += 1;
        }
      }
      return marked;
    })();
  }
}
