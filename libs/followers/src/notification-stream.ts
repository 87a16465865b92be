import { DomainError, NotificationCommand, fold, governanceMetadata, nameUuid, notificationDecider, upcasters } from '@gov/domain';
import { EventStore, WrongExpectedRevisionError } from '@gov/event-store';

/** Who records the follow mailer's messages in the log. */
const ACTOR = { sub: 'notifier', name: 'Notifier', roles: [] as string[], role: null };

/**
 * One command of the notification decider on the message's stream `notification-<id>`: its
 * history folded, decided, appended at the revision read. A refusal (sent already, another
 * sender's lease, backing off) or a lost race comes back as `error`.
 */
export async function decideNotification(
  events: EventStore,
  owner: string,
  id: string,
  command: NotificationCommand,
  now: number,
): Promise<{ error?: undefined; retryAt?: string } | { error: DomainError }> {
  const stream = `notification-${id}`;
  const history = await events.readStream(stream);
  const state = fold(
    notificationDecider,
    history.map((e) => upcasters.upcastStored(e)),
  );
  let produced;
  try {
    produced = notificationDecider.decide(command, state);
  } catch (error) {
    if (error instanceof DomainError) return { error };
    throw error;
  }
  const cause = {
    actor: ACTOR,
    commandId: null,
    commandType: command.type,
    correlationId: id,
    causationId: id,
    occurredAt: new Date(now).toISOString(),
  };
  try {
    await events.appendToStream(
      stream,
      produced.map((e, i) => ({
        // The owner in the id: two senders' claims are two events, so the store's revision check, not its
        // idempotency by event id, decides which one holds the lease.
        id: nameUuid(`${id}:${owner}:${history.length + i}:${e.type}`),
        type: e.type,
        data: e.data as unknown as Record<string, unknown>,
        metadata: governanceMetadata(cause, e.type),
      })),
      { expectedRevision: history.at(-1)?.revision ?? 'no_stream' },
    );
  } catch (error) {
    if (error instanceof WrongExpectedRevisionError)
      return { error: new DomainError('NOTIFICATION_CLAIMED', `another sender wrote ${stream} first`) };
    throw error;
  }
  const failed = produced.find((e) => e.type === 'NotificationFailed');
  return { retryAt: failed?.type === 'NotificationFailed' ? failed.data.retryAt : undefined };
}
