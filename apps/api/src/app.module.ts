import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { GraphQLModule } from '@nestjs/graphql';
import { TerminusModule } from '@nestjs/terminus';
import { join } from 'node:path';
import { GovernanceModule } from '@gov/governance';
import { MeetingQueries, OrganisationQueries } from '@gov/read-model';
import { ReportPool } from '@gov/reports';
import { APP_CONFIG, AppConfig } from './config';
import { IdentityThrottlerGuard } from './auth/identity-throttler.guard';
import { RateBudget } from './auth/rate-budget';
import { authenticateOperation } from './auth/authentication';
import { WindowedThrottlerStorage } from './auth/windowed-throttler-storage';
import { InfrastructureModule } from './infrastructure/infrastructure.module';
import { CommandDispatcher } from './commands/command-dispatcher';
import { FilesModule } from './files/files.module';
import { FollowersModule } from './followers/followers.module';
import { NotificationsModule } from './notifications/notifications.module';
import { createContext } from './graphql/context';
import { AppExceptionFilter } from './app-exception.filter';
import { formatPublicError } from './graphql/errors';
import { DateTime } from './graphql/date-time.scalar';
import { GATE_PARSE_OPTIONS, refusalsOf } from './graphql/gate';
import { GraphqlWsServer } from './graphql/ws-server';
import { MutationResolver } from './graphql/mutation.resolver';
import { PeopleViewsModule } from './graphql/people-views.module';
import { PublicModule } from './public/public.module';
import {
  AgendaItemFieldsResolver,
  BodyFieldsResolver,
  MeetingFieldsResolver,
  QueryResolver,
  RecommendationConnectionResolver,
  RecommendationFieldsResolver,
  UnitFieldsResolver,
} from './graphql/query.resolver';
import { RecommendationChanges } from './graphql/recommendation-changes';
import { SubscriptionResolver } from './graphql/subscription.resolver';
import { RecommendationEvidenceResolver } from './graphql/evidence';
import { HealthController } from './health/health.controller';
import { GrpcController } from './grpc/grpc.controller';
import { ObservabilityModule } from './observability/observability.module';
import { ReportsController } from './reports/reports.controller';
import { WebModule } from './web/web.module';

type HttpRequest = { headers: Record<string, string | string[] | undefined>; socket: { remoteAddress?: string }; actorSub?: string };
const SCHEMA_FILE = join(__dirname, '../schema.graphql');

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        { module: ConfigModule, global: true, providers: [{ provide: APP_CONFIG, useValue: config }], exports: [APP_CONFIG] },
        { module: RateBudgetModule, global: true, providers: [RateBudget], exports: [RateBudget] },
        // One bound on the expensive reports, signed-in and open data alike.
        {
          module: ReportPoolModule,
          global: true,
          providers: [{ provide: ReportPool, useFactory: () => new ReportPool(config.reports) }],
          exports: [ReportPool],
        },
        InfrastructureModule,
        FilesModule,
        WebModule.forRoot(config),
        NotificationsModule,
        FollowersModule,
        GovernanceModule,
        ObservabilityModule.forRoot(config),
        PeopleViewsModule,
        PublicModule,
        TerminusModule.forRoot({ logger: false }),
        ThrottlerModule.forRoot({
          throttlers: [{ ttl: 60_000, limit: config.rateLimitPerMinute }],
          storage: new WindowedThrottlerStorage(),
        }),
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          inject: [OrganisationQueries, MeetingQueries, RateBudget],
          useFactory: (organisation: OrganisationQueries, meetings: MeetingQueries, budget: RateBudget) => ({
            // Written next to the sources in development so the committed SDL stays current.
            autoSchemaFile: config.production ? true : SCHEMA_FILE,
            sortSchema: true,
            // A field typed Date without its type named takes the strict DateTime too (two scalars of one name would clash).
            buildSchemaOptions: { scalarsMap: [{ type: Date, scalar: DateTime }] },
            path: '/graphql',
            // The gate refuses introspection in production, over HTTP and WebSocket alike.
            introspection: true,
            playground: false,
            plugins: [
              {
                // The gate (graphql/gate.ts) validates instead of Apollo: its linear limits first, then
                // graphql's rules, then the cost with the variables; the same function as over WebSocket.
                async requestDidStart() {
                  return {
                    async didResolveOperation({ request, document, schema }) {
                      const [refused] = refusalsOf(schema, config.production, document, request.operationName, request.variables);
                      if (refused) throw refused;
                    },
                  };
                },
              },
              ...(config.production ? [ApolloServerPluginLandingPageDisabled()] : []),
            ],
            csrfPrevention: true,
            parseOptions: GATE_PARSE_OPTIONS,
            dangerouslyDisableValidation: true,
            // GraphQL over WebSocket is served by GraphqlWsServer, through the same gate.
            context: async ({ req, res }: { req?: HttpRequest; res?: unknown }) => {
              const actor = await authenticateOperation(budget, req);
              if (req) req.actorSub = actor.sub;
              return createContext(actor, { organisation, meetings }, req?.headers['x-correlation-id'], req ? { req, res } : undefined);
            },
            formatError: (formatted, error) => formatPublicError(formatted, error, config.production),
          }),
        }),
      ],
      controllers: [HealthController, GrpcController, ReportsController],
      providers: [
        CommandDispatcher,
        MutationResolver,
        QueryResolver,
        RecommendationConnectionResolver,
        RecommendationFieldsResolver,
        MeetingFieldsResolver,
        AgendaItemFieldsResolver,
        BodyFieldsResolver,
        UnitFieldsResolver,
        SubscriptionResolver,
        RecommendationEvidenceResolver,
        RecommendationChanges,
        GraphqlWsServer,
        { provide: APP_FILTER, useClass: AppExceptionFilter },
        { provide: APP_GUARD, useClass: IdentityThrottlerGuard },
      ],
    };
  }
}

@Module({})
class ConfigModule {}

@Module({})
class RateBudgetModule {}

@Module({})
class ReportPoolModule {}
