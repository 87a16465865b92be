import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { EventStore } from '@gov/event-store';
import { ReadModelDb } from '@gov/read-model';
import { describeFiles, fsyncFile, snapshotSqlite, writeManifest } from './backup';
import { BackupError, READ_MODEL_FILE, SNAPSHOT_FORMAT, SnapshotManifest, checkBackupFiles } from './backup-manifest';
import { replaceSqlite } from './restore';
import { runningServicePid } from './service-lock';

/** The event at `position` in the log, or null when the log does not reach it. */
async function eventAt(events: EventStore, position: bigint): Promise<SnapshotManifest['checkpointEvent']> {
  const [event] = await events.readAll({ after: position - 1n, maxCount: 1 });
  return event && event.position === position ? { id: event.id, streamId: event.streamId, hash: event.metadata.hash } : null;
}

/**
 * `npm run backup` on a replica of a shared log: a consistent copy of its read model (one SQLite
 * read snapshot, taken while it keeps serving) and the log event its checkpoint stands on, so that
 * a new replica can start from it and catch up from there instead of replaying the whole log.
 */
export async function snapshotReadModel(dataDir: string, toDir: string, events: EventStore): Promise<SnapshotManifest> {
  const source = join(dataDir, READ_MODEL_FILE);
  if (!existsSync(source))
    throw new BackupError('BACKUP_REFUSED', `${dataDir} holds no read model (${READ_MODEL_FILE}): nothing to snapshot`);
  if (existsSync(toDir) && readdirSync(toDir).length > 0)
    throw new BackupError('BACKUP_REFUSED', `${toDir} is not empty: back up into a new directory so that backups never mix`);
  mkdirSync(toDir, { recursive: true });
  try {
    snapshotSqlite(source, join(toDir, READ_MODEL_FILE));
    const copy = new ReadModelDb(toDir);
    const checkpoint = copy.checkpoint().position;
    copy.close();
    const checkpointEvent = checkpoint === 0n ? null : await eventAt(events, checkpoint);
    if (checkpoint > 0n && !checkpointEvent)
      throw new BackupError(
        'BACKUP_INVALID',
        `the read model is at position ${checkpoint}, beyond the end of the log: it was built from another log`,
      );
    const manifest: SnapshotManifest = {
      format: SNAPSHOT_FORMAT,
      createdAt: new Date().toISOString(),
      readModelCheckpoint: checkpoint.toString(),
      checkpointEvent,
      files: await describeFiles(toDir),
    };
    writeManifest(toDir, manifest);
    return manifest;
  } catch (error) {
    rmSync(toDir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * `npm run restore` on a replica of a shared log: checks the snapshot's files, that the log holds
 * the very event its checkpoint stands on (a snapshot of another database is refused), and puts the
 * read model in place; the replica then catches up from the snapshot's position when it starts.
 */
export async function restoreReadModel(
  fromDir: string,
  dataDir: string,
  events: EventStore,
  options: { force?: boolean } = {},
): Promise<SnapshotManifest> {
  const manifest = await checkBackupFiles(fromDir, SNAPSHOT_FORMAT);
  const pid = runningServicePid(dataDir);
  if (pid !== undefined)
    throw new BackupError('BACKUP_REFUSED', `a service (pid ${pid}) is serving from ${dataDir}: stop it before restoring into it`);
  const target = join(dataDir, READ_MODEL_FILE);
  if (!options.force && existsSync(target))
    throw new BackupError(
      'BACKUP_REFUSED',
      `${dataDir} already has a read model: a snapshot starts a new replica; move it aside or pass --force to replace it`,
    );
  const checkpoint = BigInt(manifest.readModelCheckpoint);
  if (checkpoint > 0n) {
    const found = await eventAt(events, checkpoint);
    const expected = manifest.checkpointEvent;
    if (!found || !expected || found.id !== expected.id || found.hash !== expected.hash)
      throw new BackupError(
        'BACKUP_REFUSED',
        `the log does not hold the event the snapshot stands on (position ${checkpoint}, event ${expected?.id}): ` +
          'the snapshot was made on another log; start the replica with an empty data dir instead',
      );
  }
  mkdirSync(dataDir, { recursive: true });
  const staged = `${target}.restoring`;
  try {
    copyFileSync(join(fromDir, READ_MODEL_FILE), staged);
    fsyncFile(staged);
  } catch (error) {
    rmSync(staged, { force: true });
    throw error;
  }
  replaceSqlite(staged, target);
  fsyncFile(dataDir);
  return manifest;
}
