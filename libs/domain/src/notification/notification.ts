import { Decider, DomainCommand, DomainEvent } from '../common/decider';
import { Language } from '../common/contacts';
import { DomainErrorCode, fail } from '../common/domain-error';

/*
 * One message to one recipient (a reminder, a daily digest, a catch-up summary, a follower's email),
 * its stream `notification-<id>` under a deterministic id: senders take a lease on it (a claim),
 * talk to the SMTP server, then record what went out or that it failed. The stream is the only
 * coordination between senders: two replicas, a restart or a replay never record a message twice,
 * and send it twice only when a sender died between the server's acceptance and the record (then
 * under the same Message-ID).
 */

/** The data of `NotificationSent`: what went out to whom, and what the in-app list shows. */
export interface SentNotification {
  notificationId: string;
  /** `unit:<id>`, `body:<id>`, or another kind of recipient (`follower:<id>`). */
  recipient: string;
  /** Which rule called for it (DUE_SOON, RETURNED, ...). */
  rule: string;
  subjectId: string;
  subjectKind: string;
  dueAt: string;
  sentAt: string;
  /** Addresses the SMTP server accepted it for; empty when only listed in the app (or the address is not to be kept). */
  emails: string[];
  language: Language;
  messageId: string | null;
  title: string;
  /** Not emailed on its own: it goes out in the recipient's daily digest. */
  digest?: true;
}

/** The data of `DigestSent`: one message listing several notifications (a day's digest, or the catch-up summary of a first pass). */
export interface SentDigest {
  digestId: string;
  recipient: string;
  /** The digest's local day (YYYY-MM-DD); for a catch-up summary, the day it went out. */
  day: string;
  /** The notifications it listed (each also recorded on its own for a daily digest). */
  notificationIds: string[];
  sentAt: string;
  emails: string[];
  language: Language;
  messageId: string;
  /** Absent: a daily digest. */
  kind?: 'catch-up';
  /** A catch-up summary: how many were due when it went out, by rule (it may list fewer). */
  counts?: Record<string, number>;
}

export type NotificationEvent =
  | DomainEvent<'NotificationClaimed', { notificationId: string; owner: string; leaseUntil: string }>
  | DomainEvent<
      'NotificationFailed',
      { notificationId: string; owner: string; attempts: number; reason: string; error: string; failedAt: string; retryAt: string }
    >
  | DomainEvent<'NotificationSent', SentNotification>
  | DomainEvent<'DigestSent', SentDigest>;

export type NotificationCommand =
  | DomainCommand<'ClaimNotification', { notificationId: string; owner: string; at: string; leaseMs: number }>
  | DomainCommand<
      'RecordNotificationFailed',
      { owner: string; reason: string; error: string; at: string; backoff: { firstMs: number; maxMs: number } }
    >
  | DomainCommand<'RecordNotificationSent', { owner: string; record: SentNotification }>
  | DomainCommand<'RecordDigestSent', { owner: string; record: SentDigest }>;

export type NotificationStatus = 'NONE' | 'CLAIMED' | 'FAILED' | 'SENT';

export interface NotificationState {
  status: NotificationStatus;
  id: string | null;
  /** Who holds (or last held) the lease, and until when. */
  owner: string | null;
  leaseUntil: string | null;
  /** Failed deliveries so far, and when the next may be tried. */
  attempts: number;
  retryAt: string | null;
}

export const NOTIFICATION_EVENT_TYPES = ['NotificationClaimed', 'NotificationFailed', 'NotificationSent', 'DigestSent'] as const;

const later = (iso: string | null, at: string) => iso !== null && Date.parse(iso) > Date.parse(at);

/** Only the sender holding the lease records the outcome: one whose lease was taken over leaves it to the new holder. */
function requireLease(state: NotificationState, owner: string): void {
  if (state.status !== 'CLAIMED' || state.owner !== owner)
    fail(DomainErrorCode.NOTIFICATION_NOT_CLAIMED, `notification ${state.id ?? ''} is not claimed by ${owner}`, {
      owner: state.owner,
    });
}

/** The delay before the n-th retry: doubles from `firstMs` up to `maxMs`. */
export const backoffMs = (attempts: number, backoff: { firstMs: number; maxMs: number }) =>
  Math.min(backoff.firstMs * 2 ** (attempts - 1), backoff.maxMs);

export const notificationDecider: Decider<NotificationState, NotificationCommand, NotificationEvent> = {
  initialState: () => ({ status: 'NONE', id: null, owner: null, leaseUntil: null, attempts: 0, retryAt: null }),

  decide(command, state) {
    switch (command.type) {
      case 'ClaimNotification': {
        const d = command.data;
        if (state.status === 'SENT') fail(DomainErrorCode.NOTIFICATION_ALREADY_SENT, `notification ${d.notificationId} was sent`);
        if (state.status === 'CLAIMED' && state.owner !== d.owner && later(state.leaseUntil, d.at))
          fail(DomainErrorCode.NOTIFICATION_CLAIMED, `notification ${d.notificationId} is claimed by ${state.owner}`, {
            until: state.leaseUntil,
          });
        if (state.status === 'FAILED' && later(state.retryAt, d.at))
          fail(DomainErrorCode.NOTIFICATION_BACKING_OFF, `notification ${d.notificationId} is retried from ${state.retryAt}`, {
            until: state.retryAt,
          });
        const leaseUntil = new Date(Date.parse(d.at) + d.leaseMs).toISOString();
        return [{ type: 'NotificationClaimed', data: { notificationId: d.notificationId, owner: d.owner, leaseUntil } }];
      }
      case 'RecordNotificationFailed': {
        const d = command.data;
        requireLease(state, d.owner);
        const attempts = state.attempts + 1;
        const retryAt = new Date(Date.parse(d.at) + backoffMs(attempts, d.backoff)).toISOString();
        return [
          {
            type: 'NotificationFailed',
            data: { notificationId: state.id!, owner: d.owner, attempts, reason: d.reason, error: d.error, failedAt: d.at, retryAt },
          },
        ];
      }
      case 'RecordNotificationSent':
        requireLease(state, command.data.owner);
        return [{ type: 'NotificationSent', data: command.data.record }];
      case 'RecordDigestSent':
        requireLease(state, command.data.owner);
        return [{ type: 'DigestSent', data: command.data.record }];
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'NotificationClaimed':
        return { ...state, status: 'CLAIMED', id: event.data.notificationId, owner: event.data.owner, leaseUntil: event.data.leaseUntil };
      case 'NotificationFailed':
        return { ...state, status: 'FAILED', leaseUntil: null, attempts: event.data.attempts, retryAt: event.data.retryAt };
      case 'NotificationSent':
        return { ...state, status: 'SENT', id: event.data.notificationId, leaseUntil: null };
      case 'DigestSent':
        return { ...state, status: 'SENT', id: event.data.digestId, leaseUntil: null };
    }
  },
};
