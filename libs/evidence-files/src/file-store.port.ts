import { Readable } from 'node:stream';

/** What the store knows about one file: its content hash and size, the sniffed type, and the names it came under. */
export interface StoredFile {
  sha256: string;
  size: number;
  mediaType: string;
  names: string[];
}

/**
 * The evidence file store: content-addressed, identical content kept once. Two adapters pass one
 * suite (testing/file-store-conformance.ts): a directory (the embedded default) and PostgreSQL
 * (POSTGRES_URL), so a file uploaded through one replica downloads from any.
 */
export interface FileStore {
  readonly maxBytes: number;
  /** Streams `source` in while hashing it; past `maxBytes` keeps nothing and throws FileTooLargeError. */
  put(source: AsyncIterable<Buffer>, name: string): Promise<StoredFile & { name: string }>;
  /** True when the bytes of this hash are stored. */
  has(sha256: string): Promise<boolean>;
  /** The stored file of this hash, or null. */
  get(sha256: string): Promise<StoredFile | null>;
  /** The bytes of a stored file (check with `get` first); the stream fails rather than end on bytes that do not match the hash. */
  open(sha256: string): Readable;
  close?(): Promise<void>;
}

export const FILE_STORE = Symbol('FILE_STORE');

export class FileTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`the file is larger than the ${maxBytes} bytes one evidence file may have (EVIDENCE_MAX_BYTES)`);
    this.name = 'FileTooLargeError';
  }
}
