import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { SqliteEventStore } from '@gov/event-store';
import {
  BackupError,
  BackupManifest,
  LOG_FILE,
  READ_MODEL_FILE,
  checkBackupFiles,
  inspectLogFile,
  sameChainHeads,
} from './backup-manifest';
import { fsyncFile } from './backup';
import { runningServicePid } from './service-lock';

export interface RestoreOptions {
  /** Restore even over a log that is ahead of the backup (its later events are lost). */
  force?: boolean;
}

const STAGED = '.restoring';

async function headOf(logFile: string): Promise<bigint> {
  try {
    const store = new SqliteEventStore({ file: logFile });
    try {
      return await store.headPosition();
    } finally {
      await store.close();
    }
  } catch (error) {
    throw new BackupError(
      'BACKUP_REFUSED',
      `cannot read the data dir's current log (${(error as Error).message}), so cannot tell whether it is newer than the backup; move it aside or pass --force`,
    );
  }
}

/** Checks that a log file holds exactly what the manifest says: same last position, same chain heads, chains intact. */
async function checkAgainstManifest(logFile: string, manifest: BackupManifest, what: string): Promise<void> {
  const log = await inspectLogFile(logFile, what);
  if (log.position.toString() !== manifest.logPosition || !sameChainHeads(log.chainHeads, manifest.chainHeads))
    throw new BackupError(
      'BACKUP_INVALID',
      `${what} ends at position ${log.position}, its manifest says ${manifest.logPosition} (or the stream heads differ): the backup is damaged`,
    );
}

/** Replaces a SQLite file and its WAL companions: a WAL left beside the new file would be replayed into it. */
export function replaceSqlite(staged: string, target: string): void {
  for (const suffix of ['-wal', '-shm', '']) rmSync(`${target}${suffix}`, { force: true });
  renameSync(staged, target);
}

/**
 * `npm run restore`: checks the backup (every file's hash, then verify on a staged copy of the log),
 * refuses to write under a running service or over a newer log, swaps the files in and verifies again.
 */
export async function restore(fromDir: string, dataDir: string, options: RestoreOptions = {}): Promise<BackupManifest> {
  const manifest = await checkBackupFiles(fromDir);
  const pid = runningServicePid(dataDir);
  if (pid !== undefined)
    throw new BackupError('BACKUP_REFUSED', `a service (pid ${pid}) is serving from ${dataDir}: stop it before restoring into it`);
  const targetLog = join(dataDir, LOG_FILE);
  if (!options.force && existsSync(targetLog)) {
    const head = await headOf(targetLog);
    if (head > BigInt(manifest.logPosition))
      throw new BackupError(
        'BACKUP_REFUSED',
        `the log in ${dataDir} is newer than the backup (position ${head} > ${manifest.logPosition}): restoring would lose its later events; move it aside or pass --force`,
      );
  }

  mkdirSync(dataDir, { recursive: true });
  const stagedLog = `${targetLog}${STAGED}`;
  const stagedReadModel = join(dataDir, `${READ_MODEL_FILE}${STAGED}`);
  try {
    copyFileSync(join(fromDir, LOG_FILE), stagedLog);
    await checkAgainstManifest(stagedLog, manifest, 'the backup of the event log');
    if (manifest.files[READ_MODEL_FILE]) copyFileSync(join(fromDir, READ_MODEL_FILE), stagedReadModel);
  } catch (error) {
    rmSync(stagedLog, { force: true });
    rmSync(stagedReadModel, { force: true });
    throw error;
  }

  fsyncFile(stagedLog);
  replaceSqlite(stagedLog, targetLog);
  if (existsSync(stagedReadModel)) {
    fsyncFile(stagedReadModel);
    replaceSqlite(stagedReadModel, join(dataDir, READ_MODEL_FILE));
  } else {
    // No read model in the backup: the service replays the log into a new one.
    for (const suffix of ['-wal', '-shm', '']) rmSync(join(dataDir, `${READ_MODEL_FILE}${suffix}`), { force: true });
  }
  for (const name of Object.keys(manifest.files)) {
    if (name === LOG_FILE || name === READ_MODEL_FILE) continue;
    const target = join(dataDir, name);
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(join(fromDir, name), target);
  }
  fsyncFile(dataDir);
  await checkAgainstManifest(targetLog, manifest, `the restored event log in ${dataDir}`);
  return manifest;
}
