import { DynamicModule, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { AppConfig } from '../config';
import { NotificationsModule } from '../notifications/notifications.module';
import { CommandObserver } from './command-observer';
import { GraphqlObservabilityPlugin, GraphqlSpanInterceptor } from './graphql-observability.plugin';
import { loggerModule } from './logging';
import { Metrics } from './metrics';
import { MetricsController } from './metrics.controller';
import { NotifierMetrics } from './notifier-metrics';
import { RpcObservabilityInterceptor } from './rpc-observability.interceptor';

/** Logs, metrics and traces: hooked in at the seams (CommandBus, log, projector, Apollo, interceptors). */
@Module({})
export class ObservabilityModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ObservabilityModule,
      // Global: the rate-limit budget counts its refusals on every transport.
      global: true,
      imports: [CqrsModule, loggerModule(config), NotificationsModule],
      controllers: [MetricsController],
      providers: [
        Metrics,
        NotifierMetrics,
        CommandObserver,
        GraphqlObservabilityPlugin,
        { provide: APP_INTERCEPTOR, useClass: RpcObservabilityInterceptor },
        { provide: APP_INTERCEPTOR, useClass: GraphqlSpanInterceptor },
      ],
      exports: [Metrics],
    };
  }
}
