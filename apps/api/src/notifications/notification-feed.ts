import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import { Projector } from '@gov/read-model';
import { NOTIFICATION_SENT, Notifier, SentRecord } from '@gov/notifications';
import { APP_CONFIG, AppConfig } from '../config';

/**
 * What live subscribers hear: each notification the notifier records, once its own list (which the
 * queries read) includes it, in log order; and a person's read marks changing. It listens to the
 * projector's batches, so it adds no follower of its own to the log.
 */
@Injectable()
export class NotificationFeed implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('NotificationFeed');
  private readonly emitter = new EventEmitter().setMaxListeners(0);
  private stopListening = () => {};
  private delivered: Promise<void> = Promise.resolve();

  constructor(
    private readonly projector: Projector,
    private readonly notifier: Notifier,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.stopListening = this.projector.onProjected((batch) => {
      const sent = batch.filter((e) => e.type === NOTIFICATION_SENT);
      const last = sent[sent.length - 1];
      if (!last) return;
      const records = sent.map((e) => e.data as unknown as SentRecord);
      // Chained so pushes keep log order; a failure is logged and the chain goes on with the next batch.
      // With reminders off here, the list is another process's to keep: it is pushed as the log has it.
      const listed = () => (this.config.notify.enabled ? this.notifier.waitFor(last.position) : undefined);
      this.delivered = this.delivered
        .then(listed)
        .then(() => void this.emitter.emit('sent', records))
        .catch((e: Error) => this.logger.warn(`live notifications not pushed (the list still has them): ${e.message}`));
    });
  }

  onModuleDestroy(): void {
    this.stopListening();
    this.emitter.removeAllListeners();
  }

  onSent(listener: (records: SentRecord[]) => void): () => void {
    this.emitter.on('sent', listener);
    return () => this.emitter.off('sent', listener);
  }

  /** Read marks are per person (sub): the person's other tabs and devices hear of their own marking. */
  onRead(sub: string, listener: () => void): () => void {
    this.emitter.on(`read:${sub}`, listener);
    return () => this.emitter.off(`read:${sub}`, listener);
  }

  /** After the marks are written: a subscriber that cannot be told must not fail the person's mutation. */
  readChanged(sub: string): void {
    try {
      this.emitter.emit(`read:${sub}`);
    } catch (e) {
      this.logger.warn(`read marks not pushed: ${(e as Error).message}`);
    }
  }
}
