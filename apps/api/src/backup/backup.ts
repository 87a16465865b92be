import Database from 'better-sqlite3';
import {
  closeSync,
  copyFileSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { FOLLOWER_ADDRESSES_FILE } from '@gov/followers';
import { ReadModelDb } from '@gov/read-model';
import { devSecretFile } from '../auth/token-verifier';
import {
  BackupError,
  BackupManifest,
  EVIDENCE_DIR,
  LOG_FILE,
  MANIFEST_FILE,
  MANIFEST_FORMAT,
  ManifestFiles,
  READ_MODEL_FILE,
  inspectLogFile,
  isContentAddressed,
  listFiles,
  sha256File,
} from './backup-manifest';

export interface BackupSummary {
  manifest: BackupManifest;
  /** Evidence files left out because their content did not (yet) hash to their name: uploads in progress. */
  skippedEvidence: string[];
}

/**
 * A consistent copy of a SQLite file while other processes keep writing it: VACUUM INTO reads one
 * snapshot (a single read transaction, so never a half-written page) and never blocks WAL writers.
 */
export function snapshotSqlite(source: string, target: string): void {
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 10000');
    db.prepare('VACUUM INTO ?').run(target);
  } finally {
    db.close();
  }
}

export function fsyncFile(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * `npm run backup`: copies the read model (first, so its checkpoint is never ahead of the log copy),
 * the event log, the followers' addresses, the development secret and the evidence files (after the log, so every file an
 * event in the copy refers to is there), verifies the log copy, and writes the manifest last.
 */
export async function backup(dataDir: string, toDir: string): Promise<BackupSummary> {
  const sourceLog = join(dataDir, LOG_FILE);
  if (!existsSync(sourceLog)) throw new BackupError('BACKUP_REFUSED', `${dataDir} holds no event log (${LOG_FILE}): nothing to back up`);
  if (existsSync(toDir) && readdirSync(toDir).length > 0)
    throw new BackupError('BACKUP_REFUSED', `${toDir} is not empty: back up into a new directory so that backups never mix`);
  mkdirSync(toDir, { recursive: true });
  try {
    if (existsSync(join(dataDir, READ_MODEL_FILE))) snapshotSqlite(join(dataDir, READ_MODEL_FILE), join(toDir, READ_MODEL_FILE));
    snapshotSqlite(sourceLog, join(toDir, LOG_FILE));
    // Followers' addresses (personal data: an erasure later does not reach this copy; README).
    if (existsSync(join(dataDir, FOLLOWER_ADDRESSES_FILE)))
      snapshotSqlite(join(dataDir, FOLLOWER_ADDRESSES_FILE), join(toDir, FOLLOWER_ADDRESSES_FILE));
    if (existsSync(devSecretFile(dataDir))) copyFileSync(devSecretFile(dataDir), devSecretFile(toDir));
    const skippedEvidence = await copyEvidence(dataDir, toDir);

    const log = await inspectLogFile(join(toDir, LOG_FILE), 'the backup copy of the event log');
    let readModelCheckpoint = 0n;
    if (existsSync(join(toDir, READ_MODEL_FILE))) {
      const readModel = new ReadModelDb(toDir);
      readModelCheckpoint = readModel.checkpoint().position;
      readModel.close();
    }
    if (readModelCheckpoint > log.position)
      throw new BackupError(
        'BACKUP_INVALID',
        `the read model copy (at ${readModelCheckpoint}) is ahead of the log copy (at ${log.position})`,
      );

    const files = await describeFiles(toDir);
    const manifest: BackupManifest = {
      format: MANIFEST_FORMAT,
      createdAt: new Date().toISOString(),
      logPosition: log.position.toString(),
      events: log.events,
      readModelCheckpoint: readModelCheckpoint.toString(),
      chainHeads: log.chainHeads,
      files,
    };
    writeManifest(toDir, manifest);
    return { manifest, skippedEvidence };
  } catch (error) {
    // A backup without its manifest is refused anyway; leave nothing that looks like one.
    rmSync(toDir, { recursive: true, force: true });
    throw error;
  }
}

/** Every file now in `dir`, flushed to disk, with its SHA-256 and size: what the manifest lists. */
export async function describeFiles(dir: string): Promise<ManifestFiles> {
  const files: ManifestFiles = {};
  for (const name of listFiles(dir)) {
    const path = join(dir, name);
    fsyncFile(path);
    files[name] = { sha256: await sha256File(path), bytes: statSync(path).size };
  }
  return files;
}

/** The manifest is written last, whole or not at all: a backup without one is refused. */
export function writeManifest(dir: string, manifest: object): void {
  const partial = join(dir, `${MANIFEST_FILE}.partial`);
  writeFileSync(partial, JSON.stringify(manifest, null, 2));
  fsyncFile(partial);
  renameSync(partial, join(dir, MANIFEST_FILE));
  fsyncFile(dir);
}

/** Uploads stream into files/tmp/ and are renamed under their hash when whole: never part of a backup. */
const UPLOADS_IN_PROGRESS = 'tmp/';

async function copyEvidence(dataDir: string, toDir: string): Promise<string[]> {
  const skipped: string[] = [];
  const root = join(dataDir, EVIDENCE_DIR);
  for (const name of listFiles(root)) {
    if (name.startsWith(UPLOADS_IN_PROGRESS)) continue;
    const target = join(toDir, EVIDENCE_DIR, name);
    mkdirSync(dirname(target), { recursive: true });
    try {
      copyFileSync(join(root, name), target);
    } catch (error) {
      // Removed since it was listed (a temporary file of the store): nothing to keep.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    // Content-addressed files never change once whole, so a mismatch is a file still being written.
    if (isContentAddressed(name) && (await sha256File(target)) !== name.split('/').pop()) {
      rmSync(target);
      skipped.push(`${EVIDENCE_DIR}/${name}`);
    }
  }
  return skipped;
}
