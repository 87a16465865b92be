// npm run migrate-to-postgres: moves the embedded log and evidence files of GOVERNANCE_DATA_DIR into
// the empty PostgreSQL database at POSTGRES_URL; the embedded log then refuses to be served.
import { resolve } from 'node:path';
import { migrateToPostgres } from '../backup/migrate-to-postgres';
import { progressBar } from './progress';

async function main() {
  const postgresUrl = process.env.POSTGRES_URL;
  if (!postgresUrl) {
    console.error('usage: POSTGRES_URL=postgres://… GOVERNANCE_DATA_DIR=… npm run migrate-to-postgres');
    process.exit(2);
  }
  const dataDir = resolve(process.env.GOVERNANCE_DATA_DIR || './data');
  const bar = progressBar('copying the log', 0);
  const report = await migrateToPostgres(dataDir, postgresUrl, Number(process.env.EVIDENCE_MAX_BYTES || 20 * 1024 * 1024), (n) =>
    bar.update(n),
  );
  bar.done(report.events);
  console.log(
    `ok: ${report.events} events up to position ${report.position} and ${report.files} evidence file(s) moved to PostgreSQL, chains verified; ` +
      `the embedded log in ${dataDir} is marked moved and will not be served again. Start the replicas with POSTGRES_URL.`,
  );
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
