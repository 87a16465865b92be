import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { RunningApp, codeOf, gql, logPosition, startApp, token } from './support/app-process';
import { upload, uploadEvidence } from './support/files';
import { unitClient } from './support/grpc-client';
import { World, establishWorld, heldMeeting, mutate, tryMutate } from './support/scenario';

const MAX = 256 * 1024;
const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
/** A PDF signature followed by every byte value: binary content that must come back byte for byte. */
const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from(Array.from({ length: 4096 }, (_, i) => i % 256))]);
const KAZAKH_NAME = 'Бұйрық №7 — есеп (Қарағанды).pdf';

describe('evidence files over HTTP, GraphQL and gRPC', () => {
  let app: RunningApp;
  let w: World;
  let grpc: ReturnType<typeof unitClient>;
  let meetingId: string;
  let recommendationId: string;

  const filesDir = () => join(app.dataDir, 'files');
  /** Every content file stored under a hash (not tmp/, not the metadata records). */
  const storedHashes = () =>
    readdirSync(filesDir())
      .filter((d) => d !== 'tmp')
      .flatMap((d) => readdirSync(join(filesDir(), d)).filter((f) => !f.endsWith('.json')));
  const download = (hash: string, bearer?: string) =>
    fetch(app.url.replace('/graphql', `/files/${hash}`), { headers: bearer ? { authorization: `Bearer ${bearer}` } : {} });
  /** The recommendation's evidence as `bearer` reads it, once the read model has passed `minPosition`. */
  const evidenceOf = async (bearer?: string, at: { minPosition?: string; asOf?: string } = {}) =>
    (
      await gql(
        app.url,
        'query($id: ID!, $asOf: DateTime, $minPosition: String) { recommendation(id: $id, asOf: $asOf, minPosition: $minPosition) { evidence { name sha256 uri report unitId } } }',
        { id: recommendationId, ...at },
        bearer,
      )
    ).data?.recommendation?.evidence as Array<Record<string, unknown>> | undefined;

  beforeAll(async () => {
    app = await startApp({ EVIDENCE_MAX_BYTES: String(MAX) });
    grpc = unitClient(app.grpcAddress);
    w = await establishWorld(app);
    let itemId: string;
    ({ meetingId, itemId } = await heldMeeting(app, w, '4/2026', '2026-04-01T10:00:00Z', { kk: 'Дәлелдер' }));
    recommendationId = (
      await mutate(
        app,
        'adoptRecommendation',
        { meetingId, agendaItemId: itemId, number: '4/1', text: { kk: 'Дәлелдерді тіркеу' } },
        w.secretary,
        'recommendation { id }',
      )
    ).recommendation.id;
    const assignment = { recommendationId, leadUnitId: w.unitA, dueDate: '2027-12-31' };
    await mutate(app, 'assignResponsibility', assignment, w.secretary, 'recommendation { id }');
    await mutate(app, 'acceptRecommendation', { recommendationId }, w.tokenA, 'recommendation { id }');
  }, 120_000);
  afterAll(async () => {
    grpc?.close();
    await app?.cleanup();
  });

  describe('upload', () => {
    it('stores binary content under a Kazakh name and answers its hash, size and sniffed type (not the type the client claimed)', async () => {
      const r = await upload(app, w.tokenA, KAZAKH_NAME, PDF, 'text/html');
      expect(r).toEqual({ status: 201, body: { sha256: sha(PDF), name: KAZAKH_NAME, size: PDF.length, mediaType: 'application/pdf' } });
    });

    it("a body's secretary may upload too, and an empty file is a file", async () => {
      const r = await upload(app, w.secretary, 'бос.txt', Buffer.alloc(0));
      expect(r).toEqual({ status: 201, body: { sha256: sha(''), name: 'бос.txt', size: 0, mediaType: 'application/octet-stream' } });
    });

    it('a file over EVIDENCE_MAX_BYTES is 413 with a clear message, and nothing of it is kept', async () => {
      const over = Buffer.alloc(MAX + 1, 0x41);
      const r = await upload(app, w.tokenA, 'big.bin', over);
      expect(r.status).toBe(413);
      expect(r.body).toEqual({ code: 'PAYLOAD_TOO_LARGE', message: expect.stringContaining(`${MAX} bytes`) });
      // Refused on its declared length, before any of it is read.
      const farOver = await upload(app, w.tokenA, 'bigger.bin', Buffer.alloc(MAX * 1.5, 0x42));
      expect(farOver.status).toBe(413);
      expect(storedHashes()).not.toContain(sha(over));
      expect(readdirSync(join(filesDir(), 'tmp'))).toEqual([]);
      // Exactly the limit is accepted.
      expect((await upload(app, w.tokenA, 'exact.bin', Buffer.alloc(MAX, 0x43))).status).toBe(201);
    });

    it('needs a valid token of a unit or a secretary', async () => {
      const expired = await token([`unit:${w.unitA}`], 'Old', 'old', -60);
      expect((await upload(app, undefined, 'a.pdf', PDF)).status).toBe(401);
      expect((await upload(app, 'not.a.token', 'a.pdf', PDF)).body.code).toBe('UNAUTHENTICATED');
      expect((await upload(app, expired, 'a.pdf', PDF)).status).toBe(401);
      expect((await upload(app, w.oversight, 'a.pdf', PDF)).status).toBe(403);
      expect((await upload(app, w.admin, 'a.pdf', PDF)).body).toMatchObject({ code: 'FORBIDDEN' });
    });

    it('path-traversal names keep only their last segment and never name anything on disk', async () => {
      const a = await uploadEvidence(app, w.tokenA, '../../../../etc/passwd', 'root:x:0:0');
      const b = await uploadEvidence(app, w.tokenA, '..\\..\\evil.sh', '#!/bin/sh');
      const c = await uploadEvidence(app, w.tokenA, '..', 'dots');
      expect([a.name, b.name, c.name]).toEqual(['passwd', 'evil.sh', 'file']);
      expect(existsSync(join(app.dataDir, 'etc'))).toBe(false);
      expect(readdirSync(app.dataDir).filter((f) => /passwd|evil/.test(f))).toEqual([]);
      expect(storedHashes()).toEqual(expect.arrayContaining([a.sha256, b.sha256, c.sha256]));
    });

    it('refuses a body that is not multipart, or has no "file" field', async () => {
      const url = app.url.replace('/graphql', '/files');
      const json = await fetch(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${w.tokenA}`, 'content-type': 'application/json' },
        body: '{}',
      });
      expect([json.status, ((await json.json()) as { code: string }).code]).toEqual([400, 'BAD_USER_INPUT']);
      const form = new FormData();
      form.append('other', new Blob(['x']), 'x.txt');
      const noFile = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${w.tokenA}` }, body: form });
      expect(noFile.status).toBe(400);
    });

    it('the same content uploaded many times at once is stored once', async () => {
      const content = Buffer.concat([PDF, Buffer.from('одновременно')]);
      const results = await Promise.all(Array.from({ length: 8 }, (_, i) => upload(app, w.tokenA, `copy-${i}.pdf`, content)));
      expect(results.map((r) => [r.status, r.body.sha256])).toEqual(results.map(() => [201, sha(content)]));
      expect(storedHashes().filter((h) => h === sha(content))).toHaveLength(1);
      expect(readdirSync(join(filesDir(), 'tmp'))).toEqual([]);
    });
  });

  describe('citing and downloading', () => {
    const HTML = Buffer.from('<html><body><script>alert(document.cookie)</script></body></html>');

    it('reports cite uploaded files over GraphQL and gRPC; an unknown hash is BAD_USER_INPUT there and writes nothing', async () => {
      const unknown = sha('never uploaded');
      const before = await logPosition(app);
      const refused = await tryMutate(
        app,
        'reportProgress',
        { recommendationId, percent: 10, note: 'x', evidence: [{ name: 'нет.pdf', sha256: unknown }] },
        w.tokenA,
        'recommendation { id }',
      );
      expect(codeOf(refused)).toBe('BAD_USER_INPUT');
      expect(refused.errors?.[0]?.message).toMatch(/evidence\[0\].*POST \/files/);
      await expect(
        grpc.call('ReportImplementation', { recommendationId, summary: 'x', evidence: [{ name: 'нет.pdf', sha256: unknown }] }, w.tokenA),
      ).rejects.toMatchObject({ code: 3 });
      expect(await logPosition(app)).toBe(before);

      await uploadEvidence(app, w.tokenA, 'page.html', HTML);
      await mutate(
        app,
        'reportProgress',
        {
          recommendationId,
          percent: 30,
          note: 'Бұйрық шықты',
          evidence: [
            { name: KAZAKH_NAME, sha256: sha(PDF) },
            { name: 'сайттағы хабар', sha256: unknown, uri: 'https://police.example/news/7' },
          ],
        },
        w.tokenA,
        'recommendation { id }',
      );
      await grpc.call(
        'ReportProgress',
        { recommendationId, percent: 60, note: 'ары қарай', evidence: [{ name: 'page.html', sha256: sha(HTML) }] },
        w.tokenA,
      );
      const beforeImplementation = new Date().toISOString();
      await new Promise((r) => setTimeout(r, 20));
      await grpc.call(
        'ReportImplementation',
        { recommendationId, summary: 'Орындалды', evidence: [{ name: 'акт.pdf', sha256: sha(PDF) }] },
        w.tokenA,
      );
      await mutate(app, 'returnImplementation', { recommendationId, reason: 'Қол қойылмаған' }, w.secretary, 'recommendation { id }');
      const last = await mutate(
        app,
        'reportImplementation',
        { recommendationId, summary: 'Қол қойылды', evidence: [{ name: 'бос.txt', sha256: sha('') }] },
        w.tokenA,
        'recommendation { id }',
      );
      expect((await evidenceOf(w.oversight, { minPosition: last.position }))!.map((e) => [e.report, e.name, e.sha256, e.uri])).toEqual([
        ['IMPLEMENTATION', 'бос.txt', sha(''), null],
        ['IMPLEMENTATION', 'акт.pdf', sha(PDF), null],
        ['PROGRESS', 'page.html', sha(HTML), null],
        ['PROGRESS', KAZAKH_NAME, sha(PDF), null],
        ['PROGRESS', 'сайттағы хабар', unknown, 'https://police.example/news/7'],
      ]);
      // As of a moment between the reports: only what had been reported by then.
      expect((await evidenceOf(w.oversight, { asOf: beforeImplementation }))!.map((e) => e.name)).toEqual([
        'page.html',
        KAZAKH_NAME,
        'сайттағы хабар',
      ]);
    });

    it('the unit, the secretary and oversight download the cited bytes as an attachment of the sniffed type', async () => {
      for (const bearer of [w.tokenA, w.secretary, w.oversight]) {
        const res = await download(sha(PDF), bearer);
        expect(res.status).toBe(200);
        expect(Buffer.from(await res.arrayBuffer())).toEqual(PDF);
        expect(res.headers.get('content-type')).toBe('application/pdf');
        expect(res.headers.get('x-content-type-options')).toBe('nosniff');
        const disposition = res.headers.get('content-disposition')!;
        expect(disposition).toMatch(/^attachment;/);
        expect(decodeURIComponent(/filename\*=UTF-8''(.+)$/.exec(disposition)![1]!)).toBe(KAZAKH_NAME);
      }
      const empty = await download(sha(''), w.tokenB);
      expect([empty.status, (await empty.arrayBuffer()).byteLength]).toEqual([200, 0]);
    });

    it('HTML evidence is never served as HTML, nor shown inline', async () => {
      const res = await download(sha(HTML), w.tokenA);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/octet-stream');
      expect(res.headers.get('content-disposition')).toMatch(/^attachment;/);
      expect(res.headers.get('content-security-policy')).toMatch(/sandbox/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    });

    it('a hash nobody cites is not found, but by an administrator', async () => {
      const uncited = await uploadEvidence(app, w.tokenA, 'draft.pdf', 'ешкім сілтемеген');
      for (const bearer of [w.tokenA, w.secretary, w.oversight, undefined])
        expect((await download(uncited.sha256, bearer)).status).toBe(404);
      const asAdmin = await download(uncited.sha256, w.admin);
      expect([asAdmin.status, await asAdmin.text()]).toEqual([200, 'ешкім сілтемеген']);
      expect((await download(sha('no such file'), w.admin)).status).toBe(404);
      const bad = await download('..%2F..%2Fread-model.sqlite', w.admin);
      expect([bad.status, ((await bad.json()) as { code: string }).code]).toEqual([400, 'BAD_USER_INPUT']);
    });

    it('anonymous readers see names and hashes of published evidence, never contents', async () => {
      expect((await download(sha(PDF))).status).toBe(404);
      expect(await evidenceOf()).toBeUndefined();
      await mutate(app, 'approveMinutes', { meetingId }, w.secretary, 'meeting { id }');
      const published = await mutate(app, 'publishMeeting', { meetingId }, w.secretary, 'meeting { id }');
      expect((await evidenceOf(undefined, { minPosition: published.position }))!.map((e) => [e.name, e.sha256])).toContainEqual([
        KAZAKH_NAME,
        sha(PDF),
      ]);
      const res = await download(sha(PDF));
      expect(res.status).toBe(403);
      expect(await res.json()).toEqual({ code: 'FORBIDDEN', message: expect.stringMatching(/names and hashes/) });
      expect((await download(sha(PDF), 'not.a.token')).status).toBe(401);
    });
  });

  it('SIGKILL during an upload leaves no file under a hash; the next start clears the leftovers', async () => {
    const content = Buffer.alloc(200 * 1024, 0x5a);
    const boundary = 'kill-boundary';
    const { port } = new URL(app.url);
    const req = request({
      host: '127.0.0.1',
      port,
      path: '/files',
      method: 'POST',
      headers: { authorization: `Bearer ${w.tokenA}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    req.on('error', () => undefined);
    req.write(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="half.bin"\r\n\r\n`);
    req.write(content.subarray(0, 100 * 1024));
    const tmp = join(filesDir(), 'tmp');
    // The server has begun writing the upload (bounded wait: on a loaded machine it may take a while).
    for (const deadline = Date.now() + 30_000; readdirSync(tmp).length === 0 && Date.now() < deadline;)
      await new Promise((r) => setTimeout(r, 25));
    expect(readdirSync(tmp)).toHaveLength(1);
    await app.kill();
    req.destroy();
    expect(storedHashes()).not.toContain(sha(content));

    await app.restart();
    expect(readdirSync(tmp)).toEqual([]);
    expect((await download(sha(content), w.admin)).status).toBe(404);
    expect((await uploadEvidence(app, w.tokenA, 'whole.bin', content)).sha256).toBe(sha(content));
    expect(storedHashes()).toContain(sha(content));
  });
});
