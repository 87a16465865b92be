import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { verifyStore } from '../verify';
import { SqliteEventStore } from './sqlite-event-store';

const root = join(__dirname, '../../../..');

interface Ack {
  streamId: string;
  revision: bigint;
  position: bigint;
  count: number;
}

/** Starts a writer process, lets it acknowledge some appends, then SIGKILLs it mid-flight. */
function runAndKill(dataDir: string, killAfterAcks: number): Promise<Ack[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'scripts/run-ts.js'), join(__dirname, '../testing/durability-child.ts'), dataDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const acks: Ack[] = [];
    let buffer = '';
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop()!;
      for (const line of lines) {
        const fields = line.split(' ');
        if (fields.length !== 5 || fields[0] !== 'ack') {
          child.kill('SIGKILL');
          return reject(new Error(`the writer printed an unexpected line: ${line}`));
        }
        const [, streamId, revision, position, count] = fields as [string, string, string, string, string];
        acks.push({ streamId, revision: BigInt(revision), position: BigInt(position), count: Number(count) });
        if (acks.length === killAfterAcks) child.kill('SIGKILL');
      }
    });
    child.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve(acks) : reject(new Error(`writer exited ${code}: ${stderr}`))));
  });
}

describe('sqlite event store durability', () => {
  const runs = [0, 1, 2, 3, 4].map((i) => [i, 50 + Math.floor(Math.random() * 400)] as const);

  it.each(runs)('run %i: every acknowledged append survives SIGKILL after %i acknowledgements', async (_run, killAfter) => {
    const dir = mkdtempSync(join(tmpdir(), 'gov-durability-'));
    try {
      const acks = await runAndKill(dir, killAfter);
      expect(acks.length).toBeGreaterThanOrEqual(killAfter);

      const db = new Database(join(dir, 'events.sqlite'));
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      db.close();

      const store = new SqliteEventStore({ dataDir: dir });
      const all = await store.readAll();
      const byPosition = new Map(all.map((e) => [e.position, e]));
      // Every event of every acknowledged append is there, at the position and revision acknowledged.
      for (const ack of acks) {
        for (let k = 0; k < ack.count; k++) {
          const event = byPosition.get(ack.position - BigInt(k));
          expect(event).toMatchObject({ streamId: ack.streamId, revision: ack.revision - BigInt(k) });
        }
      }
      // Acknowledgements come in commit order: per stream, revisions only grow.
      const lastRevision = new Map<string, bigint>();
      for (const ack of acks) {
        expect(ack.revision > (lastRevision.get(ack.streamId) ?? -1n)).toBe(true);
        lastRevision.set(ack.streamId, ack.revision);
      }
      for (let i = 1; i < all.length; i++) expect(all[i]!.position > all[i - 1]!.position).toBe(true);
      const report = await verifyStore(store);
      expect(report.problems).toEqual([]);
      await store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
