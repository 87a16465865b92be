// npm run rebuild: drop the read model and replay the whole log into it.
import { createEventStore } from '@gov/event-store';
import { Projector, ReadModelDb } from '@gov/read-model';
import { loadConfig } from '../config';
import { progressBar } from './progress';

async function main() {
  const config = loadConfig();
  const events = createEventStore({ dataDir: config.dataDir, eventStoreConnectionString: config.eventStoreConnectionString });
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
  console.log(`replayed ${count} events in ${seconds.toFixed(1)} s; read model at position ${projector.position}`);
  readModel.close();
  await events.close();
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
