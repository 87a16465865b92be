import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import { NotifierPort, SentRecord } from '@gov/notifications';

/**
 * What live subscribers hear: each notification recorded in the log, once this replica's list
 * (which the queries read) includes it, in log order; and a person's read marks changing, made on
 * any replica. It listens to the notifications projection's batches.
 */
@Injectable()
export class NotificationFeed implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('NotificationFeed');
  private readonly emitter = new EventEmitter().setMaxListeners(0);
  private stopListening = () => {};

  constructor(private readonly notifier: NotifierPort) {}

  onModuleInit(): void {
    this.stopListening = this.notifier.onListed(({ sent: records, readers }) => {
      // A subscriber that cannot be told must not stop the list.
      try {
        if (records.length) this.emitter.emit('sent', records);
        for (const sub of readers) this.emitter.emit(`read:${sub}`);
      } catch (e) {
        this.logger.warn(`live notifications not pushed (the list still has them): ${(e as Error).message}`);
      }
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

  /** Read marks are per person (sub): the person's other tabs and devices, on any replica, hear of their marking. */
  onRead(sub: string, listener: () => void): () => void {
    this.emitter.on(`read:${sub}`, listener);
    return () => this.emitter.off(`read:${sub}`, listener);
  }
}
