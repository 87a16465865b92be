import { Inject, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ScheduleModule, SchedulerRegistry } from '@nestjs/schedule';
import { hostname } from 'node:os';
import { EVENT_STORE } from '@gov/governance';
import { EventStore } from '@gov/event-store';
import { NotificationQueries, Notifier, NotifierDb, ReadMarks, SmtpMailSender, systemClock } from '@gov/notifications';
import { APP_CONFIG, AppConfig } from '../config';
import { NotificationFeed } from './notification-feed';
import { NotificationResolver, NotificationSubjectResolver } from './notification.resolver';

const TICK = 'notifications-tick';

/** Reminders: the notifier follows the log and, every NOTIFY_INTERVAL_SECONDS, sends what is due. */
@Module({
  imports: [ScheduleModule.forRoot()],
  providers: [
    { provide: NotifierDb, inject: [APP_CONFIG], useFactory: (config: AppConfig) => new NotifierDb(config.dataDir) },
    {
      provide: Notifier,
      inject: [EVENT_STORE, NotifierDb, APP_CONFIG],
      useFactory: (events: EventStore, store: NotifierDb, config: AppConfig) => {
        const logger = new Logger('Notifier');
        const { smtpUrl, mailFrom, publicUrl, rules, digestHour, timeZone } = config.notify;
        return new Notifier(events, store, {
          clock: systemClock,
          // A first catch-up runs while the service answers queries: batches short enough not to stall them.
          maxBatch: 5_000,
          mail: smtpUrl ? new SmtpMailSender({ url: smtpUrl, from: mailFrom }) : null,
          messageIdDomain: mailFrom.slice(mailFrom.lastIndexOf('@') + 1).replace(/[^a-z0-9.-]/gi, '') || 'localhost',
          publicUrl,
          rules,
          digest: { hour: digestHour, timeZone },
          owner: `${hostname()}:${process.pid}`,
          onError: (e) => logger.error(`notifier paused, resuming from checkpoint: ${e.message}`),
        });
      },
    },
    { provide: NotificationQueries, inject: [NotifierDb], useFactory: (store: NotifierDb) => new NotificationQueries(store) },
    {
      provide: ReadMarks,
      inject: [EVENT_STORE, NotificationQueries, Notifier],
      useFactory: (events: EventStore, queries: NotificationQueries, notifier: Notifier) =>
        new ReadMarks(events, queries, (position) => notifier.waitFor(position)),
    },
    NotificationFeed,
    NotificationResolver,
    NotificationSubjectResolver,
  ],
  exports: [Notifier],
})
export class NotificationsModule implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Notifier');

  constructor(
    private readonly notifier: Notifier,
    private readonly store: NotifierDb,
    private readonly scheduler: SchedulerRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private closing = false;

  onApplicationBootstrap(): void {
    const sending = this.config.notify.enabled;
    if (!sending) this.logger.log('reminders are not sent from this process (NOTIFY_ENABLED=false): the in-app list still follows the log');
    // The service answers while the notifier catches up: over a long log that has never had one (an
    // upgrade from a version without reminders) its first catch-up takes minutes. Ticks start after it.
    void this.notifier.start().then(
      () => sending && this.schedule(),
      (e: Error) => this.logger.error(`notifier did not start: ${e.message}`),
    );
  }

  private schedule(): void {
    if (this.closing) return;
    const tick = () =>
      void this.notifier.tick().then(
        (r) => (r.sent || r.failed) && this.logger.log(`sent ${r.sent}, failed ${r.failed}, expired ${r.expired}`),
        (e: Error) => this.logger.error(`notification tick failed: ${e.message}`),
      );
    this.scheduler.addInterval(TICK, setInterval(tick, this.config.notify.intervalSeconds * 1000));
    tick();
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    if (this.scheduler.doesExist('interval', TICK)) this.scheduler.deleteInterval(TICK);
    await this.notifier.stop();
    this.store.close();
  }
}
