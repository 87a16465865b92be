import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { EventStore, SqliteEventStore, verifyStore } from '@gov/event-store';

/** The data dir's files that a backup holds, by their names in both places. */
export const LOG_FILE = 'events.sqlite';
export const READ_MODEL_FILE = 'read-model.sqlite';
export const EVIDENCE_DIR = 'files';
export const MANIFEST_FILE = 'manifest.json';
export const MANIFEST_FORMAT = 'governance-backup/1';
export const SNAPSHOT_FORMAT = 'governance-read-model-snapshot/1';

/** Every file of a backup (paths relative to it, '/'-separated) with its SHA-256 and size. */
export type ManifestFiles = Record<string, { sha256: string; bytes: number }>;

export interface ChainHead {
  revision: string;
  hash: string;
}

export interface BackupManifest {
  format: typeof MANIFEST_FORMAT;
  createdAt: string;
  /** The last log position the backup holds: every event acknowledged at or before it is in it. */
  logPosition: string;
  events: number;
  readModelCheckpoint: string;
  /** Each stream's last revision and hash: the restored log must end exactly here. */
  chainHeads: Record<string, ChainHead>;
  files: ManifestFiles;
}

/**
 * A replica's read model on a shared (PostgreSQL) log: the log and the files are the database's to
 * back up, so the snapshot holds only the read model, to start a new replica from.
 */
export interface SnapshotManifest {
  format: typeof SNAPSHOT_FORMAT;
  createdAt: string;
  /** The log position the read model copy has reached: a replica started from it catches up from here. */
  readModelCheckpoint: string;
  /** The event at that position: the snapshot belongs to the log that holds this very event (null at 0). */
  checkpointEvent: CheckpointEvent | null;
  /**
   * The replica's other files that follow the log (the in-app list's, the follow mailer's), each at
   * its own checkpoint: restored with the read model, so that none of them replays the log.
   * Absent from snapshots made before they were included: those files then start from zero.
   */
  followers?: Record<string, { checkpoint: string; checkpointEvent: CheckpointEvent | null }>;
  files: ManifestFiles;
}

export interface CheckpointEvent {
  id: string;
  streamId: string;
  hash: string;
}

/** A backup that cannot be trusted, or a restore that would destroy something: refused with this message. */
export class BackupError extends Error {
  constructor(
    readonly code: 'BACKUP_INVALID' | 'BACKUP_REFUSED',
    message: string,
  ) {
    super(message);
    this.name = 'BackupError';
  }
}

export function sha256File(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve(hash.digest('hex')))
      .on('error', reject);
  });
}

const CONTENT_ADDRESSED = /^[0-9a-f]{64}$/;

/** An evidence file named by its SHA-256 (the store's content address); metadata files beside it are not. */
export const isContentAddressed = (relativePath: string) => CONTENT_ADDRESSED.test(relativePath.split('/').pop() ?? '');

/** Files under `dir`, recursively, as '/'-separated paths relative to `root`. */
export function listFiles(root: string, dir = root): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return listFiles(root, path);
    return entry.isFile() ? [relative(root, path).split(sep).join('/')] : [];
  });
}

export interface LogInspection {
  position: bigint;
  events: number;
  chainHeads: Record<string, ChainHead>;
}

/**
 * Runs `verify` over a log and reads each stream's chain head; refuses a log whose chains are broken.
 * `what` names the log in the message.
 */
export async function inspectLog(store: EventStore, what: string): Promise<LogInspection> {
  const report = await verifyStore(store);
  if (report.problems.length > 0) {
    const first = report.problems[0]!;
    throw new BackupError(
      'BACKUP_INVALID',
      `${what} fails verify: ${report.problems.length} hash-chain problem(s), first ${first.problem} in ${first.streamId} revision ${first.revision}`,
    );
  }
  const chainHeads: Record<string, ChainHead> = {};
  let after: bigint | undefined;
  for (;;) {
    const page = await store.readAll({ after, maxCount: 5000 });
    if (page.length === 0) break;
    for (const e of page) chainHeads[e.streamId] = { revision: e.revision.toString(), hash: e.metadata.hash };
    after = page[page.length - 1]!.position;
  }
  return { position: after ?? 0n, events: report.checked, chainHeads };
}

