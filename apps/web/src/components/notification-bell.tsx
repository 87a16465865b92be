// The bell in the header: the signed-in person's unread count (live, announced to screen readers)
// and, when opened, their notifications newest first, paged, each linking to what it is about.
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useClient, useMutation } from 'urql';
import { Session, scopedIds } from '../auth/session';
import { ResultOf, graphql, readFragment } from '../graphql/graphql';
import { LocalText, useFormat } from './format';
import './notification-bell.css';

const PAGE = 10;

const NotificationFields = graphql(`
  fragment NotificationFields on Notification {
    id
    position
    recipient
    rule
    subjectKind
    subjectId
    sentAt
    read
    recommendation {
      id
      number
      dueDate
      text {
        kk
        ru
        en
      }
    }
    meeting {
      id
      number
    }
  }
`);
type Item = ResultOf<typeof NotificationFields>;

const ListQuery = graphql(
  `
    query Notifications($first: Int, $before: String) {
      notifications(first: $first, before: $before) {
        unreadCount
        hasMore
        items {
          ...NotificationFields
        }
      }
    }
  `,
  [NotificationFields],
);

const LiveSubscription = graphql(
  `
    subscription NotificationsChanged {
      notificationsChanged {
        unreadCount
        notification {
          ...NotificationFields
        }
      }
    }
  `,
  [NotificationFields],
);

const MarkRead = graphql(`
  mutation MarkNotificationsRead($ids: [ID!]!) {
    markNotificationsRead(ids: $ids)
  }
`);

const MarkAllRead = graphql(`
  mutation MarkAllNotificationsRead($through: String!) {
    markAllNotificationsRead(through: $through)
  }
`);

/** Where a notification takes its reader: a unit's own recommendation page, or the secretary's. */
function linkOf(n: Item): string {
  if (n.subjectKind === 'meeting') return `/secretary/meetings/${n.subjectId}`;
  if (n.recipient.startsWith('unit:')) return `/unit/recommendations/${n.subjectId}?unit=${n.recipient.slice('unit:'.length)}`;
  // What a body's secretary is told about a recommendation (a report to verify, an extension, a dispute) is done in the work queue.
  if (n.recipient.startsWith('body:')) return `/secretary/queue?body=${n.recipient.slice('body:'.length)}`;
  return `/recommendations/${n.subjectId}`;
}

/** Only people acting for a unit or a body's secretary are sent notifications. */
export const receivesNotifications = (session: Session | null) =>
  scopedIds(session, 'unit').length > 0 || scopedIds(session, 'secretary').length > 0;

