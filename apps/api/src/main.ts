import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp, hostForUrl } from './app.factory';
import { loadConfig } from './config';
import { markServiceRunning } from './backup/service-lock';
import { closeGracefullyOnSignals } from './observability/shutdown';
import { startTracing } from './observability/tracing';

async function main() {
  const config = loadConfig();
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
}

main().catch((error) => {
  new Logger('Governance').error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