/** Opens a log file on its own (not the service's), inspects it and closes it. */
export async function inspectLogFile(file: string, what: string): Promise<LogInspection> {
  const store = new SqliteEventStore({ file });
  try {
    return await inspectLog(store, what);
  } finally {
    await store.close();
  }
}

const WHAT_IT_IS: Record<string, string> = {
  [MANIFEST_FORMAT]: 'a backup of an embedded installation (its log, read model and files): restore it without POSTGRES_URL',
  [SNAPSHOT_FORMAT]: 'a read model snapshot of a PostgreSQL replica: restore it with POSTGRES_URL set',
};

/** The manifest of `dir`, refused unless it is of `format` and lists `required`. */
export function readManifest(dir: string): BackupManifest;
export function readManifest(dir: string, format: typeof SNAPSHOT_FORMAT): SnapshotManifest;
export function readManifest(dir: string, format: string = MANIFEST_FORMAT): BackupManifest | SnapshotManifest {
  const path = join(dir, MANIFEST_FILE);
  if (!existsSync(path))
    throw new BackupError('BACKUP_INVALID', `${dir} holds no ${MANIFEST_FILE}: it is not a backup, or the backup did not finish`);
  let manifest: BackupManifest | SnapshotManifest;
  try {
    manifest = JSON.parse(readFileSync(path, 'utf8')) as BackupManifest | SnapshotManifest;
  } catch {
    throw new BackupError('BACKUP_INVALID', `${path} is not valid JSON: the backup is damaged`);
  }
  if (manifest.format !== format && WHAT_IT_IS[manifest.format])
    throw new BackupError('BACKUP_REFUSED', `${dir} is ${WHAT_IT_IS[manifest.format]}`);
  const required = format === MANIFEST_FORMAT ? LOG_FILE : READ_MODEL_FILE;
  if (manifest.format !== format || typeof manifest.files !== 'object' || !manifest.files[required])
    throw new BackupError('BACKUP_INVALID', `${path} is not a ${format} manifest`);
  return manifest;
}

/**
 * Checks every file the manifest lists against its SHA-256 (a flipped byte anywhere is found), and
 * that each evidence file still hashes to its name. Returns the manifest.
 */
export async function checkBackupFiles(dir: string): Promise<BackupManifest>;
export async function checkBackupFiles(dir: string, format: typeof SNAPSHOT_FORMAT): Promise<SnapshotManifest>;
export async function checkBackupFiles(dir: string, format?: typeof SNAPSHOT_FORMAT): Promise<BackupManifest | SnapshotManifest> {
  const manifest = format ? readManifest(dir, format) : readManifest(dir);
  for (const [name, expected] of Object.entries(manifest.files)) {
    const path = join(dir, name);
    if (!existsSync(path)) throw new BackupError('BACKUP_INVALID', `the backup is incomplete: ${name} is missing from ${dir}`);
    const actual = await sha256File(path);
    if (actual !== expected.sha256 || statSync(path).size !== expected.bytes)
      throw new BackupError('BACKUP_INVALID', `the backup is damaged: ${name} does not match the SHA-256 its manifest recorded`);
    if (name.startsWith(`${EVIDENCE_DIR}/`) && isContentAddressed(name) && actual !== name.split('/').pop())
      throw new BackupError('BACKUP_INVALID', `the backup is damaged: evidence file ${name} does not hash to its name`);
  }
  return manifest;
}

export function sameChainHeads(a: Record<string, ChainHead>, b: Record<string, ChainHead>): boolean {
  const keys = Object.keys(a);
  return (
    keys.length === Object.keys(b).length &&
    keys.every((k) => b[k] !== undefined && a[k]!.revision === b[k].revision && a[k]!.hash === b[k].hash)
  );
}
