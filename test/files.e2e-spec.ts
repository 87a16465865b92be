import { createHash } from 'node:crypto';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { RunningApp, codeOf, gql, logPosition, metric, startApp, token } from './support/app-process';
import { eventually } from './support/eventually';
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
      // The implementation is recorded at a later millisecond than `beforeImplementation`.
      await eventually(() => expect(new Date().toISOString() > beforeImplementation).toBe(true), { intervalMs: 1 });
      await grpc.call(
        'ReportImplementation',
        { recommendationId, summary: 'Орындалды', evidence: [{ name: 'акт.pdf', sha256: sha(PDF) }] },
        w.tokenA,
      );
      await mutate(app, 'returnImplementation', { recommendationId, reason: 'Қол қойылмаған' }, w.secretary, 'recommendation { id }');
      // The secretary uploaded these bytes first; the unit uploads them too, so they are the unit's to cite as well.
      await uploadEvidence(app, w.tokenA, 'бос.txt', '');
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

  describe('evidence belongs to its uploaders until cited', () => {
    /** Two recommendations of a meeting of their own, one accepted by each unit, on which it reports. */
    let recommendationOfA: string;
    let recommendationOfB: string;
    beforeAll(async () => {
      const held = await heldMeeting(app, w, '6/2026', '2026-06-01T10:00:00Z', { kk: 'Бөлімдердің дәлелдері' });
      const assigned = async (number: string, unitId: string, bearer: string) => {
        const adopted = await mutate(
          app,
          'adoptRecommendation',
          { meetingId: held.meetingId, agendaItemId: held.itemId, number, text: { kk: `Ұсыным ${number}` } },
          w.secretary,
          'recommendation { id }',
        );
        const id = adopted.recommendation.id as string;
        await mutate(
          app,
          'assignResponsibility',
          { recommendationId: id, leadUnitId: unitId, dueDate: '2027-12-31' },
          w.secretary,
          'recommendation { id }',
        );
        await mutate(app, 'acceptRecommendation', { recommendationId: id }, bearer, 'recommendation { id }');
        return id;
      };
      recommendationOfA = await assigned('6/1', w.unitA, w.tokenA);
      recommendationOfB = await assigned('6/2', w.unitB, w.tokenB);
    });

    const cite = (bearer: string, onRecommendation: string, hash: string) =>
      tryMutate(
        app,
        'reportProgress',
        { recommendationId: onRecommendation, percent: 20, note: 'дәлел', evidence: [{ name: 'акт.pdf', sha256: hash }] },
        bearer,
        'recommendation { id }',
      );
    /** A refusal with the hash taken out: what it tells about the file beyond what the caller sent. */
    const refusalOf = (r: Awaited<ReturnType<typeof cite>>, hash: string) => ({
      code: codeOf(r),
      message: r.errors?.[0]?.message.replaceAll(hash, '<sha256>'),
    });

    it("a unit cannot cite, nor download, a file another unit uploaded and nobody cited; the refusal is an unknown file's", async () => {
      const ofA = await uploadEvidence(app, w.tokenA, 'жоба.pdf', '%PDF-1.7\nА бөлімінің жобасы\n');
      const unknown = sha('бұл файл ешқашан жүктелмеген');
      const before = await logPosition(app);
      const foreign = await cite(w.tokenB, recommendationOfB, ofA.sha256);
      const missing = await cite(w.tokenB, recommendationOfB, unknown);
      expect(refusalOf(foreign, ofA.sha256)).toEqual({ code: 'BAD_USER_INPUT', message: expect.stringContaining('POST /files') });
      expect(refusalOf(foreign, ofA.sha256)).toEqual(refusalOf(missing, unknown));
      await expect(
        grpc.call(
          'ReportProgress',
          { recommendationId: recommendationOfB, percent: 20, note: 'x', evidence: [{ name: 'a', sha256: ofA.sha256 }] },
          w.tokenB,
        ),
      ).rejects.toMatchObject({ code: 3 });
      // A link names where a file lives: accepted whatever the hash, and it serves none of the stored bytes.
      const linked = await mutate(
        app,
        'reportProgress',
        {
          recommendationId: recommendationOfB,
          percent: 25,
          note: 'сілтеме',
          evidence: [{ name: 'жоба', sha256: ofA.sha256, uri: 'https://police.example/draft' }],
        },
        w.tokenB,
        'recommendation { id }',
      );
      expect(BigInt(linked.position)).toBeGreaterThan(BigInt(before));
      const [foreignDownload, unknownDownload] = [await download(ofA.sha256, w.tokenB), await download(unknown, w.tokenB)];
      expect(foreignDownload.status).toBe(404);
      expect(unknownDownload.status).toBe(404);
      expect(((await foreignDownload.json()) as { message: string }).message.replace(ofA.sha256, '<sha256>')).toBe(
        ((await unknownDownload.json()) as { message: string }).message.replace(unknown, '<sha256>'),
      );

      // Once its uploader cites it, the file is evidence like any other: B may cite it and read it.
      await mutate(
        app,
        'reportProgress',
        { recommendationId: recommendationOfA, percent: 35, note: 'жоба', evidence: [{ name: 'жоба.pdf', sha256: ofA.sha256 }] },
        w.tokenA,
        'recommendation { id }',
      );
      expect(codeOf(await cite(w.tokenB, recommendationOfB, ofA.sha256))).toBe('OK');
      expect((await download(ofA.sha256, w.tokenB)).status).toBe(200);
    });

    it('two units that uploaded the same bytes may both cite them, and the upload answer is the same as for new bytes', async () => {
      const content = '%PDF-1.7\nбірлескен тексеру актісі\n';
      const first = await upload(app, w.tokenA, 'акт-А.pdf', content);
      const again = await upload(app, w.tokenB, 'акт-Б.pdf', content);
      expect(first).toEqual({
        status: 201,
        body: { sha256: sha(content), name: 'акт-А.pdf', size: Buffer.byteLength(content), mediaType: 'application/pdf' },
      });
      expect(again).toEqual({ ...first, body: { ...first.body, name: 'акт-Б.pdf' } });
      expect(codeOf(await cite(w.tokenB, recommendationOfB, sha(content)))).toBe('OK');
      expect(codeOf(await cite(w.tokenA, recommendationOfA, sha(content)))).toBe('OK');
    });

    it('a file whose bytes changed on disk is never served under its hash: a clear code, a log line and a metric', async () => {
      const content = '%PDF-1.7\nөзгермеуі тиіс акт\n';
      const file = await uploadEvidence(app, w.tokenA, 'акт.pdf', content);
      expect(codeOf(await cite(w.tokenA, recommendationOfA, file.sha256))).toBe('OK');
      expect((await download(file.sha256, w.tokenA)).status).toBe(200);
      const before = await metric(app, 'governance_evidence_files_changed_total');
      writeFileSync(join(filesDir(), file.sha256.slice(0, 2), file.sha256), content.replace('акт', 'АКТ'));
      for (const bearer of [w.tokenA, w.oversight]) {
        const res = await download(file.sha256, bearer);
        expect(res.status).toBe(500);
        expect(res.headers.get('content-type')).toMatch(/application\/json/);
        expect(await res.json()).toEqual({ code: 'EVIDENCE_FILE_CHANGED', message: expect.stringContaining(file.sha256) });
      }
      await app.waitForOutput(new RegExp(`evidence file ${file.sha256} no longer match`));
      expect(await metric(app, 'governance_evidence_files_changed_total')).toBe(before + 2);
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
    await eventually(() => expect(readdirSync(tmp)).toHaveLength(1), { intervalMs: 25 });
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
