import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, ReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { mkdir, open, readdir, readFile, rename, rm, stat, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { FileChangedError, FileStore, StoredFile, joinOwners } from './file-store.port';
import { Received, receive } from './receive';

export const SHA256 = /^[0-9a-f]{64}$/;
/** Names kept per file: the same content uploaded under many names keeps the first ones. */
export const MAX_NAMES = 20;
const MAX_NAME = 300;

/**
 * A file name as a person gave it, safe to keep and to send back in Content-Disposition: the last
 * path segment only, no control characters, bounded. Names are never used as paths on disk.
 */
export function cleanFileName(raw: string | undefined): string {
  const lastSegment = (raw ?? '').split(/[/\\]/).pop() ?? '';
  const name = lastSegment
    .replace(/\p{Cc}/gu, '')
    .trim()
    .normalize('NFC')
    .slice(0, MAX_NAME);
  return name === '' || name === '.' || name === '..' ? 'file' : name;
}

/**
 * Evidence files, content-addressed under one directory: `ab/abcdef…` holds the bytes and
 * `ab/abcdef….json` what was learned about them. An upload streams into `tmp/` while it is hashed,
 * is fsynced, and is renamed under its hash only when complete, so a crash never leaves a partial
 * file under a hash; `tmp/` leftovers are removed on start. Identical content is stored once.
 */
export class EvidenceFileStore implements FileStore {
  private readonly tmp: string;
  /** Per hash, the put that is settling it: metadata updates for one file run one after another. */
  private readonly settling = new Map<string, Promise<unknown>>();

  constructor(
    readonly root: string,
    readonly maxBytes: number,
  ) {
    this.tmp = join(root, 'tmp');
  }

  /**
   * Creates the directories and removes what a crash left in tmp/. When other processes share the
   * directory, only leftovers untouched for `idleMs` go: an upload in progress writes all the time.
   */
  async init(idleMs = 0): Promise<void> {
    await mkdir(this.tmp, { recursive: true });
    const cutoff = Date.now() - idleMs;
    for (const leftover of await readdir(this.tmp)) {
      const path = join(this.tmp, leftover);
      if (idleMs === 0 || (await stat(path)).mtimeMs < cutoff) await rm(path, { force: true, recursive: true });
    }
    await syncDir(this.tmp);
  }

  /**
   * Streams `source` to disk while hashing it; past `maxBytes` it stops reading, removes the
   * temporary file and throws FileTooLargeError. Returns the stored file under `name`.
   */
  async put(source: AsyncIterable<Buffer>, name: string, owners: readonly string[]): Promise<StoredFile & { name: string }> {
    const cleanName = cleanFileName(name);
    const tmpFile = join(this.tmp, randomUUID());
    let received: Received;
    const handle = await open(tmpFile, 'wx', 0o600);
    try {
      try {
        received = await receive(source, this.maxBytes, async (chunk) => void (await handle.write(chunk)));
        await handle.sync();
      } finally {
        await handle.close();
      }
    } catch (error) {
      await unlink(tmpFile).catch(() => undefined);
      throw error;
    }
    const { sha256, size, mediaType } = received;
    const stored = await this.serially(sha256, () =>
      this.settle(tmpFile, { sha256, size, mediaType, names: [cleanName], owners: [...owners] }),
    );
    return { ...stored, name: cleanName };
  }

  /** Moves a complete temporary file under its hash (or drops it when that content is already stored) and records the name. */
  private async settle(tmpFile: string, file: StoredFile): Promise<StoredFile> {
    const target = this.pathOf(file.sha256);
    await mkdir(dirname(target), { recursive: true });
    const known = await this.metadata(file.sha256);
    const names = known ? [...new Set([...known.names, ...file.names])].slice(0, MAX_NAMES) : file.names;
    const owners = joinOwners(known, file.owners ?? []);
    const record: StoredFile = { ...file, names, owners };
    // The record goes first: whenever the bytes are under their hash, so is what is known of them.
    if (!known || names.length !== known.names.length || owners?.length !== known.owners?.length) await this.writeRecord(record);
    if (await exists(target)) await unlink(tmpFile);
    else await rename(tmpFile, target);
    await syncDir(dirname(target));
    return record;
  }

  private async writeRecord(record: StoredFile): Promise<void> {
    const tmpFile = join(this.tmp, randomUUID());
    const handle = await open(tmpFile, 'wx', 0o600);
    try {
      await handle.writeFile(JSON.stringify(record));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmpFile, `${this.pathOf(record.sha256)}.json`);
  }

  private serially<T>(sha256: string, work: () => Promise<T>): Promise<T> {
    const before = this.settling.get(sha256) ?? Promise.resolve();
    const mine = before.then(work, work);
    this.settling.set(sha256, mine);
    void mine
      .catch(() => undefined)
      .finally(() => {
        if (this.settling.get(sha256) === mine) this.settling.delete(sha256);
      });
    return mine;
  }

  /** True when the bytes of this hash are stored. */
  async has(sha256: string): Promise<boolean> {
    const key = sha256.toLowerCase();
    return SHA256.test(key) && exists(this.pathOf(key));
  }

  /** The stored file of this hash, or null. */
  async get(sha256: string): Promise<StoredFile | null> {
    const key = sha256.toLowerCase();
    if (!(await this.has(key))) return null;
    return this.metadata(key);
  }

  /** The bytes of a stored file (check with `get` first), read once to check them against their hash before any is given out. */
  async open(sha256: string): Promise<ReadStream> {
    const key = sha256.toLowerCase();
    const hash = createHash('sha256');
    await pipeline(createReadStream(this.pathOf(key)), hash);
    if (hash.digest('hex') !== key) throw new FileChangedError(key);
    return createReadStream(this.pathOf(key));
  }

  private async metadata(sha256: string): Promise<StoredFile | null> {
    try {
      return JSON.parse(await readFile(`${this.pathOf(sha256)}.json`, 'utf8')) as StoredFile;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  private pathOf(sha256: string): string {
    return join(this.root, sha256.slice(0, 2), sha256);
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

/** A rename is durable once the directory holding it is fsynced. */
async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
