// npm run restore -- --from DIR [--force]: brings a backup back into GOVERNANCE_DATA_DIR and verifies it;
// with POSTGRES_URL, puts a read model snapshot in place for a new replica, which catches up from it.
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { openEventStore } from '@gov/event-store';
import { loadConfig } from '../config';
import { restore } from '../backup/restore';
import { BackupError } from '../backup/backup-manifest';
import { restoreReadModel } from '../backup/read-model-snapshot';

async function main() {
  const { values } = parseArgs({ options: { from: { type: 'string' }, force: { type: 'boolean', default: false } } });
  if (!values.from) {
    console.error('usage: npm run restore -- --from DIR [--force]');
    process.exit(2);
  }
  const config = loadConfig();
  if (config.eventStoreConnectionString) {
    console.error('EVENTSTORE_CONNECTION_STRING is set: restore the log with EventStoreDB’s own tools, then npm run rebuild');
    process.exit(2);
  }
  if (config.postgresUrl) {
    const events = await openEventStore({ dataDir: config.dataDir, postgresUrl: config.postgresUrl });
    try {
      const snapshot = await restoreReadModel(resolve(values.from), config.dataDir, events, { force: values.force });
      console.log(
        `ok: read model at log position ${snapshot.readModelCheckpoint} restored into ${config.dataDir}; ` +
          'start the replica with POSTGRES_URL and it catches up from there.',
      );
    } finally {
      await events.close();
    }
    return;
  }
  const manifest = await restore(resolve(values.from), config.dataDir, { force: values.force });
  console.log(
    `ok: restored ${manifest.events} events up to position ${manifest.logPosition} into ${config.dataDir}; chains verified. ` +
      `The read model (at ${manifest.readModelCheckpoint}) catches up when the service starts.`,
  );
}

main().catch((error) => {
  console.error(error instanceof BackupError ? `restore refused: ${error.message}` : error instanceof Error ? error.message : error);
  process.exit(1);
});
