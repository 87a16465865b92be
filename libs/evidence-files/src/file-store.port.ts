import { Readable } from 'node:stream';

/**
 * What the store knows about one file: its content hash and size, the sniffed type, the names it
 * came under, and the scopes (`unit:<id>`, `body:<id>`) that uploaded it: until it is cited, the file
 * is theirs. A file stored before owners were recorded has none (`undefined`): anyone may cite it.
 */
export interface StoredFile {
  sha256: string;
  size: number;
  mediaType: string;
  names: string[];
  owners?: string[];
}

/**
 * The evidence file store: content-addressed, identical content kept once. Two adapters pass one
 * suite (testing/file-store-conformance.ts): a directory (the embedded default) and PostgreSQL
 * (POSTGRES_URL), so a file uploaded through one replica downloads from any.
 */
export interface FileStore {
  readonly maxBytes: number;
  /**
   * Streams `source` in while hashing it; past `maxBytes` keeps nothing and throws FileTooLargeError.
   * `owners` (the uploader's scopes) join those of whoever uploaded the same bytes before; a file
   * stored before owners were recorded keeps none.
   */
  put(source: AsyncIterable<Buffer>, name: string, owners: readonly string[]): Promise<StoredFile & { name: string }>;
  /** True when the bytes of this hash are stored. */
  has(sha256: string): Promise<boolean>;
  /** The stored file of this hash, or null. */
  get(sha256: string): Promise<StoredFile | null>;
  /**
   * The bytes of a stored file (check with `get` first), checked against their SHA-256 before the
   * first byte is given out: bytes that no longer match are FileChangedError, never served.
   */
  open(sha256: string): Promise<Readable>;
  close?(): Promise<void>;
}

export const FILE_STORE = Symbol('FILE_STORE');

export class FileTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`the file is larger than the ${maxBytes} bytes one evidence file may have (EVIDENCE_MAX_BYTES)`);
    this.name = 'FileTooLargeError';
  }
}

/** The bytes under a hash no longer have that hash: they were changed or damaged after they were stored. */
export class FileChangedError extends Error {
  constructor(readonly sha256: string) {
    super(`the stored bytes of evidence file ${sha256} no longer match its SHA-256; restore it from a backup`);
    this.name = 'FileChangedError';
  }
}

/** The owners after an upload by `owners`: none stays none (stored before owners were kept), else the union, sorted. */
export function joinOwners(known: StoredFile | null | undefined, owners: readonly string[]): string[] | undefined {
  if (known && !known.owners) return undefined;
  return [...new Set([...(known?.owners ?? []), ...owners])].sort();
}
