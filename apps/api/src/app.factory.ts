import helmet from 'helmet';
import { ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { MicroserviceOptions, Transport } from '@nestjs/microservices';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { AppConfig } from './config';
import { isTrusted } from './auth/client-address';
import { RateBudget } from './auth/rate-budget';
import { limitConnections } from './connection-limits';
import { graphqlBody } from './graphql/http-body';
import { budgetInterceptor } from './grpc/grpc-budget';
import { UNIT_PROTO, protoRoot } from './grpc/proto-path';
import { addOperatorServices } from './observability/operator-grpc';
import { serveWebApp } from './web/web-app';

/** An IPv6 address goes in brackets before a port. */
export const hostForUrl = (host: string) => (host.includes(':') ? `[${host}]` : host);

export async function createApp(config: AppConfig): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { bodyParser: false, bufferLogs: true });
  app.useLogger(app.get(Logger));
  limitConnections(app.getHttpServer(), config);
  // req.ip (logs, the HTTP endpoints' rate limit) follows X-Forwarded-For only from TRUST_PROXY's proxies.
  app.set('trust proxy', (address: string) => isTrusted(config.trustProxy, address));
  app.use('/graphql', ...graphqlBody(config, app.get(RateBudget)));
  app.useBodyParser('json', { limit: config.bodyLimit });
  app.enableCors({ origin: config.corsOrigins });
  // The API serves JSON only; the default CSP would block Apollo's development landing page.
  app.use(helmet({ contentSecurityPolicy: config.production ? undefined : false, crossOriginEmbedderPolicy: false }));
  serveWebApp(app, config);
  app.useGlobalPipes(new ValidationPipe({ transform: true, whitelist: true, forbidNonWhitelisted: true }));
  app.connectMicroservice<MicroserviceOptions>(
    {
      transport: Transport.GRPC,
      options: {
        package: 'governance.v1',
        protoPath: UNIT_PROTO,
        // HOST binds gRPC as it binds HTTP (loopback with the development sign-in).
        url: `${hostForUrl(config.host ?? '0.0.0.0')}:${config.grpcPort}`,
        // Every call spends its caller's rate-limit budget, the operator services' included.
        channelOptions: { interceptors: [budgetInterceptor(app.get(RateBudget))] },
        loader: { includeDirs: [protoRoot()], keepCase: false, longs: String, enums: String, defaults: true },
        onLoadPackageDefinition: (definition, server) => addOperatorServices(app, definition, server),
      },
    },
    { inheritAppConfig: true },
  );
  return app;
}
