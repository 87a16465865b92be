import { Inject, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { hostname } from 'node:os';
import { EVENT_STORE } from '@gov/governance';
import { EventStore } from '@gov/event-store';
import { NotificationQueries, NotifierDb, NotifierPort, NotifierThread, ReadMarks } from '@gov/notifications';
import { Projector } from '@gov/read-model';
import { APP_CONFIG, AppConfig } from '../config';
import { NotificationFeed } from './notification-feed';
import { NotificationResolver, NotificationSubjectResolver } from './notification.resolver';

/** Reminders: the notifier runs in a worker thread, follows the log and, every NOTIFY_INTERVAL_SECONDS, sends what is due. */
@Module({
  // The scheduler registry other modules tick with (followers).
  imports: [ScheduleModule.forRoot()],
  providers: [
    { provide: NotifierDb, inject: [APP_CONFIG], useFactory: (config: AppConfig) => new NotifierDb(config.dataDir) },
    {
      provide: NotifierPort,
      inject: [NotifierDb, APP_CONFIG],
      useFactory: (store: NotifierDb, config: AppConfig) => {
        const logger = new Logger('Notifier');
        const { enabled, smtpUrl, mailFrom, publicUrl, rules, digestHour, timeZone, intervalSeconds } = config.notify;
        return new NotifierThread(
          {
            log: {
              dataDir: config.dataDir,
              eventStoreConnectionString: config.eventStoreConnectionString,
              postgresUrl: config.postgresUrl,
            },
            dataDir: config.dataDir,
            smtp: smtpUrl ? { url: smtpUrl, from: mailFrom } : null,
            options: {
              messageIdDomain: mailFrom.slice(mailFrom.lastIndexOf('@') + 1).replace(/[^a-z0-9.-]/gi, '') || 'localhost',
              publicUrl,
              rules,
              digest: { hour: digestHour, timeZone },
              owner: `${hostname()}:${process.pid}`,
            },
            tickEveryMs: enabled ? intervalSeconds * 1000 : null,
          },
          store,
          {
            onError: (e) => logger.error(`notifier: ${e.message}`),
            onTicked: (r) =>
              (r.sent || r.failed || r.summaries) &&
              logger.log(`sent ${r.sent}, failed ${r.failed}, expired ${r.expired}, summaries ${r.summaries}`),
          },
        );
      },
    },
    { provide: NotificationQueries, inject: [NotifierDb], useFactory: (store: NotifierDb) => new NotificationQueries(store) },
    {
      provide: ReadMarks,
      inject: [EVENT_STORE, NotificationQueries, NotifierPort],
      useFactory: (events: EventStore, queries: NotificationQueries, notifier: NotifierThread) =>
        new ReadMarks(events, queries, (position) => {
          notifier.wake();
          return notifier.waitFor(position);
        }),
    },
    NotificationFeed,
    NotificationResolver,
    NotificationSubjectResolver,
  ],
  exports: [NotifierPort],
})
export class NotificationsModule implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Notifier');
  private stopWaking = () => {};

  constructor(
    @Inject(NotifierPort) private readonly notifier: NotifierThread,
    private readonly store: NotifierDb,
    private readonly projector: Projector,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.notify.startOnBoot) return;
    if (!this.config.notify.enabled)
      this.logger.log('reminders are not sent from this process (NOTIFY_ENABLED=false): the in-app list still follows the log');
    // What this process appends, the worker reads at once rather than at its next poll of the log.
    this.stopWaking = this.projector.onAdvance(() => this.notifier.wake());
    // The service answers while the notifier catches up in its worker: over a long log that has never
    // had one its first pass takes minutes. It ticks once caught up.
    void this.notifier.start().catch((e: Error) => this.logger.error(`notifier did not start: ${e.message}`));
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopWaking();
    await this.notifier.stop();
    this.store.close();
  }
}
