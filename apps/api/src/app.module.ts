import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { GraphQLModule } from '@nestjs/graphql';
import { TerminusModule } from '@nestjs/terminus';
import { GraphQLError } from 'graphql';
import type { Context as WsContext } from 'graphql-ws';
import { join } from 'node:path';
import { GovernanceModule } from '@gov/governance';
import { OrganisationQueries } from '@gov/read-model';
import { APP_CONFIG, AppConfig } from './config';
import { TokenVerifier } from './auth/token-verifier';
import { IdentityThrottlerGuard } from './auth/identity-throttler.guard';
import { WindowedThrottlerStorage } from './auth/windowed-throttler-storage';
import { InfrastructureModule } from './infrastructure/infrastructure.module';
import { CommandDispatcher } from './commands/command-dispatcher';
import { FilesModule } from './files/files.module';
import { NotificationsModule } from './notifications/notifications.module';
import { GqlContext, createContext } from './graphql/context';
import { complexityLimit } from './graphql/complexity';
import { depthLimit } from './graphql/depth-limit';
import { AppExceptionFilter } from './graphql/errors';
import { toPublicError } from './public-error';
import { MutationResolver } from './graphql/mutation.resolver';
import { PeopleViewsModule } from './graphql/people-views.module';
import {
  AgendaItemFieldsResolver,
  BodyFieldsResolver,
  MeetingFieldsResolver,
  QueryResolver,
  RecommendationConnectionResolver,
  RecommendationFieldsResolver,
  UnitFieldsResolver,
} from './graphql/query.resolver';
import { SubscriptionResolver } from './graphql/subscription.resolver';
import { HealthController } from './health/health.controller';
import { GrpcController } from './grpc/grpc.controller';
import { ObservabilityModule } from './observability/observability.module';
import { ReportsController } from './reports/reports.controller';
import { WebModule } from './web/web.module';

export const MAX_QUERY_DEPTH = 10;

type HttpRequest = { headers: Record<string, string | string[] | undefined>; actorSub?: string };
const SCHEMA_FILE = join(__dirname, '../schema.graphql');

async function authenticate(verifier: TokenVerifier, authorization: unknown) {
  try {
    return await verifier.actorFrom(typeof authorization === 'string' ? authorization : undefined);
  } catch (error) {
    const { code, message } = toPublicError(error);
    throw new GraphQLError(message, { extensions: { code, http: { status: 401 } } });
  }
}

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        { module: ConfigModule, global: true, providers: [{ provide: APP_CONFIG, useValue: config }], exports: [APP_CONFIG] },
        InfrastructureModule,
        FilesModule,
        WebModule.forRoot(config),
        NotificationsModule,
        GovernanceModule,
        ObservabilityModule.forRoot(config),
        PeopleViewsModule,
        TerminusModule.forRoot({ logger: false }),
        ThrottlerModule.forRoot({
          throttlers: [{ ttl: 60_000, limit: config.rateLimitPerMinute }],
          storage: new WindowedThrottlerStorage(),
        }),
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          inject: [TokenVerifier, OrganisationQueries],
          useFactory: (verifier: TokenVerifier, queries: OrganisationQueries) => ({
            // Written next to the sources in development so the committed SDL stays current.
            autoSchemaFile: config.production ? true : SCHEMA_FILE,
            sortSchema: true,
            path: '/graphql',
            introspection: !config.production,
            playground: false,
            plugins: [complexityLimit(), ...(config.production ? [ApolloServerPluginLandingPageDisabled()] : [])],
            csrfPrevention: true,
            validationRules: [depthLimit(MAX_QUERY_DEPTH)],
            subscriptions: {
              'graphql-ws': {
                onConnect: async (context: WsContext) => {
                  const params = context.connectionParams ?? {};
                  const extra = context.extra as { gqlContext?: GqlContext };
                  try {
                    const actor = await verifier.actorFrom((params.authorization ?? params.Authorization) as string | undefined);
                    // x-after-position as a connection parameter: every operation of the connection waits for it.
                    extra.gqlContext = { ...createContext(actor, queries), afterPosition: params['x-after-position'] };
                    return true;
                  } catch {
                    return false;
                  }
                },
              },
            },
            context: async ({ req, res, extra }: { req?: HttpRequest; res?: unknown; extra?: { gqlContext?: GqlContext } }) => {
              if (extra?.gqlContext) return extra.gqlContext;
              const actor = await authenticate(verifier, req?.headers.authorization);
              if (req) req.actorSub = actor.sub;
              return createContext(actor, queries, req?.headers['x-correlation-id'], req ? { req, res } : undefined);
            },
            formatError: (formatted) => {
              const code = formatted.extensions?.code;
              if (
                code === 'GRAPHQL_VALIDATION_FAILED' ||
                code === 'GRAPHQL_PARSE_FAILED' ||
                code === 'BAD_USER_INPUT' ||
                code === 'QUERY_TOO_COMPLEX'
              )
                return formatted;
              // Apollo's own unexpected errors carry stack traces in development; never send them.
              const { stacktrace: _stack, ...extensions } = (formatted.extensions ?? {}) as Record<string, unknown>;
              return { ...formatted, extensions };
            },
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
        { provide: APP_FILTER, useClass: AppExceptionFilter },
        { provide: APP_GUARD, useClass: IdentityThrottlerGuard },
      ],
    };
  }
}

@Module({})
class ConfigModule {}
