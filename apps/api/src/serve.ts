import { Logger } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { createApp, hostForUrl } from './app.factory';
import { AppConfig } from './config';
import { markServiceRunning } from './backup/service-lock';
import { closeGracefullyOnSignals } from './observability/shutdown';
import { startTracing } from './observability/tracing';

/** Starts the service on `config` and serves until a signal stops it (npm start, npm run demo). */
export async function serve(config: AppConfig): Promise<NestExpressApplication> {
  startTracing();
  const app = await createApp(config);
  await app.startAllMicroservices();
  // Without HOST, Node listens on every interface (IPv6 and IPv4).
  await (config.host ? app.listen(config.port, config.host) : app.listen(config.port));
  markServiceRunning(config.dataDir);
  closeGracefullyOnSignals(app);
  const where = config.eventStoreConnectionString ? 'EventStoreDB' : `embedded SQLite in ${config.dataDir}`;
  const host = config.host ? hostForUrl(config.host) : 'localhost';
  const interfaces = config.host ? `listening on ${config.host}` : 'listening on every interface';
  new Logger('Governance').log(
    `GraphQL on http://${host}:${config.port}/graphql, gRPC on port ${config.grpcPort} (${interfaces}), event log: ${where}`,
  );
  return app;
}
