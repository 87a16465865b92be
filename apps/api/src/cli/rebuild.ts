// npm run rebuild: replay the whole log into a fresh read model. A running service is asked to do it
// beside the read model it serves and switch when done (no downtime); with no service running, it
// is done here, in place.
import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createEventStore } from '@gov/event-store';
import { Projector, REBUILDING_FILE, REBUILD_REQUEST_FILE, ReadModelDb } from '@gov/read-model';
import { loadConfig } from '../config';
import { progressBar } from './progress';

/** A running service takes a request up within its poll interval (500 ms); this allows for a busy one. */
const TAKE_UP_MS = 3000;

async function rebuildInRunningService(dataDir: string): Promise<boolean> {
  const request = join(dataDir, REBUILD_REQUEST_FILE);
  writeFileSync(request, new Date().toISOString());
  const until = Date.now() + TAKE_UP_MS;
  while (existsSync(request) && Date.now() < until) await sleep(100);
  // Taking the request back atomically: if the service took it meanwhile, the rename fails.
  const withdrawn = `${request}.withdrawn`;
  try {
    renameSync(request, withdrawn);
    rmSync(withdrawn, { force: true });
    return false;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  console.log('the running service is rebuilding the read model beside the one it serves…');
  const started = Date.now();
  while (existsSync(join(dataDir, REBUILDING_FILE))) await sleep(250);
  console.log(`the running service rebuilt the read model and switched to it in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return true;
}

async function main() {
  const config = loadConfig();
  if (await rebuildInRunningService(config.dataDir)) return;
  const events = createEventStore({
    dataDir: config.dataDir,
    eventStoreConnectionString: config.eventStoreConnectionString,
    postgresUrl: config.postgresUrl,
  });
  const readModel = new ReadModelDb(config.dataDir);
  readModel.reset();
  const head = await events.headPosition();
  const bar = progressBar('rebuilding read model', head);
  const projector = new Projector(events, readModel);
  let count = 0;
  projector.onProjected((batch) => bar.update((count += batch.length)));
  await projector.start();
  await projector.stop();
  const seconds = bar.done(count);
  // CPU time as well: on a shared machine the wall clock also counts waiting for a core.
  const { user, system } = process.cpuUsage();
  const cpu = (user + system) / 1e6;
  console.log(
    `replayed ${count} events in ${seconds.toFixed(1)} s (${cpu.toFixed(1)} s of CPU); read model at position ${projector.position}`,
  );
  readModel.close();
  await events.close();
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
