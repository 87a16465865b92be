import { DynamicModule, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { AppConfig } from '../config';
import { CommandObserver } from './command-observer';
import { GraphqlObservabilityPlugin, GraphqlSpanInterceptor } from './graphql-observability.plugin';
import { loggerModule } from './logging';
import { Metrics } from './metrics';
import { MetricsController } from './metrics.controller';
import { RpcObservabilityInterceptor } from './rpc-observability.interceptor';

/** Logs, metrics and traces: hooked in at the seams (CommandBus, log, projector, Apollo, interceptors). */
@Module({})
export class ObservabilityModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ObservabilityModule,
      imports: [CqrsModule, loggerModule(config)],
      controllers: [MetricsController],
      providers: [
        Metrics,
        CommandObserver,
        GraphqlObservabilityPlugin,
        { provide: APP_INTERCEPTOR, useClass: RpcObservabilityInterceptor },
        { provide: APP_INTERCEPTOR, useClass: GraphqlSpanInterceptor },
      ],
    };
  }
}
