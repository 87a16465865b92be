import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunningApp, codeOf, gql, logPosition, startApp, token } from './support/app-process';
import { eventually } from './support/eventually';
import { tryMutate } from './support/scenario';
import { uploadEvidence } from './support/files';
import { runCli } from './support/cli';

/** Runs one of the npm run commands on a data dir as its own process without blocking the writers in this one. */
const cli = (script: string, dataDir: string, args: string[]) => runCli(script, { GOVERNANCE_DATA_DIR: dataDir }, args);

/** Evidence uploaded through POST /files; the store keeps it under its SHA-256, metadata beside. */
async function storeEvidence(app: RunningApp, bearer: string, name: string, content: string): Promise<string> {
  const { sha256 } = await uploadEvidence(app, bearer, name, content);
  return `files/${sha256.slice(0, 2)}/${sha256}`;
}

const made: string[] = [];
const tempDir = (label: string) => {
  const dir = mkdtempSync(join(tmpdir(), `gov-${label}-`));
  made.push(dir);
  return dir;
};

describe('online backup and restore', () => {
  let app: RunningApp;
  let restored: RunningApp | undefined;
  let backupDir: string;
  let admin: string;
  const acknowledged: Array<{ id: string; position: bigint }> = [];
  const evidence: string[] = [];
  let backupOut = '';

  beforeAll(async () => {
    app = await startApp();
    admin = await token(['admin'], 'Администратор');
    const unit = await token(['unit:11111111-1111-4111-8111-111111111111'], 'Отдел');
    evidence.push(
      await storeEvidence(app, unit, 'протокол.pdf', '%PDF-1.4 протокол заседания №1/2026'),
      await storeEvidence(app, unit, 'отчёт.txt', 'фото отчёта'),
    );
    backupDir = join(tempDir('backup'), 'copy');

    // 32 writers keep registering units while the backup runs; each remembers what was acknowledged.
    let writing = true;
    let failure: Error | undefined;
    const writer = async () => {
      while (writing && !failure) {
        try {
          const r = await tryMutate(app, 'registerUnit', { name: { ru: 'Отдел' }, kind: 'SERVICE' }, admin, 'unit { id }');
          if (codeOf(r) !== 'OK') failure = new Error(`write failed: ${JSON.stringify(r.errors)}`);
          else acknowledged.push({ id: r.data!.registerUnit.unit.id, position: BigInt(r.data!.registerUnit.position) });
        } catch (error) {
          failure = error as Error;
        }
      }
    };
    const writers = Array.from({ length: 32 }, writer);
    const waitFor = (count: number) =>
      eventually(() => failure ?? expect(acknowledged.length).toBeGreaterThanOrEqual(count), { timeoutMs: 120_000, intervalMs: 20 });
    await waitFor(200);
    const result = await cli('backup.ts', app.dataDir, ['--to', backupDir]);
    backupOut = result.out;
    const atBackupEnd = acknowledged.length;
    await waitFor(atBackupEnd + 100);
    // Every writer has stopped before anything is judged, so none is cut off by the app's stop.
    writing = false;
    await Promise.all(writers);
    if (failure) throw failure;
    if (result.status !== 0) throw new Error(`backup failed:\n${result.out}`);
  }, 300_000);

  afterAll(async () => {
    await restored?.cleanup();
    await app?.cleanup();
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
  });

  const manifest = () => JSON.parse(readFileSync(join(backupDir, 'manifest.json'), 'utf8'));

  it('says done only after verifying, and records the log position and every stream head', () => {
    expect(backupOut).toMatch(/ok: backup in .* holds \d+ events up to position \d+ \(\d+ streams, chains verified\)/);
    const m = manifest();
    expect(BigInt(m.logPosition)).toBeGreaterThan(0n);
    expect(BigInt(m.readModelCheckpoint)).toBeLessThanOrEqual(BigInt(m.logPosition));
    expect(Object.keys(m.chainHeads).length).toBe(m.events); // one event per unit stream
    expect(Object.keys(m.files)).toEqual(expect.arrayContaining(['events.sqlite', 'read-model.sqlite', ...evidence]));
    // The service kept serving and writing while the backup ran.
    expect(acknowledged.some((a) => a.position > BigInt(m.logPosition))).toBe(true);
  });

  it('refuses to restore under a running service', async () => {
    const r = await cli('restore.ts', app.dataDir, ['--from', backupDir]);
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/restore refused: a service \(pid \d+\) is serving from/);
  });

  it('restores into a fresh data dir: every event acknowledged up to the backup position is there, chains verify, the read model catches up', async () => {
    const fresh = tempDir('restored');
    const r = await cli('restore.ts', fresh, ['--from', backupDir]);
    expect(r.out).toMatch(/ok: restored \d+ events/);
    expect(r.status).toBe(0);
    const position = BigInt(manifest().logPosition);
    const verify = await cli('verify.ts', fresh, []);
    expect(verify.status).toBe(0);

    restored = await startApp({ GOVERNANCE_DATA_DIR: fresh });
    const url = restored.url;
    const units = await gql<{ units: Array<{ id: string }> }>(url, '{ units { id } }', {}, admin);
    const ids = new Set(units.data!.units.map((u) => u.id));
    const before = acknowledged.filter((a) => a.position <= position);
    const after = acknowledged.filter((a) => a.position > position);
    expect(before.filter((a) => !ids.has(a.id))).toEqual([]);
    expect(after.filter((a) => ids.has(a.id))).toEqual([]);
    expect(ids.size).toBe(before.length);
    expect(await logPosition(restored)).toBe(position.toString());
    const health = (await (await fetch(url.replace('/graphql', '/health'))).json()) as { info: { readModel: { position: string } } };
    expect(health.info.readModel.position).toBe(position.toString());
    for (const file of evidence) expect(readFileSync(join(fresh, file))).toEqual(readFileSync(join(app.dataDir, file)));

    // The restored service takes new writes and its read model shows them.
    const write = await tryMutate(restored, 'registerUnit', { name: { kk: 'Жаңа бөлім' }, kind: 'SERVICE' }, admin, 'unit { id }');
    expect(codeOf(write)).toBe('OK');
    const id = write.data!.registerUnit.unit.id as string;
    expect(BigInt(write.data!.registerUnit.position)).toBe(position + 1n);
    const now = await gql<{ units: Array<{ id: string }> }>(url, '{ units { id } }', {}, admin);
    expect(now.data!.units.map((u) => u.id)).toContain(id);
  }, 120_000);

  it('refuses a backup with a flipped byte in the log copy, and leaves the target untouched', async () => {
    const damaged = join(tempDir('damaged'), 'copy');
    cpSync(backupDir, damaged, { recursive: true });
    const log = join(damaged, 'events.sqlite');
    const bytes = readFileSync(log);
    const middle = Math.floor(statSync(log).size / 2);
    bytes[middle] = bytes[middle]! ^ 0x01;
    writeFileSync(log, bytes);
    const target = tempDir('target');
    const r = await cli('restore.ts', target, ['--from', damaged]);
    expect(r.status).toBe(1);
    expect(r.out).toContain('restore refused: the backup is damaged: events.sqlite does not match the SHA-256 its manifest recorded');
    expect(existsSync(join(target, 'events.sqlite'))).toBe(false);
  });

  it('refuses a backup with a missing evidence file', async () => {
    const incomplete = join(tempDir('incomplete'), 'copy');
    cpSync(backupDir, incomplete, { recursive: true });
    unlinkSync(join(incomplete, evidence[1]!));
    const r = await cli('restore.ts', tempDir('target'), ['--from', incomplete]);
    expect(r.status).toBe(1);
    expect(r.out).toContain(`restore refused: the backup is incomplete: ${evidence[1]} is missing`);
  });

  it('refuses to overwrite a log that is newer than the backup', async () => {
    await app.stop();
    const r = await cli('restore.ts', app.dataDir, ['--from', backupDir]);
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/restore refused: the log in .* is newer than the backup \(position \d+ > \d+\)/);
    rmSync(backupDir, { recursive: true, force: true });
  });
});
