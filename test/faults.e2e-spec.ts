import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ServiceError } from '@grpc/grpc-js';
import { RunningApp, codeOf, health, startApp } from './support/app-process';
import { eventually } from './support/eventually';
import { unitClient } from './support/grpc-client';
import { World, assignedRecommendation, establishWorld, tryMutate } from './support/scenario';

/** Fills the file system holding `dir` with one file until nothing more fits; returns the file. */
function fillDisk(dir: string): string {
  const filler = join(dir, 'filler');
  const fd = openSync(filler, 'w');
  try {
    for (const size of [1 << 20, 4096, 1]) {
      const chunk = Buffer.alloc(size, 1);
      try {
        for (;;) writeSync(fd, chunk);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
      }
    }
  } finally {
    closeSync(fd);
  }
  return filler;
}

/** A small file system of its own (tmpfs) that a test can really fill; root only, as CI runs. */
function smallDisk(): { dir: string; release: () => void } | string {
  const dir = mkdtempSync(join(tmpdir(), 'gov-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=48m', 'tmpfs', dir], { stdio: 'pipe' });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    return `cannot mount a tmpfs here (${(error as Error).message.split('\n')[0]})`;
  }
  return {
    dir,
    release: () => {
      execFileSync('umount', ['-l', dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const disk = smallDisk();
if (typeof disk === 'string') console.warn(`the full-disk tests are skipped: ${disk}`);
const onSmallDisk = typeof disk === 'string' ? describe.skip : describe;

onSmallDisk('a full disk is named, not an internal error, and passes without a restart', () => {
  const { dir, release } = disk as Exclude<typeof disk, string>;
  let app: RunningApp;
  let w: World;
  let recommendationId: string;

  beforeAll(async () => {
    const dataDir = join(dir, 'data');
    mkdirSync(dataDir);
    app = await startApp({ GOVERNANCE_DATA_DIR: dataDir });
    w = await establishWorld(app);
    recommendationId = await assignedRecommendation(app, w, '1/2026', { ru: 'Перенести зону видеонаблюдения' }, { leadUnitId: w.unitA });
  }, 120_000);
  afterAll(async () => {
    await app?.cleanup();
    release();
  });

  it('writes answer UNAVAILABLE with the reason while the disk is full, /health and gRPC say so, and both recover once space returns', async () => {
    const filler = fillDisk(dir);
    // The log's write-ahead file may still have room from before: write until a write needs more.
    const codes = new Set<string>();
    let refusal: Awaited<ReturnType<typeof tryMutate>> | undefined;
    for (let i = 0; i < 2_000 && !refusal; i++) {
      const r = await tryMutate(
        app,
        'registerUnit',
        { name: { ru: `Отдел ${i} ${'х'.repeat(400)}` }, kind: 'SERVICE' },
        w.admin,
        'unit { id }',
      );
      codes.add(codeOf(r));
      if (codeOf(r) === 'UNAVAILABLE') refusal = r;
    }
    expect(refusal?.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/event log is unavailable: the disk is full; retry later/),
      extensions: { code: 'UNAVAILABLE', details: { resource: 'event log', reason: 'DISK_FULL', retryable: true } },
    });
    // Before the refusal, writes went through (or waited for a read model that could not write either): never an internal error.
    expect([...codes].filter((c) => !['OK', 'TIMEOUT', 'UNAVAILABLE'].includes(c))).toEqual([]);

    const down = await health(app);
    expect(down.status).toBe(503);
    expect(down.body.error?.eventLog).toMatchObject({ status: 'down', reason: 'DISK_FULL' });

    const grpc = unitClient(app.grpcAddress);
    try {
      const refused = (await grpc.call('AcceptRecommendation', { recommendationId }, w.tokenA).then(
        () => undefined,
        (error: ServiceError) => error,
      ))!;
      expect(refused).toBeDefined();
      expect({ code: refused.code, details: refused.details }).toMatchObject({ code: 14, details: expect.stringMatching(/UNAVAILABLE/) }); // gRPC's UNAVAILABLE
      expect(refused.metadata.get('error-code')).toEqual(['UNAVAILABLE']);
    } finally {
      grpc.close();
    }

    rmSync(filler);
    // No restart and no client write needed: /health's own check finds the log writable again.
    await eventually(async () => expect((await health(app)).body.info?.eventLog?.status).toBe('up'));
    const again = await tryMutate(app, 'registerUnit', { name: { ru: 'Отдел после' }, kind: 'SERVICE' }, w.admin, 'unit { id }');
    expect(codeOf(again)).toBe('OK');
    await eventually(async () => expect((await health(app)).status).toBe(200));
  }, 300_000);
});