export function NotificationBell() {
  const { t } = useTranslation('notifications');
  const { date, dateTime } = useFormat();
  const client = useClient();
  const panelId = useId();
  const headingId = useId();
  const [open, setOpen] = useState(false);
  const [unread, setUnread] = useState<number | null>(null);
  const [items, setItems] = useState<Item[]>([]);
  const [hasMore, setHasMore] = useState(false);
  const [loading, setLoading] = useState(false);
  const [failed, setFailed] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const [, markRead] = useMutation(MarkRead);
  const [, markAllRead] = useMutation(MarkAllRead);

  /** One page (older than `before`); the count and "more" come with it. */
  const fetchPage = useCallback(
    async (first: number, before?: string): Promise<Item[] | null> => {
      setLoading(true);
      const r = await client.query(ListQuery, { first, before }, { requestPolicy: 'network-only' });
      setLoading(false);
      setFailed(!r.data);
      if (!r.data) return null;
      setHasMore(r.data.notifications.hasMore);
      setUnread(r.data.notifications.unreadCount);
      return r.data.notifications.items.map((i) => readFragment(NotificationFields, i));
    },
    [client],
  );

  /** The newest `count` (at least a page), replacing what is shown: on opening, and after read marks changed elsewhere. */
  const load = useCallback(
    async (count: number) => {
      const page = await fetchPage(Math.min(Math.max(count, PAGE), 200));
      if (page) setItems(page);
    },
    [fetchPage],
  );

  const more = async () => {
    const last = items[items.length - 1];
    const page = last ? await fetchPage(PAGE, last.position) : null;
    if (!page) return;
    setItems((list) => [...list, ...page.filter((n) => !list.some((s) => s.id === n.id))]);
    // Focus goes to the first of the page just shown (the button may be gone: it was the last page).
    setFocusFrom(items.length);
  };
  const [focusFrom, setFocusFrom] = useState<number | null>(null);
  useEffect(() => {
    if (focusFrom === null) return;
    panel.current?.querySelectorAll<HTMLAnchorElement>('.bell-list a')[focusFrom]?.focus();
    setFocusFrom(null);
  }, [focusFrom, items]);

  // Live: the count as it stands on (re)connecting, each new notification, and read marks set elsewhere.
  // Every push is handled (not only the latest render's), so a burst adds each one to an open list.
  const shown = useRef({ open, count: 0 });
  useEffect(() => {
    shown.current = { open, count: items.length };
  });
  useEffect(() => {
    const live = client.subscription(LiveSubscription, {}).subscribe((result) => {
      const change = result.data?.notificationsChanged;
      if (!change) return;
      setUnread(change.unreadCount);
      const added = change.notification ? readFragment(NotificationFields, change.notification) : null;
      // Only into an open list: a closed one is loaded afresh on opening, and pushes folded in while it
      // was closed would show more than a page until that load answers.
      if (added && shown.current.open) setItems((list) => (list.some((s) => s.id === added.id) ? list : [added, ...list]));
      else if (shown.current.open) void load(shown.current.count);
    });
    return () => live.unsubscribe();
  }, [client, load]);

  // Screen readers hear the count when it changes, not on every page.
  const [announcement, setAnnouncement] = useState('');
  const known = useRef<number | null>(null);
  useEffect(() => {
    if (unread === null) return;
    if (known.current !== null && known.current !== unread) setAnnouncement(t('unread', { count: unread }));
    known.current = unread;
  }, [unread, t]);

  // Opened, it loads the newest page.
  const openPanel = () => {
    setOpen(true);
    void load(PAGE);
  };
  useEffect(() => {
    if (open) heading.current?.focus();
  }, [open]);

  // Closed, it keeps nothing: on opening it shows the newest page as loaded then, not a list gone stale.
  const close = useCallback((returnFocus: boolean) => {
    setOpen(false);
    setItems([]);
    if (returnFocus) button.current?.focus();
  }, []);

  // Closes on Escape (focus back on the bell) and on a click outside.
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') close(true);
    };
    const onPointer = (e: PointerEvent) => {
      const target = e.target as Node;
      if (!panel.current?.contains(target) && !button.current?.contains(target)) close(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('pointerdown', onPointer);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('pointerdown', onPointer);
    };
  }, [open, close]);

  const markOne = async (n: Item) => {
    if (n.read) return;
    const r = await markRead({ ids: [n.id] });
    if (r.data) setItems((list) => list.map((s) => (s.id === n.id ? { ...s, read: true } : s)));
  };

  const markAll = async () => {
    const newest = items[0];
    if (!newest) return;
    const r = await markAllRead({ through: newest.position });
    if (r.data) setItems((list) => list.map((s) => ({ ...s, read: true })));
  };

  const count = unread ?? 0;
  const subjectOf = (n: Item) =>
    n.subjectKind === 'meeting'
      ? t('meeting', { number: n.meeting?.number ?? '' })
      : t('recommendation', { number: n.recommendation?.number ?? '' });

  return (
    <div className="bell">
      <button
        ref={button}
        type="button"
        className="bell-button"
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={t('bell', { count })}
        onClick={() => (open ? close(false) : openPanel())}
      >
        <svg aria-hidden="true" viewBox="0 0 24 24" width="20" height="20" focusable="false">
          <path
            fill="currentColor"
            d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1z"
          />
        </svg>
        {count > 0 ? (
          <span className="bell-badge" aria-hidden="true">
            {count > 99 ? '99+' : count}
          </span>
        ) : null}
      </button>
      <span className="sr-only" role="status">
        {announcement}
      </span>
      {open ? (
        <div ref={panel} id={panelId} className="bell-panel" role="region" aria-labelledby={headingId}>
          <div className="bell-head">
            <h2 id={headingId} ref={heading} tabIndex={-1}>
              {t('title')}
            </h2>
            <button type="button" onClick={() => void markAll()} disabled={count === 0 || items.length === 0}>
              {t('markAllRead')}
            </button>
          </div>
          {failed ? (
            <p role="alert" className="error">
              {t('common:loadFailed')}
            </p>
          ) : null}
          {items.length === 0 && !loading && !failed ? <p className="muted">{t('empty')}</p> : null}
          {items.length ? (
            <ul className="bell-list">
              {items.map((n) => (
                <li key={n.id} className={n.read ? 'read' : 'unread'}>
                  <Link
                    to={linkOf(n)}
                    onClick={() => {
                      void markOne(n);
                      close(false);
                    }}
                  >
                    {n.read ? null : <span className="sr-only">{t('unreadItem')} </span>}
                    <strong>
                      {subjectOf(n)}: {t(`rule.${n.rule}`, { defaultValue: n.rule })}
                    </strong>
                    {n.recommendation ? (
                      <span className="bell-text">
                        <LocalText value={n.recommendation.text} />
                      </span>
                    ) : null}
                  </Link>
                  <span className="bell-meta">
                    {n.recommendation?.dueDate ? `${t('due', { date: date(n.recommendation.dueDate) })} · ` : ''}
                    {t('sent')} <time dateTime={n.sentAt}>{dateTime(n.sentAt)}</time>
                  </span>
                  {n.read ? null : (
                    <button
                      type="button"
                      className="bell-mark"
                      aria-label={t('markReadOf', { subject: subjectOf(n) })}
                      onClick={() => void markOne(n)}
                    >
                      {t('markRead')}
                    </button>
                  )}
                </li>
              ))}
            </ul>
          ) : null}
          {loading ? (
            <p role="status" className="muted">
              {t('common:loading')}
            </p>
          ) : null}
          {hasMore && !loading ? (
            <button type="button" className="bell-more" onClick={() => void more()}>
              {t('more')}
            </button>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
