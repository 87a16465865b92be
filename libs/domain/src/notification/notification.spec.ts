import { deciderSpec, uuid } from '../testing/decider-spec';
import { NotificationEvent, SentNotification, notificationDecider } from './notification';

const spec = deciderSpec(notificationDecider);
const notificationId = uuid(1);
const at = '2026-03-02T09:00:00.000Z';
const claimedBy = (owner: string, leaseUntil = '2026-03-02T09:02:00.000Z'): NotificationEvent => ({
  type: 'NotificationClaimed',
  data: { notificationId, owner, leaseUntil },
});
const record: SentNotification = {
  notificationId,
  recipient: `unit:${uuid(2)}`,
  rule: 'ASSIGNED',
  subjectId: uuid(3),
  subjectKind: 'recommendation',
  dueAt: at,
  sentAt: at,
  emails: ['lead@police.kz'],
  language: 'kk',
  messageId: `<${notificationId}@police.kz>`,
  title: 'Ұсыным 1/2026-1',
};
const backoff = { firstMs: 60_000, maxMs: 3_600_000 };

describe('notification', () => {
  it('is claimed by a sender for the length of its lease', () =>
    spec()
      .when({ type: 'ClaimNotification', data: { notificationId, owner: 'a', at, leaseMs: 120_000 } })
      .then([claimedBy('a')]));

  it('is not claimed by another sender while the lease runs, and is once it has run out', () => {
    spec([claimedBy('a')])
      .when({ type: 'ClaimNotification', data: { notificationId, owner: 'b', at: '2026-03-02T09:01:59.999Z', leaseMs: 60_000 } })
      .thenFails('NOTIFICATION_CLAIMED');
    spec([claimedBy('a')])
      .when({ type: 'ClaimNotification', data: { notificationId, owner: 'b', at: '2026-03-02T09:02:00.000Z', leaseMs: 60_000 } })
      .then([claimedBy('b', '2026-03-02T09:03:00.000Z')]);
  });

  it('is not claimed again once sent', () =>
    spec([claimedBy('a'), { type: 'NotificationSent', data: record }])
      .when({ type: 'ClaimNotification', data: { notificationId, owner: 'b', at: '2026-04-01T00:00:00.000Z', leaseMs: 1 } })
      .thenFails('NOTIFICATION_ALREADY_SENT'));

  it('is recorded as sent only by the sender holding the lease', () => {
    spec([claimedBy('a')])
      .when({ type: 'RecordNotificationSent', data: { owner: 'a', record } })
      .then([{ type: 'NotificationSent', data: record }]);
    // A sender whose lease was taken over leaves the record to the new holder.
    spec([claimedBy('a'), claimedBy('b', '2026-03-02T09:05:00.000Z')])
      .when({ type: 'RecordNotificationSent', data: { owner: 'a', record } })
      .thenFails('NOTIFICATION_NOT_CLAIMED');
    spec()
      .when({ type: 'RecordNotificationSent', data: { owner: 'a', record } })
      .thenFails('NOTIFICATION_NOT_CLAIMED');
  });

  it('a failed delivery is retried after a backoff that doubles up to its limit, by any sender', () => {
    const failed = (attempts: number, retryAt: string): NotificationEvent => ({
      type: 'NotificationFailed',
      data: { notificationId, owner: 'a', attempts, reason: 'refused', error: '550', failedAt: at, retryAt },
    });
    spec([claimedBy('a')])
      .when({ type: 'RecordNotificationFailed', data: { owner: 'a', reason: 'refused', error: '550', at, backoff } })
      .then([failed(1, '2026-03-02T09:01:00.000Z')]);
    spec([claimedBy('a'), failed(1, '2026-03-02T09:01:00.000Z'), claimedBy('b')])
      .when({ type: 'RecordNotificationFailed', data: { owner: 'b', reason: 'refused', error: '550', at, backoff } })
      .then([{ type: 'NotificationFailed', data: { ...failed(2, '2026-03-02T09:02:00.000Z').data, owner: 'b' } } as NotificationEvent]);
    const many = [claimedBy('a'), failed(9, '2026-03-02T09:01:00.000Z'), claimedBy('a')];
    spec(many)
      .when({ type: 'RecordNotificationFailed', data: { owner: 'a', reason: 'refused', error: '550', at, backoff } })
      .then([failed(10, '2026-03-02T10:00:00.000Z')]);
    spec([claimedBy('a'), failed(1, '2026-03-02T09:01:00.000Z')])
      .when({ type: 'ClaimNotification', data: { notificationId, owner: 'b', at: '2026-03-02T09:00:59.000Z', leaseMs: 1000 } })
      .thenFails('NOTIFICATION_BACKING_OFF');
    spec([claimedBy('a'), failed(1, '2026-03-02T09:01:00.000Z')])
      .when({ type: 'ClaimNotification', data: { notificationId, owner: 'b', at: '2026-03-02T09:01:00.000Z', leaseMs: 1000 } })
      .then([claimedBy('b', '2026-03-02T09:01:01.000Z')]);
  });

  it('a digest is claimed and recorded the same way', () => {
    const digest = {
      digestId: notificationId,
      recipient: record.recipient,
      day: '2026-03-03',
      notificationIds: [uuid(4)],
      sentAt: at,
      emails: ['lead@police.kz'],
      language: 'kk' as const,
      messageId: `<${notificationId}@police.kz>`,
    };
    spec([claimedBy('a')])
      .when({ type: 'RecordDigestSent', data: { owner: 'a', record: digest } })
      .then([{ type: 'DigestSent', data: digest }]);
    spec([claimedBy('a'), { type: 'DigestSent', data: digest }])
      .when({ type: 'ClaimNotification', data: { notificationId, owner: 'a', at, leaseMs: 1 } })
      .thenFails('NOTIFICATION_ALREADY_SENT');
  });
});
