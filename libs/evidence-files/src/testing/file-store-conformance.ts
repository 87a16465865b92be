import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { FileStore, FileTooLargeError } from '../file-store.port';

export interface FileStoreHarness {
  /** A store on empty storage that takes files of at most `maxBytes`. */
  open(maxBytes: number): Promise<FileStore>;
  cleanup?(): Promise<void>;
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
/** A source that yields the content in small chunks, as a network upload does. */
export const chunked = (b: Buffer, size = 1000) =>
  Readable.from(Array.from({ length: Math.ceil(b.length / size) }, (_, i) => b.subarray(i * size, (i + 1) * size)));
const read = async (stream: Readable) => {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part as Buffer);
  return Buffer.concat(parts);
};
const LIMIT = 1_000_000;
/** The scope that uploads in these tests (a unit), and two others. */
export const OWNER = 'unit:11111111-1111-4111-8111-111111111111';
const OTHER = 'unit:22222222-2222-4222-8222-222222222222';
const BODY = 'body:33333333-3333-4333-8333-333333333333';
/** A PDF larger than one stored chunk of any adapter, with bytes that differ along its length. */
const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from(Array.from({ length: 700_000 }, (_, i) => (i * 31) % 251))]);

/** The one suite every evidence file store passes (the directory and PostgreSQL). */
export function fileStoreConformance(name: string, harness: FileStoreHarness): void {
  describe(`evidence file store conformance: ${name}`, () => {
    let store: FileStore;
    beforeEach(async () => {
      store = await harness.open(LIMIT);
    });
    afterEach(async () => {
      await store.close?.();
      await harness.cleanup?.();
    });

    it('stores a file under its SHA-256 and serves the same bytes back, with size, sniffed type and name', async () => {
      const stored = await store.put(chunked(PDF, 4096), 'приказ №5 — бұйрық.pdf', [OWNER]);
      expect(stored).toEqual({
        sha256: sha(PDF),
        size: PDF.length,
        mediaType: 'application/pdf',
        name: 'приказ №5 — бұйрық.pdf',
        names: ['приказ №5 — бұйрық.pdf'],
        owners: [OWNER],
      });
      expect(await store.has(sha(PDF).toUpperCase())).toBe(true);
      expect(await store.get(sha(PDF))).toEqual({
        sha256: sha(PDF),
        size: PDF.length,
        mediaType: 'application/pdf',
        names: [stored.name],
        owners: [OWNER],
      });
      expect((await read(await store.open(sha(PDF)))).equals(PDF)).toBe(true);
    });

    it('does not trust a name for the type: HTML named .pdf is application/octet-stream', async () => {
      const html = Buffer.from('<html><script>alert(1)</script></html>');
      expect((await store.put(chunked(html), 'report.pdf', [OWNER])).mediaType).toBe('application/octet-stream');
    });

    it('keeps an empty file and serves it empty', async () => {
      const stored = await store.put(chunked(Buffer.alloc(0)), 'empty.txt', [OWNER]);
      expect(stored).toMatchObject({ sha256: sha(Buffer.alloc(0)), size: 0, mediaType: 'application/octet-stream' });
      expect(await store.has(stored.sha256)).toBe(true);
      expect(await read(await store.open(stored.sha256))).toHaveLength(0);
    });

    it('refuses a file past the limit, keeping nothing of it, and takes one of exactly the limit', async () => {
      const big = Buffer.alloc(LIMIT + 1, 1);
      await expect(store.put(chunked(big, 65536), 'big.bin', [OWNER])).rejects.toBeInstanceOf(FileTooLargeError);
      expect(await store.has(sha(big))).toBe(false);
      expect((await store.put(chunked(Buffer.alloc(LIMIT, 2), 65536), 'exact.bin', [OWNER])).size).toBe(LIMIT);
    });

    it('stores content uploaded many times at once exactly once, with every name it came under', async () => {
      const puts = await Promise.all(Array.from({ length: 6 }, (_, i) => store.put(chunked(PDF, 65536), `copy-${i % 3}.pdf`, [OWNER])));
      expect(new Set(puts.map((p) => p.sha256))).toEqual(new Set([sha(PDF)]));
      expect((await store.get(sha(PDF)))!.names.sort()).toEqual(['copy-0.pdf', 'copy-1.pdf', 'copy-2.pdf']);
      expect((await read(await store.open(sha(PDF)))).equals(PDF)).toBe(true);
    });

    it('an uncited file belongs to every scope that uploaded its bytes', async () => {
      await store.put(chunked(PDF, 65536), 'a.pdf', [OWNER]);
      await Promise.all([store.put(chunked(PDF, 65536), 'b.pdf', [OTHER, BODY]), store.put(chunked(PDF, 65536), 'c.pdf', [OWNER])]);
      expect((await store.get(sha(PDF)))!.owners).toEqual([BODY, OWNER, OTHER].sort());
    });

    it('gives nothing for hashes it does not hold or that are not hashes', async () => {
      expect(await store.get('0'.repeat(64))).toBeNull();
      expect(await store.has('../../etc/passwd')).toBe(false);
    });

    it('a failing source leaves no file behind', async () => {
      async function* failing() {
        yield PDF.subarray(0, 100);
        throw new Error('connection reset');
      }
      await expect(store.put(failing(), 'x.pdf', [OWNER])).rejects.toThrow('connection reset');
      expect(await store.has(sha(PDF.subarray(0, 100)))).toBe(false);
    });
  });
}
