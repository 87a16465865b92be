import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { EvidenceFileStore, cleanFileName } from './file-store';
import { FileChangedError, FileTooLargeError } from './file-store.port';
import { OWNER, fileStoreConformance } from './testing/file-store-conformance';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
/** A source that yields the content in small chunks, as a network upload does. */
const chunked = (b: Buffer, size = 1000) =>
  Readable.from(Array.from({ length: Math.ceil(b.length / size) }, (_, i) => b.subarray(i * size, (i + 1) * size)));
const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(5000, 7)]);

let dir: string;
let store: EvidenceFileStore;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gov-files-'));
  store = new EvidenceFileStore(dir, 10_000);
  await store.init();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const filesUnder = (sub: string) => readdirSync(join(dir, sub));

const conformanceDirs: string[] = [];
fileStoreConformance('directory', {
  open: async (maxBytes) => {
    conformanceDirs.push(mkdtempSync(join(tmpdir(), 'gov-files-')));
    const store = new EvidenceFileStore(conformanceDirs[conformanceDirs.length - 1]!, maxBytes);
    await store.init();
    return store;
  },
  cleanup: async () => conformanceDirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })),
});

describe('evidence file store', () => {
  it('stores a file under its SHA-256 with its size, sniffed media type and name', async () => {
    const stored = await store.put(chunked(PDF), 'приказ №5 — бұйрық.pdf', [OWNER]);
    expect(stored).toEqual({
      sha256: sha(PDF),
      size: PDF.length,
      mediaType: 'application/pdf',
      name: 'приказ №5 — бұйрық.pdf',
      names: ['приказ №5 — бұйрық.pdf'],
      owners: [OWNER],
    });
    expect(readFileSync(join(dir, sha(PDF).slice(0, 2), sha(PDF)))).toEqual(PDF);
    expect(await store.has(sha(PDF).toUpperCase())).toBe(true);
    expect(filesUnder('tmp')).toEqual([]);
  });

  it('refuses a file past the limit, keeping nothing of it', async () => {
    const big = Buffer.alloc(10_001, 1);
    await expect(store.put(chunked(big), 'big.bin', [OWNER])).rejects.toBeInstanceOf(FileTooLargeError);
    expect(await store.has(sha(big))).toBe(false);
    expect(filesUnder('tmp')).toEqual([]);
    expect(readdirSync(dir)).toEqual(['tmp']);
  });

  it('takes a file of exactly the limit', async () => {
    const exact = Buffer.alloc(10_000, 2);
    expect((await store.put(chunked(exact), 'exact.bin', [OWNER])).size).toBe(10_000);
  });

  it('stores content uploaded many times at once exactly once, with every name it came under', async () => {
    const puts = await Promise.all(Array.from({ length: 12 }, (_, i) => store.put(chunked(PDF, 333), `copy-${i % 3}.pdf`, [OWNER])));
    expect(new Set(puts.map((p) => p.sha256))).toEqual(new Set([sha(PDF)]));
    expect(filesUnder(sha(PDF).slice(0, 2)).sort()).toEqual([sha(PDF), `${sha(PDF)}.json`]);
    expect(filesUnder('tmp')).toEqual([]);
    expect((await store.get(sha(PDF)))!.names.sort()).toEqual(['copy-0.pdf', 'copy-1.pdf', 'copy-2.pdf']);
  });

  it('a file stored before owners were kept stays without owners (anyone may cite it), whoever uploads it again', async () => {
    const record = join(dir, sha(PDF).slice(0, 2), `${sha(PDF)}.json`);
    await store.put(chunked(PDF), 'old.pdf', [OWNER]);
    const { owners: _owners, ...before } = JSON.parse(readFileSync(record, 'utf8')) as Record<string, unknown>;
    writeFileSync(record, JSON.stringify(before));
    await store.put(chunked(PDF), 'new.pdf', ['unit:22222222-2222-4222-8222-222222222222']);
    const after = await store.get(sha(PDF));
    expect(after!.names).toEqual(['old.pdf', 'new.pdf']);
    expect(after!.owners).toBeUndefined();
  });

  it('checks the bytes against their hash before serving any: bytes changed on disk are refused', async () => {
    await store.put(chunked(PDF), 'a.pdf', [OWNER]);
    const read = async () => Buffer.concat(await (await store.open(sha(PDF))).toArray());
    expect(await read()).toEqual(PDF);
    const changed = Buffer.from(PDF);
    changed[100] = changed[100]! ^ 1;
    writeFileSync(join(dir, sha(PDF).slice(0, 2), sha(PDF)), changed);
    await expect(read()).rejects.toBeInstanceOf(FileChangedError);
    writeFileSync(join(dir, sha(PDF).slice(0, 2), sha(PDF)), PDF.subarray(0, 50));
    await expect(store.open(sha(PDF))).rejects.toThrow(/no longer match its SHA-256/);
  });

  it('removes the leftovers of a crashed upload on start, and they never count as stored', async () => {
    writeFileSync(join(dir, 'tmp', 'half-written'), PDF.subarray(0, 100));
    expect(await store.has(sha(PDF.subarray(0, 100)))).toBe(false);
    await new EvidenceFileStore(dir, 10_000).init();
    expect(filesUnder('tmp')).toEqual([]);
  });

  it('sharing the directory, a start removes only leftovers idle for long, not uploads in progress', async () => {
    writeFileSync(join(dir, 'tmp', 'in-progress'), 'x');
    writeFileSync(join(dir, 'tmp', 'crashed-long-ago'), 'x');
    const hourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(join(dir, 'tmp', 'crashed-long-ago'), hourAgo, hourAgo);
    await new EvidenceFileStore(dir, 10_000).init(600_000);
    expect(filesUnder('tmp')).toEqual(['in-progress']);
  });

  it('a failing source leaves no temporary file in the directory', async () => {
    async function* failing() {
      yield PDF.subarray(0, 100);
      throw new Error('connection reset');
    }
    await expect(store.put(failing(), 'x.pdf', [OWNER])).rejects.toThrow('connection reset');
    expect(filesUnder('tmp')).toEqual([]);
    expect(readdirSync(dir)).toEqual(['tmp']);
  });
});

describe('file names', () => {
  it.each([
    ['../../etc/passwd', 'passwd'],
    ['C:\\Windows\\system32\\cmd.exe', 'cmd.exe'],
    ['..', 'file'],
    ['', 'file'],
    ['a\u0000b\nc.txt', 'abc.txt'],
    ['есеп.docx', 'есеп.docx'],
  ])('%j is kept as %j', (raw, clean) => expect(cleanFileName(raw)).toBe(clean));
});
