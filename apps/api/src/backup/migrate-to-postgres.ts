import { readdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteEventStore, verifyStore } from '@gov/event-store';
import { copyLogToPostgres } from '../../../../libs/event-store/src/postgres/copy-log';
import { PostgresEventStore } from '../../../../libs/event-store/src/postgres/postgres-event-store';
import { EvidenceFileStore, PostgresFileStore } from '@gov/evidence-files';
import { runningServicePid } from './service-lock';

export interface MigrationReport {
  events: number;
  position: bigint;
  files: number;
}

/** The stored hashes under an evidence directory (`ab/abcdef…`, not the `.json` records). */
async function storedHashes(root: string): Promise<string[]> {
  if (!existsSync(root)) return [];
  const hashes: string[] = [];
  for (const dir of (await readdir(root)).filter((d) => /^[0-9a-f]{2}$/.test(d)))
    hashes.push(...(await readdir(join(root, dir))).filter((f) => /^[0-9a-f]{64}$/.test(f)));
  return hashes;
}

/**
 * npm run migrate-to-postgres: moves the embedded log of `dataDir` (ids, positions, revisions,
 * metadata, hashes, recorded times) and its evidence files into an empty PostgreSQL database, so the
 * read model in `dataDir` stays valid against it; checks the chains of the copy; then marks the
 * embedded log as moved, after which it refuses to be served (no two truths).
 */
export async function migrateToPostgres(
  dataDir: string,
  postgresUrl: string,
  maxBytes: number,
  onProgress: (copied: number) => void = () => undefined,
): Promise<MigrationReport> {
  const pid = runningServicePid(dataDir);
  if (pid) throw new Error(`a service (pid ${pid}) is serving from ${dataDir}: stop it first, then migrate`);
  const source = new SqliteEventStore({ dataDir });
  const target = new PostgresEventStore({ connectionString: postgresUrl });
  const files = new PostgresFileStore(postgresUrl, maxBytes);
  try {
    await target.ready();
    await files.init();
    const copy = await copyLogToPostgres(source, target, onProgress);
    const verified = await verifyStore(target);
    if (verified.problems.length > 0 || verified.checked !== copy.copied)
      throw new Error(
        `the copy does not verify (${verified.problems.length} problem(s) in ${verified.checked} events): nothing was marked moved`,
      );
    const embeddedFiles = new EvidenceFileStore(join(dataDir, 'files'), maxBytes);
    const hashes = await storedHashes(embeddedFiles.root);
    for (const sha256 of hashes) {
      const stored = await embeddedFiles.get(sha256);
      if (!stored) continue;
      // Every name it came under; the content is kept once.
      for (const name of stored.names.length ? stored.names : [sha256]) {
        const copied = await files.put(await embeddedFiles.open(sha256), name, stored.owners ?? []);
        if (copied.sha256 !== sha256)
          throw new Error(`evidence file ${sha256} does not match its hash: fix or remove it, then migrate again`);
      }
    }
    // Without the password: the record says where the log went, not how to get in.
    source.markMoved(postgresUrl.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1@'));
    return { events: copy.copied, position: copy.position, files: hashes.length };
  } finally {
    await Promise.all([source.close(), target.close(), files.close()]);
  }
}
