// npm run backup -- --to DIR: a consistent, verified copy of the data dir while the service keeps serving;
// with POSTGRES_URL, a snapshot of this replica's read model (the log and files are PostgreSQL's to back up).
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { openEventStore } from '@gov/event-store';
import { loadConfig } from '../config';
import { backup } from '../backup/backup';
import { BackupError } from '../backup/backup-manifest';
import { snapshotReadModel } from '../backup/read-model-snapshot';

async function main() {
  const { values } = parseArgs({ options: { to: { type: 'string' } } });
  if (!values.to) {
    console.error('usage: npm run backup -- --to DIR');
    process.exit(2);
  }
  const config = loadConfig();
  if (config.eventStoreConnectionString) {
    console.error(
      'EVENTSTORE_CONNECTION_STRING is set: back the log up with EventStoreDB’s own backup; the read model rebuilds from it (npm run rebuild)',
    );
    process.exit(2);
  }
  if (config.postgresUrl) {
    const events = await openEventStore({ dataDir: config.dataDir, postgresUrl: config.postgresUrl });
    try {
      const snapshot = await snapshotReadModel(config.dataDir, resolve(values.to), events);
      console.log(
        `ok: read model snapshot in ${resolve(values.to)} at log position ${snapshot.readModelCheckpoint}; a new replica restored ` +
          'from it (npm run restore -- --from DIR, with POSTGRES_URL) catches up from there. The log and the evidence files ' +
          'are in PostgreSQL: back them up with its base backups and WAL archiving, and keep a standby.',
      );
    } finally {
      await events.close();
    }
    return;
  }
  const { manifest, skippedEvidence } = await backup(config.dataDir, resolve(values.to));
  for (const name of skippedEvidence) console.log(`skipped ${name}: still being written (its content does not match its name yet)`);
  const evidence = Object.keys(manifest.files).filter((f) => f.startsWith('files/')).length;
  console.log(
    `ok: backup in ${resolve(values.to)} holds ${manifest.events} events up to position ${manifest.logPosition} ` +
      `(${Object.keys(manifest.chainHeads).length} streams, chains verified), read model at ${manifest.readModelCheckpoint}, ${evidence} evidence file(s)`,
  );
}

main().catch((error) => {
  console.error(error instanceof BackupError ? `backup refused: ${error.message}` : error instanceof Error ? error.message : error);
  process.exit(1);
});
