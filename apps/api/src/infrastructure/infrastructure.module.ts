import { Global, Inject, Logger, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { EVENT_STORE } from '@gov/governance';
import { EventStore, openEventStore, sqliteFault } from '@gov/event-store';
import {
  MeetingQueries,
  OrganisationQueries,
  Projector,
  ReadModelDb,
  ReadModelUpgrade,
  RecommendationQueries,
  openServedReadModel,
} from '@gov/read-model';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SERVICE_PID_FILE, runningServicePid } from '../backup/service-lock';
import { APP_CONFIG, AppConfig } from '../config';
import { TokenVerifier } from '../auth/token-verifier';
import { AfterPositionInterceptor } from './after-position.interceptor';

/** The process's resources: the log, the read model and its projector, and token verification. */
@Global()
@Module({
  providers: [
    {
      provide: EVENT_STORE,
      inject: [APP_CONFIG],
      // A server-side log that cannot be reached, or holds a newer schema, stops the start here.
      useFactory: (config: AppConfig) =>
        openEventStore({
          dataDir: config.dataDir,
          eventStoreConnectionString: config.eventStoreConnectionString,
          postgresUrl: config.postgresUrl,
        }),
    },
    {
      provide: ReadModelDb,
      inject: [APP_CONFIG],
      // An older projection version keeps serving while ReadModelUpgrade builds the new one beside it;
      // so does a damaged one. A pid file whose process is gone: the last run did not shut down cleanly.
      useFactory: (config: AppConfig) => {
        const logger = new Logger('ReadModel');
        const afterCrash = existsSync(join(config.dataDir, SERVICE_PID_FILE)) && runningServicePid(config.dataDir) === undefined;
        return openServedReadModel(config.dataDir, { afterCrash, log: (message) => logger.error(message) });
      },
    },
    {
      provide: Projector,
      inject: [EVENT_STORE, ReadModelDb],
      useFactory: (events: EventStore, readModel: ReadModelDb) => {
        const logger = new Logger('Projector');
        return new Projector(events, readModel, {
          onError: (e) => {
            logger.error(`projection paused, resuming from checkpoint: ${e.message}`);
            if (sqliteFault(e) === 'DAMAGED') readModel.markDamaged(e.message);
          },
        });
      },
    },
    {
      provide: ReadModelUpgrade,
      inject: [EVENT_STORE, ReadModelDb, Projector, APP_CONFIG],
      useFactory: (events: EventStore, readModel: ReadModelDb, projector: Projector, config: AppConfig) => {
        const logger = new Logger('ReadModelUpgrade');
        const log = {
          dataDir: config.dataDir,
          eventStoreConnectionString: config.eventStoreConnectionString,
          postgresUrl: config.postgresUrl,
        };
        return new ReadModelUpgrade(events, readModel, projector, log, {
          log: (message) => logger.log(message),
          onError: (e) => logger.error(`read model build paused: ${e.message}`),
        });
      },
    },
    { provide: RecommendationQueries, inject: [ReadModelDb], useFactory: (rm: ReadModelDb) => new RecommendationQueries(rm.db) },
    { provide: OrganisationQueries, inject: [ReadModelDb], useFactory: (rm: ReadModelDb) => new OrganisationQueries(rm.db) },
    { provide: MeetingQueries, inject: [ReadModelDb], useFactory: (rm: ReadModelDb) => new MeetingQueries(rm.db) },
    { provide: TokenVerifier, inject: [APP_CONFIG], useFactory: (config: AppConfig) => new TokenVerifier(config) },
    { provide: APP_INTERCEPTOR, useClass: AfterPositionInterceptor },
  ],
  exports: [EVENT_STORE, ReadModelDb, Projector, RecommendationQueries, OrganisationQueries, MeetingQueries, TokenVerifier],
})
export class InfrastructureModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    private readonly readModel: ReadModelDb,
    private readonly projector: Projector,
    private readonly upgrade: ReadModelUpgrade,
  ) {}

  /**
   * Serving starts once the read model has caught up with the log, or at once when it is damaged:
   * then it is rebuilt beside (queries answer UNAVAILABLE meanwhile), and so whenever damage is met later.
   */
  async onModuleInit(): Promise<void> {
    const damaged = new Promise<void>((resolve) => {
      if (this.readModel.damaged) resolve();
      this.readModel.onDamage(() => {
        resolve();
        this.upgrade.rebuild();
      });
    });
    // A replica started from a snapshot says where it catches up from (0: the whole log).
    new Logger('Projector').log(`read model at log position ${this.projector.position}: catching up from there`);
    await Promise.race([this.projector.start(), damaged]);
    this.upgrade.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.upgrade.stop();
    await this.projector.stop();
    await this.events.close();
    this.readModel.close();
  }
}
