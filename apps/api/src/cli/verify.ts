// npm run verify: check every stream's hash chain; exit 1 if anything was edited, removed or reordered.
import { createEventStore, verifyStore } from '@gov/event-store';
import { loadConfig } from '../config';
import { progressBar } from './progress';

async function main() {
  const config = loadConfig();
  const events = createEventStore({
    dataDir: config.dataDir,
    eventStoreConnectionString: config.eventStoreConnectionString,
    postgresUrl: config.postgresUrl,
  });
  const bar = progressBar('verifying', await events.headPosition());
  const report = await verifyStore(events, (n) => bar.update(n));
  bar.done(report.checked);
  await events.close();
  if (report.problems.length === 0) {
    console.log(`ok: ${report.checked} events, every stream's hash chain intact`);
    return;
  }
  for (const p of report.problems.slice(0, 100)) console.log(`${p.problem}: ${p.streamId} revision ${p.revision} (position ${p.position})`);
  console.log(`${report.problems.length} problem(s) in ${report.checked} events`);
  process.exitCode = 1;
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
