import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './app.factory';
import { loadConfig } from './config';
import { markServiceRunning } from './backup/service-lock';
import { closeGracefullyOnSignals } from './observability/shutdown';
import { startTracing } from './observability/tracing';

async function main() {
  const config = loadConfig();
  startTracing();
  const app = await createApp(config);
  await app.startAllMicroservices();
  await app.listen(config.port);
  markServiceRunning(config.dataDir);
  closeGracefullyOnSignals(app);
  const where = config.eventStoreConnectionString ? 'EventStoreDB' : `embedded SQLite in ${config.dataDir}`;
  new Logger('Governance').log(`GraphQL on http://localhost:${config.port}/graphql, gRPC on port ${config.grpcPort}, event log: ${where}`);
}

main().catch((error) => {
  new Logger('Governance').error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
