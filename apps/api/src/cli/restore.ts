// npm run restore -- --from DIR [--force]: brings a backup back into GOVERNANCE_DATA_DIR and verifies it.
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { loadConfig } from '../config';
import { restore } from '../backup/restore';
import { BackupError } from '../backup/backup-manifest';

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
