import { Inject, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { hostname } from 'node:os';
import { AggregateStore, EVENT_STORE, GovernanceModule } from '@gov/governance';
import { EventStore } from '@gov/event-store';
import { FollowMailer, FollowService, FollowerAddresses, PostgresFollowerAddresses, SqliteFollowerAddresses } from '@gov/followers';
import { SmtpMailSender } from '@gov/notifications';
import { OrganisationQueries, RecommendationQueries } from '@gov/read-model';
import { APP_CONFIG, AppConfig } from '../config';
import { FollowResolver } from './follow.resolver';
import { UnsubscribeController } from './unsubscribe.controller';

const ADDRESSES = Symbol('FOLLOWER_ADDRESSES');
const TICK = 'follow-mailer-tick';

/** Following by email (docs/architecture.md, "Open to the public"): requests, the address store, and the mailer that tells followers. */
@Module({
  imports: [GovernanceModule],
  controllers: [UnsubscribeController],
  providers: [
    {
      provide: ADDRESSES,
      inject: [APP_CONFIG],
      // With PostgreSQL every replica shares one table; embedded, a SQLite file in the data dir.
      useFactory: (config: AppConfig): FollowerAddresses =>
        config.postgresUrl ? new PostgresFollowerAddresses(config.postgresUrl) : new SqliteFollowerAddresses(config.dataDir),
    },
    {
      provide: FollowService,
      inject: [AggregateStore, ADDRESSES, RecommendationQueries, OrganisationQueries],
      useFactory: (store: AggregateStore, addresses: FollowerAddresses, recs: RecommendationQueries, org: OrganisationQueries) =>
        new FollowService(store, {
          addresses,
          followable: (kind, id) =>
            kind === 'recommendation' ? recs.byId(id, new Date())?.published === true : org.bodies([id]).length > 0,
        }),
    },
    {
      provide: FollowMailer,
      inject: [EVENT_STORE, ADDRESSES, APP_CONFIG],
      useFactory: (events: EventStore, addresses: FollowerAddresses, config: AppConfig) => {
        const logger = new Logger('FollowMailer');
        const { smtpUrl, mailFrom, publicUrl, digestHour, timeZone } = config.notify;
        return new FollowMailer(events, config.dataDir, {
          clock: { now: () => Date.now() },
          mail: smtpUrl ? new SmtpMailSender({ url: smtpUrl, from: mailFrom }) : null,
          addresses,
          publicUrl,
          messageIdDomain: mailFrom.slice(mailFrom.lastIndexOf('@') + 1).replace(/[^a-z0-9.-]/gi, '') || 'localhost',
          owner: `${hostname()}:${process.pid}`,
          digest: { hour: digestHour, timeZone },
          onError: (e) => logger.error(`follow mailer paused, resuming from checkpoint: ${e.message}`),
        });
      },
    },
    FollowResolver,
  ],
})
export class FollowersModule implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('FollowMailer');
  private closing = false;

  constructor(
    private readonly mailer: FollowMailer,
    @Inject(ADDRESSES) private readonly addresses: FollowerAddresses,
    private readonly scheduler: SchedulerRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    // The process that sends reminders tells followers too (NOTIFY_ENABLED).
    if (!this.config.notify.enabled) return;
    void this.mailer.start().then(
      () => {
        if (this.closing) return;
        const tick = () =>
          void this.mailer.tick().then(
            (r) =>
              (r.sent || r.failed || r.digests) && this.logger.log(`followers: sent ${r.sent}, failed ${r.failed}, digests ${r.digests}`),
            (e: Error) => this.logger.error(`follow mailer tick failed: ${e.message}`),
          );
        this.scheduler.addInterval(TICK, setInterval(tick, this.config.notify.intervalSeconds * 1000));
        tick();
      },
      (e: Error) => this.logger.error(`follow mailer did not start: ${e.message}`),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    if (this.scheduler.doesExist('interval', TICK)) this.scheduler.deleteInterval(TICK);
    await this.mailer.stop();
    await this.addresses.close();
  }
}
