import {
  DomainError,
  DomainErrorCode,
  NotificationCommand,
  NotificationEvent,
  NotificationState,
  SentDigest,
  SentNotification,
  fold,
  governanceMetadata,
  nameUuid,
  notificationDecider,
  upcasters,
} from '@gov/domain';
import { EventStore, WrongExpectedRevisionError } from '@gov/event-store';

export const notificationStream = (id: string) => `notification-${id}`;

/** The system actor the notifier's records name. */
export const NOTIFIER_ACTOR = { sub: 'notifier', name: 'Notifier', roles: [] as string[], role: null };

/** What became of a claim: this sender holds the lease, or why not. */
export type Claim = { state: 'claimed' } | { state: 'done' | 'lost' } | { state: 'held'; until: string };

export interface LeaseOptions {
  /** Names this sender in claims. */
  owner: string;
  /** How long a claim keeps other senders off while this one talks to the SMTP server. */
  leaseMs: number;
  backoff: { firstMs: number; maxMs: number };
}

/**
 * Runs the notification decider on a message's stream: read, fold, decide, append at the revision
 * read. A conflict means another sender moved first; the decider's refusals say why not to send.
 */
export class Leases {
  constructor(
    private readonly events: EventStore,
    private readonly options: LeaseOptions,
  ) {}

  /** Takes the lease on one message: `done` when it is recorded already, `held` while another sender's lease (or a backoff) runs, `lost` to a race. */
  async claim(id: string, now: number): Promise<Claim> {
    const at = new Date(now).toISOString();
    try {
      await this.execute(
        id,
        { type: 'ClaimNotification', data: { notificationId: id, owner: this.options.owner, at, leaseMs: this.options.leaseMs } },
        at,
      );
      return { state: 'claimed' };
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError) return { state: 'lost' };
      if (!(error instanceof DomainError)) throw error;
      if (error.code === DomainErrorCode.NOTIFICATION_ALREADY_SENT) return { state: 'done' };
      return { state: 'held', until: String(error.details.until) };
    }
  }

  sent(record: SentNotification, now: number): Promise<void> {
    return this.record(record.notificationId, { type: 'RecordNotificationSent', data: { owner: this.options.owner, record } }, now);
  }

  digestSent(record: SentDigest, now: number): Promise<void> {
    return this.record(record.digestId, { type: 'RecordDigestSent', data: { owner: this.options.owner, record } }, now);
  }

  failed(id: string, reason: string, error: string, now: number): Promise<void> {
    const at = new Date(now).toISOString();
    const data = { owner: this.options.owner, reason, error, at, backoff: this.options.backoff };
    return this.record(id, { type: 'RecordNotificationFailed', data }, now);
  }

  /** A sender whose lease ran out and was taken over finds the outcome is the new holder's to record. */
  private async record(id: string, command: NotificationCommand, now: number): Promise<void> {
    try {
      await this.execute(id, command, new Date(now).toISOString());
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError) return;
      if (error instanceof DomainError && error.code === DomainErrorCode.NOTIFICATION_NOT_CLAIMED) return;
      throw error;
    }
  }

  private async execute(id: string, command: NotificationCommand, at: string): Promise<void> {
    const stream = notificationStream(id);
    const history = await this.events.readStream(stream);
    const state: NotificationState = fold(
      notificationDecider,
      history.map((e) => upcasters.upcastStored<NotificationEvent>(e)),
    );
    const decided = notificationDecider.decide(command, state);
    const revision = history.length;
    await this.events.appendToStream(
      stream,
      decided.map((e, i) => ({
        // Deterministic: a retried append of the same decision is recognised, not doubled.
        id: nameUuid(`${id}:${e.type}:${this.options.owner}:${revision + i}`),
        type: e.type,
        data: e.data as unknown as Record<string, unknown>,
        metadata: governanceMetadata(
          { actor: NOTIFIER_ACTOR, commandId: null, commandType: command.type, correlationId: id, causationId: id, occurredAt: at },
          e.type,
        ),
      })),
      { expectedRevision: history.length ? history[history.length - 1]!.revision : 'no_stream' },
    );
  }
}
