import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { EventStore } from '@gov/event-store';
import { FOLLOW_MAILER_FILE } from '@gov/followers';
import { NOTIFIER_FILE } from '@gov/notifications';
import { ReadModelDb } from '@gov/read-model';
import { describeFiles, fsyncFile, snapshotSqlite, writeManifest } from './backup';
import { BackupError, CheckpointEvent, READ_MODEL_FILE, SNAPSHOT_FORMAT, SnapshotManifest, checkBackupFiles } from './backup-manifest';
import { replaceSqlite } from './restore';
import { runningServicePid } from './service-lock';

/** A replica's files besides the read model that follow the log, each from a checkpoint of its own. */
const FOLLOWER_FILES = [NOTIFIER_FILE, FOLLOW_MAILER_FILE];

/** The event at `position` in the log, or null when the log does not reach it. */
async function eventAt(events: EventStore, position: bigint): Promise<CheckpointEvent | null> {
  const [event] = await events.readAll({ after: position - 1n, maxCount: 1 });
  return event && event.position === position ? { id: event.id, streamId: event.streamId, hash: event.metadata.hash } : null;
}

/** The log event a copy checkpointed at `position` stands on; a copy beyond the end of the log was built from another log. */
async function standsOn(events: EventStore, position: bigint, what: string): Promise<CheckpointEvent | null> {
  if (position === 0n) return null;
  const event = await eventAt(events, position);
  if (!event)
    throw new BackupError('BACKUP_INVALID', `${what} is at position ${position}, beyond the end of the log: it was built from another log`);
  return event;
}

/** The position a follower file has applied (the notifier's and the follow mailer's checkpoint rows have one shape). */
function followerCheckpoint(file: string): bigint {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return BigInt(db.prepare('SELECT position FROM checkpoint WHERE id = 1').pluck().get() as number);
  } finally {
    db.close();
  }
}

/**
 * `npm run backup` on a replica of a shared log: consistent copies of its read model and of its other
 * files that follow the log (each one SQLite read snapshot, taken while it keeps serving), with the
 * log event each copy's checkpoint stands on, so that a new replica can start from them and catch up
 * from there instead of replaying the whole log.
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
    const checkpointEvent = await standsOn(events, checkpoint, 'the read model');
    const followers: NonNullable<SnapshotManifest['followers']> = {};
    for (const name of FOLLOWER_FILES) {
      if (!existsSync(join(dataDir, name))) continue;
      snapshotSqlite(join(dataDir, name), join(toDir, name));
      const position = followerCheckpoint(join(toDir, name));
      followers[name] = { checkpoint: position.toString(), checkpointEvent: await standsOn(events, position, name) };
    }
    const manifest: SnapshotManifest = {
      format: SNAPSHOT_FORMAT,
      createdAt: new Date().toISOString(),
      readModelCheckpoint: checkpoint.toString(),
      checkpointEvent,
      followers,
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
 * the very event each copy's checkpoint stands on (a snapshot of another database is refused), and
 * puts the copies in place, the read model last; the replica then catches up from the snapshot's
 * positions when it starts.
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
  const copies = [
    ...Object.entries(manifest.followers ?? {}).map(([name, f]) => ({ name, checkpoint: f.checkpoint, expected: f.checkpointEvent })),
    { name: READ_MODEL_FILE, checkpoint: manifest.readModelCheckpoint, expected: manifest.checkpointEvent },
  ];
  for (const { name, checkpoint, expected } of copies) {
    if (name !== READ_MODEL_FILE && !FOLLOWER_FILES.includes(name))
      throw new BackupError('BACKUP_INVALID', `the snapshot names ${name}, which is no file of a replica`);
    const position = BigInt(checkpoint);
    if (position === 0n) continue;
    const found = await eventAt(events, position);
    if (!found || !expected || found.id !== expected.id || found.hash !== expected.hash)
      throw new BackupError(
        'BACKUP_REFUSED',
        `the log does not hold the event the snapshot stands on (position ${position}, event ${expected?.id}): ` +
          'the snapshot was made on another log; start the replica with an empty data dir instead',
      );
  }
  mkdirSync(dataDir, { recursive: true });
  for (const { name } of copies) {
    const staged = join(dataDir, `${name}.restoring`);
    try {
      copyFileSync(join(fromDir, name), staged);
      fsyncFile(staged);
    } catch (error) {
      rmSync(staged, { force: true });
      throw error;
    }
    replaceSqlite(staged, join(dataDir, name));
  }
  fsyncFile(dataDir);
  return manifest;
}
