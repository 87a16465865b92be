// The oversight mix's in-process side alone, on a read model already projected (e.g. the one a
// 10-million-event run left in bench/results/tmp/run): p50/p99 and CPU time per query.
//   node scripts/run-ts.js bench/queries-direct.ts bench/results/tmp/run bench/results/tmp/history-10000000-42/summary.json
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteEventStore } from '@gov/event-store';
import { generateHistory } from './generator';
import { oversightMix, percentile } from './oversight-mix';

const [dir, summaryFile] = process.argv.slice(2);
if (!dir || !summaryFile) throw new Error('usage: queries-direct.ts <data dir> <summary.json>');
const ROUNDS = 300;
const WARMUP = 10;

async function main() {
  const summary = JSON.parse(readFileSync(summaryFile!, 'utf8')) as ReturnType<typeof generateHistory>;
  const rm = new Database(join(dir!, 'read-model.sqlite'), { readonly: true });
  const store = new SqliteEventStore({ dataDir: dir! });
  for (const q of oversightMix(rm, store, summary)) {
    if (q.name.startsWith('floor')) continue;
    const times: number[] = [];
    const cpu = process.cpuUsage();
    for (let i = 0; i < ROUNDS + WARMUP; i++) {
      if (i === WARMUP) Object.assign(cpu, process.cpuUsage());
      const t = process.hrtime.bigint();
      await q.direct();
      if (i >= WARMUP) times.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    const spent = process.cpuUsage(cpu);
    times.sort((a, b) => a - b);
    console.log(
      `${q.name.padEnd(28)} p50 ${percentile(times, 50).toFixed(2)} ms  p99 ${percentile(times, 99).toFixed(2)} ms  CPU ${((spent.user + spent.system) / 1000 / ROUNDS).toFixed(2)} ms per query`,
    );
  }
  rm.close();
  await store.close();
}

void main();
