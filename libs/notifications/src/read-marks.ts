import { DomainEvent, governanceMetadata, nameUuid } from '@gov/domain';
import { EventStore } from '@gov/event-store';
import { NotificationQueries, recipientsOf } from './notification-queries';

/*
 * Read marks are facts in the log, so every replica's list shows the same marks: a person marks on
 * one replica and sees it on another. Each person's marks are one stream, named from their sub.
 */

export type ReadMarkEvent =
  | DomainEvent<'NotificationsRead', { sub: string; ids: string[]; at: string }>
  /** Everything sent to `recipients` up to log position `through` (the newest the person has seen). */
  | DomainEvent<'NotificationsReadThrough', { sub: string; recipients: string[]; through: string; at: string }>;

export const READ_MARK_EVENT_TYPES = ['NotificationsRead', 'NotificationsReadThrough'] as const;

export const readMarkStream = (sub: string) => `reader-${nameUuid(`reader\n${sub}`)}`;

export interface Reader {
  sub: string;
  name?: string;
  roles: readonly string[];
}

/** Records a person's read marks in the log and answers once this replica's list shows them. */
export class ReadMarks {
  constructor(
    private readonly events: EventStore,
    private readonly queries: NotificationQueries,
    /** Resolves once the list includes the log up to a position. */
    private readonly listed: (position: bigint) => Promise<void>,
    private readonly now: () => number = Date.now,
  ) {}

  /** Marks as read those of `ids` that were sent to the person's roles; returns how many that were. */
  async markRead(reader: Reader, ids: readonly string[]): Promise<number> {
    const theirs = this.queries.sentTo(reader.roles, ids);
    if (theirs.length === 0) return 0;
    const unread = this.queries.find(reader.sub, reader.roles, theirs).filter((n) => !n.read).length;
    await this.record(reader, { type: 'NotificationsRead', data: { sub: reader.sub, ids: theirs, at: this.at() } });
    return unread;
  }

  /**
   * Marks read everything sent to the person's roles up to `through` (a position the person has seen), so one
   * arriving while they click stays unread; returns how many were newly marked.
   */
  async markAllRead(reader: Reader, through: bigint): Promise<number> {
    const recipients = recipientsOf(reader.roles);
    const unread = this.queries.unreadThrough(reader.sub, reader.roles, through);
    if (recipients.length === 0 || unread === 0) return 0;
    await this.record(reader, {
      type: 'NotificationsReadThrough',
      data: { sub: reader.sub, recipients, through: String(through), at: this.at() },
    });
    return unread;
  }

  private at(): string {
    return new Date(this.now()).toISOString();
  }

  private async record(reader: Reader, event: ReadMarkEvent): Promise<void> {
    const id = crypto.randomUUID();
    const { position } = await this.events.appendToStream(readMarkStream(reader.sub), [
      {
        id,
        type: event.type,
        data: event.data,
        metadata: governanceMetadata(
          {
            actor: { sub: reader.sub, name: reader.name ?? reader.sub, roles: [...reader.roles], role: null },
            commandId: null,
            commandType: 'MarkNotificationsRead',
            correlationId: id,
            causationId: id,
            occurredAt: event.data.at,
          },
          event.type,
        ),
      },
    ]);
    await this.listed(position);
  }
}
