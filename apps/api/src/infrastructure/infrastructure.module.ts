import { Global, Inject, Logger, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { EVENT_STORE } from '@gov/governance';
import { EventStore, createEventStore } from '@gov/event-store';
import { OrganisationQueries, Projector, ReadModelDb, RecommendationQueries } from '@gov/read-model';
import { APP_CONFIG, AppConfig } from '../config';
import { TokenVerifier } from '../auth/token-verifier';

/** The process's resources: the log, the read model and its projector, and token verification. */
@Global()
@Module({
  providers: [
    {
      provide: EVENT_STORE,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) =>
        createEventStore({ dataDir: config.dataDir, eventStoreConnectionString: config.eventStoreConnectionString }),
    },
    { provide: ReadModelDb, inject: [APP_CONFIG], useFactory: (config: AppConfig) => new ReadModelDb(config.dataDir) },
    {
      provide: Projector,
      inject: [EVENT_STORE, ReadModelDb],
      useFactory: (events: EventStore, readModel: ReadModelDb) => {
        const logger = new Logger('Projector');
        return new Projector(events, readModel, {
          onError: (e) => logger.error(`projection paused, resuming from checkpoint: ${e.message}`),
        });
      },
    },
    { provide: RecommendationQueries, inject: [ReadModelDb], useFactory: (rm: ReadModelDb) => new RecommendationQueries(rm.db) },
    { provide: OrganisationQueries, inject: [ReadModelDb], useFactory: (rm: ReadModelDb) => new OrganisationQueries(rm.db) },
    { provide: TokenVerifier, inject: [APP_CONFIG], useFactory: (config: AppConfig) => new TokenVerifier(config) },
  ],
  exports: [EVENT_STORE, ReadModelDb, Projector, RecommendationQueries, OrganisationQueries, TokenVerifier],
})
export class InfrastructureModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    private readonly readModel: ReadModelDb,
    private readonly projector: Projector,
  ) {}

  /** Serving starts once the read model has caught up with the log. */
  async onModuleInit(): Promise<void> {
    await this.projector.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.projector.stop();
    await this.events.close();
    this.readModel.close();
  }
}
