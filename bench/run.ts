// npm run bench -- [--events N] [--seed S] [--out file]
// Each workload is measured next to its own baseline in the same run, and reported as a ratio.
import Database from 'better-sqlite3';
import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SqliteEventStore } from '@gov/event-store';
import { AggregateStore, aggregate } from '@gov/governance';
import { PROJECTION_TABLES, PROJECTION_TABLE_NAMES, QUERY_INDEXES, ReadModelDb } from '@gov/read-model';
import { signToken } from '../apps/api/src/auth/sign-token';
import { gateWorkload } from './gate';
import { GeneratedSummary, cachedHistory } from './generator';
import { acceptedRecommendations, progressReported, rawProgressRow } from './accepted-recommendations';
import { oversightMix, percentile } from './oversight-mix';
import { reportLoadWorkload } from './report-load';
import { reportsWorkload } from './reports';
import { openDataWorkload } from './open-data';
import { upgradeWorkload } from './upgrade';
import { postgresWorkload } from './postgres';
import { freePort, startService } from './service-process';

const ROOT = join(__dirname, '..');
const DEFAULT_ONLY = 'append,rebuild,queries,http,reports,opendata';
const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    seed: { type: 'string', default: '42' },
    commands: { type: 'string', default: '3000' },
    'http-seconds': { type: 'string', default: '5' },
    out: { type: 'string', default: join(ROOT, 'bench/results/latest.json') },
    // Comma-separated subset of append,rebuild,queries,http (cold start always runs: it starts the app),
    // or just `generate` to prepare the cached history; `upgrade`, `gate` and `reportload` run only when named.
    only: { type: 'string', default: DEFAULT_ONLY },
    // `off`: the app runs with NOTIFY_ENABLED=false (a replica that only serves), so queries are measured
    // at once rather than after the notifier's first pass over a log that never had one (at 10 million
    // events: half an hour, then a backlog of some 600 000 reminders due at 10 000 a minute).
    notifier: { type: 'string', default: 'on' },
    // `postgres`: the log on PostgreSQL (bench/postgres.ts): appends against raw inserts, and a
    // replica's catch-up against the embedded replay of the --events history.
    store: { type: 'string', default: 'sqlite' },
  },
});
const ONLY = new Set(values.only.split(','));
if (values.notifier !== 'on' && values.notifier !== 'off') throw new Error(`--notifier is on or off, got ${values.notifier}`);
const NOTIFIER = values.notifier === 'on';
const EVENTS = Number(values.events);
const SEED = Number(values.seed);
const COMMANDS = Number(values.commands);
const WORK = join(ROOT, 'bench/results/tmp');
const SECRET = 'bench-secret-long-enough-for-hs256-signing';

type Row = Record<string, string | number | null>;
const results: Record<string, Row[]> = {};
const rss = () => Math.round(process.memoryUsage().rss / 2 ** 20);

function report(workload: string, row: Row) {
  (results[workload] ??= []).push(row);
  console.log(
    `  ${Object.entries(row)
      .map(([k, v]) => `${k}=${v}`)
      .join('  ')}`,
  );
}

/**
 * A package from bench/'s own install (bench/package.json: the Emmett peer and autocannon), kept out
 * of the product's; `npm run bench` installs it before this file runs.
 */
function benchPackage<T>(name: string): T {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(name) as T;
  } catch (error) {
    throw new Error(
      `${name} is missing from bench/node_modules: run the benchmarks with \`npm run bench\`, which installs bench/package.json`,
      {
        cause: error,
      },
    );
  }
}

/** What the append workload uses of Emmett's SQLite event store. */
interface EmmettSqlite {
  getSQLiteEventStore(options: { fileName: string }): { appendToStream(streamId: string, events: unknown[]): Promise<unknown> };
}

type Autocannon = (
  opts: Record<string, unknown>,
) => Promise<{ requests: { average: number }; latency: { p50: number; p99: number }; non2xx: number; errors: number }>;

/** Builds the API when dist is older than the sources; returns the path of main.js. */
function buildIfNeeded(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('../scripts/build-if-needed') as { buildIfNeeded(): string }).buildIfNeeded();
}

/** Samples this process's RSS while `work` runs: peak and the curve, to show whether it grows. */
async function withMemory<T>(work: () => Promise<T>): Promise<{ value: T; peakMb: number; samples: number[] }> {
  const samples: number[] = [];
  const timer = setInterval(() => samples.push(rss()), 100);
  try {
    const value = await work();
    samples.push(rss());
    return { value, peakMb: Math.max(...samples), samples };
  } finally {
    clearInterval(timer);
  }
}

/** This process's CPU time (user + system) since `before`, in microseconds. */
function cpuMicrosSince(before: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(before);
  return used.user + used.system;
}

// ---------------------------------------------------------------- 1. append
async function appendWorkload() {
  console.log('\n1. Append: commands through the write side vs raw better-sqlite3 inserts vs Emmett SQLite');
  const dir = join(WORK, 'append');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const RECS = 500;
  const ids = Array.from({ length: RECS }, () => randomUUID());
  const unitId = randomUUID();
  const at = new Date().toISOString();

  const write = async (writers: number, groupCommit: boolean, commands: number, round: number) => {
    const store = new SqliteEventStore({ file: join(dir, `write-side-${writers}-${groupCommit}-${round}.sqlite`), groupCommit });
    const aggregates = new AggregateStore(store);
    const ctx = { actor: { sub: 'officer', name: 'Officer', roles: [`unit:${unitId}`] }, correlationId: randomUUID(), occurredAt: at };
    // Each recommendation starts accepted by the unit, so every command is a progress report.
    store.appendBatch(acceptedRecommendations(unitId, ids, at));
    let next = 0;
    const latencies: number[] = [];
    const commitsBefore = store.commitStats();
    const cpuBefore = process.cpuUsage();
    const started = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: writers }, async () => {
        for (let n = next++; n < commands; n = next++) {
          const id = ids[n % RECS]!;
          const sent = process.hrtime.bigint();
          await aggregates.execute(aggregate.recommendation, id, ctx, () => ({ role: `unit:${unitId}` }), {
            type: 'ReportProgress',
            data: () => ({ unitId, percent: n % 100, note: 'Ход исполнения: проведено обучение', evidence: [], at }),
          });
          latencies.push(Number(process.hrtime.bigint() - sent) / 1e6);
        }
      }),
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const cpuMicros = cpuMicrosSince(cpuBefore);
    const commits = store.commitStats().commits - commitsBefore.commits;
    await store.close();
    return { seconds, cpuMicros, latencies, commits };
  };

  // The same rows, inserted one transaction per command, with the same durability settings.
  const raw = (commands: number, round: number) => {
    const db = new Database(join(dir, `raw-${round}.sqlite`));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec(`CREATE TABLE events (position INTEGER PRIMARY KEY, stream_id TEXT NOT NULL, revision INTEGER NOT NULL, event_id TEXT NOT NULL, type TEXT NOT NULL,
      data TEXT NOT NULL, metadata TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL, recorded_at TEXT NOT NULL);
      CREATE UNIQUE INDEX events_stream_revision ON events (stream_id, revision); CREATE UNIQUE INDEX events_stream_event_id ON events (stream_id, event_id);`);
    const insert = db.prepare(
      'INSERT INTO events (stream_id, revision, event_id, type, data, metadata, prev_hash, hash, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const tx = db.transaction((n: number) => {
      const row = rawProgressRow(ids[n % RECS]!, unitId, n, at);
      insert.run(row.streamId, n, randomUUID(), 'ProgressReported', row.data, row.metadata, row.prevHash, row.hash, at);
    });
    const cpuBefore = process.cpuUsage();
    const started = process.hrtime.bigint();
    for (let n = 0; n < commands; n++) tx.immediate(n);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const cpuMicros = cpuMicrosSince(cpuBefore);
    db.close();
    return { seconds, cpuMicros };
  };

  const emmett = async (writers: number): Promise<{ rate: number; failed: number }> => {
    const store = benchPackage<EmmettSqlite>('@event-driven-io/emmett-sqlite').getSQLiteEventStore({
      fileName: join(dir, `emmett-${writers}.sqlite`),
    });
    let next = 0;
    let failed = 0;
    let succeeded = 0;
    const started = process.hrtime.bigint();
    const deadline = Date.now() + 60_000;
    // Emmett's SQLite store opens a connection per call without a busy timeout: concurrent appends
    // fail with SQLITE_BUSY and some never settle, so the run is bounded and counts what completed.
    const quiet = console.error;
    console.error = () => undefined;
    await Promise.race([
      Promise.all(
        Array.from({ length: writers }, async () => {
          for (let n = next++; n < COMMANDS && Date.now() < deadline; n = next++) {
            await store
              .appendToStream(`recommendation-${ids[n % RECS]}`, [
                {
                  type: 'ProgressReported',
                  data: progressReported(ids[n % RECS]!, unitId, n, at),
                },
              ])
              .then(
                () => succeeded++,
                () => failed++,
              );
          }
        }),
      ),
      new Promise((resolve) => setTimeout(resolve, 65_000).unref()),
    ]);
    console.error = quiet;
    return { rate: succeeded / (Number(process.hrtime.bigint() - started) / 1e9), failed: COMMANDS - succeeded };
  };

  // The disk is shared and its fsync time drifts by several times within seconds: the baseline and
  // the variants run in interleaved rounds, so each sees the same disk on average.
  const ROUNDS = 8;
  const perRound = Math.ceil(COMMANDS / ROUNDS);
  const commands = perRound * ROUNDS;
  const variants = [
    // One writer with group commit off: the one-commit-per-append store, the latency baseline.
    { writers: 1, groupCommit: false },
    { writers: 1, groupCommit: true },
    { writers: 32, groupCommit: true },
  ].map((v) => ({ ...v, seconds: 0, cpuMicros: 0, latencies: [] as number[], commits: 0 }));
  let rawSeconds = 0;
  let rawCpuMicros = 0;
  let peakRssMb = 0;
  const tasks: Array<(round: number) => Promise<void>> = [
    async (round) => {
      const r = await withMemory(async () => raw(perRound, round));
      rawSeconds += r.value.seconds;
      rawCpuMicros += r.value.cpuMicros;
      peakRssMb = Math.max(peakRssMb, r.peakMb);
    },
    ...variants.map((v) => async (round: number) => {
      const m = await withMemory(() => write(v.writers, v.groupCommit, perRound, round));
      v.seconds += m.value.seconds;
      v.cpuMicros += m.value.cpuMicros;
      v.latencies.push(...m.value.latencies);
      v.commits += m.value.commits;
      peakRssMb = Math.max(peakRssMb, m.peakMb);
    }),
  ];
  // Rotated each round and reversed every other one, so no run always starts first or always
  // follows the same neighbour (whose writes the disk may still be flushing).
  for (let round = 0; round < ROUNDS; round++) {
    const order = tasks.map((_, k) => tasks[(round + k) % tasks.length]!);
    for (const task of round % 2 ? order.reverse() : order) await task(round);
  }
  const rawRate = commands / rawSeconds;
  for (const v of variants) {
    const rate = commands / v.seconds;
    const e = v.groupCommit ? await emmett(v.writers) : null;
    v.latencies.sort((a, b) => a - b);
    report('append', {
      writers: v.writers,
      groupCommit: v.groupCommit ? 'on' : 'off',
      commands,
      writeSidePerSec: Math.round(rate),
      rawInsertPerSec: Math.round(rawRate),
      ratioVsRaw: +(rate / rawRate).toFixed(2),
      p50Ms: +percentile(v.latencies, 50).toFixed(2),
      p99Ms: +percentile(v.latencies, 99).toFixed(2),
      cpuUsPerCommand: Math.round(v.cpuMicros / commands),
      rawCpuUsPerCommand: Math.round(rawCpuMicros / commands),
      appendsPerCommit: +(commands / v.commits).toFixed(1),
      emmettPerSec: e && Math.round(e.rate),
      emmettFailed: e && e.failed,
      // A peer that failed appends is no baseline: its rate over what it completed says nothing.
      ratioVsEmmett: e && e.failed === 0 ? +(rate / e.rate).toFixed(2) : null,
      peakRssMb,
    });
  }
}

// ---------------------------------------------------------------- data set
function prepareDataSet(): { dir: string; summary: GeneratedSummary } {
  console.log('');
  return cachedHistory(WORK, EVENTS, SEED);
}

// ---------------------------------------------------------------- 3. rebuild
async function rebuildWorkload(dir: string) {
  console.log(`\n3. Projection rebuild of ${EVENTS} events (npm run rebuild, its own process) vs raw inserts of the same read rows`);
  const entry = buildIfNeeded().replace('main.js', 'cli/rebuild.js');
  const started = process.hrtime.bigint();
  // With the Node flags `npm run rebuild` gives it (package.json).
  const flags = /^node ((?:--\S+ )*)/.exec(
    (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.rebuild!,
  )?.[1];
  const child = spawn(process.execPath, [...(flags?.trim().split(' ').filter(Boolean) ?? []), entry], {
    cwd: ROOT,
    env: { ...process.env, GOVERNANCE_DATA_DIR: dir },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const samples: number[] = [];
  // Wall clock and CPU time when each tenth of the log has been replayed: a replay that scales
  // linearly spends as long on the last tenth as on the first.
  const tenths: Array<{ seconds: number; cpuSeconds: number }> = [];
  const childCpuSeconds = () => {
    // utime and stime, fields 14 and 15 of /proc/<pid>/stat, in clock ticks (100 per second on Linux).
    const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  };
  let out = '';
  const timer = setInterval(() => {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (m) samples.push(Math.round(Number(m[1]) / 1024));
      const replayed = Number(/(\d+)\/\d+ \d+ events\/s\s*$/.exec(out.slice(-200))?.[1] ?? 0);
      while (tenths.length < 10 && replayed >= ((tenths.length + 1) * EVENTS) / 10) {
        const at = { seconds: Number(process.hrtime.bigint() - started) / 1e9, cpuSeconds: childCpuSeconds() };
        tenths.push(at);
        console.log(`  ${tenths.length * 10} % replayed at ${at.seconds.toFixed(0)} s (${at.cpuSeconds.toFixed(0)} s of CPU)`);
      }
    } catch {
      /* the process has just exited */
    }
  }, 250);
  child.stdout.on('data', (d) => (out += d));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearInterval(timer);
  if (code !== 0) throw new Error(`rebuild failed: ${out}`);
  const peakMb = Math.max(...samples);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(`  ${out.trim().split('\n').pop()}`);
  const quarter = (q: number) => samples[Math.min(samples.length - 1, Math.floor((samples.length * q) / 4))] ?? null;
  const readModel = new ReadModelDb(dir);

  // Baseline: the final rows of every projected table inserted into a fresh file in batches, then
  // the same query indexes built: the cheapest way to arrive at the same read model. Rows stream
  // through in chunks (10 million events make more rows than a heap holds); only writing is timed.
  const rawFile = join(WORK, 'raw-read-rows.sqlite');
  rmSync(rawFile, { force: true });
  const db = new Database(rawFile);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(PROJECTION_TABLES);
  let rawNs = 0n;
  let rawCpuUs = 0;
  const timed = (work: () => void) => {
    const t = process.hrtime.bigint();
    const cpu = process.cpuUsage();
    work();
    rawNs += process.hrtime.bigint() - t;
    const spent = process.cpuUsage(cpu);
    rawCpuUs += spent.user + spent.system;
  };
  let rowCount = 0;
  for (const table of PROJECTION_TABLE_NAMES) {
    let insert: Database.Statement | undefined;
    const tx = db.transaction((chunk: unknown[][]) => chunk.forEach((r) => insert!.run(...r)));
    let chunk: unknown[][] = [];
    for (const row of readModel.db.prepare(`SELECT * FROM ${table}`).raw().iterate() as IterableIterator<unknown[]>) {
      insert ??= db.prepare(`INSERT INTO ${table} VALUES (${row.map(() => '?').join(',')})`);
      chunk.push(row);
      if (chunk.length === 2000) {
        timed(() => tx(chunk));
        chunk = [];
      }
    }
    if (chunk.length) timed(() => tx(chunk));
    rowCount += (readModel.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  }
  readModel.close();
  timed(() => db.exec(QUERY_INDEXES));
  const rawSeconds = Number(rawNs) / 1e9;
  const rawCpuSeconds = rawCpuUs / 1e6;
  db.close();
  // The rebuild prints its own CPU time (user + system) on its last line.
  const cpuSeconds = Number(/\(([\d.]+) s of CPU\)/.exec(out)?.[1] ?? NaN);
  report('rebuild', {
    events: EVENTS,
    seconds: +seconds.toFixed(1),
    eventsPerSec: Math.round(EVENTS / seconds),
    readRows: rowCount,
    rawInsertSeconds: +rawSeconds.toFixed(1),
    ratioTimeVsRaw: +(seconds / rawSeconds).toFixed(2),
    // CPU time of either side: on a shared machine the wall clock also counts waiting for a core.
    cpuSeconds,
    rawInsertCpuSeconds: +rawCpuSeconds.toFixed(1),
    ratioCpuVsRaw: +(cpuSeconds / rawCpuSeconds).toFixed(2),
    peakRssMb: peakMb,
    rssAt25pctMb: quarter(1),
    rssAt50pctMb: quarter(2),
    rssAt75pctMb: quarter(3),
    rssAtEndMb: samples[samples.length - 1] ?? null,
    // Each tenth of the log's replay, then the end (derived tables, query indexes, commit).
    tenthsSeconds: tenths.map((t, i) => +(t.seconds - (tenths[i - 1]?.seconds ?? 0)).toFixed(1)).join(' '),
    tenthsCpuSeconds: tenths.map((t, i) => +(t.cpuSeconds - (tenths[i - 1]?.cpuSeconds ?? 0)).toFixed(1)).join(' '),
    endSeconds: +(seconds - (tenths[tenths.length - 1]?.seconds ?? 0)).toFixed(1),
  });
}

// ---------------------------------------------------------------- app process helpers

async function firstAnswer(url: string, body: string, child: ChildProcess, headers: Record<string, string> = {}) {
  for (;;) {
    if (child.exitCode !== null) throw new Error('the process exited before answering');
    try {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
      if (res.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * A query request. The first of a round may find its kept-alive connection closed by the server's
 * 5 s idle timeout while the direct side ran (seen at 10 million events): that one is sent again
 * on a new connection, and never counts, since warm-up rounds are not measured.
 */
async function postOnce(url: string, token: string, body: string, round: number): Promise<Response> {
  const send = () =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });
  try {
    return await send();
  } catch (error) {
    if (round > 0) throw error;
    return send();
  }
}

const peakRssOf = (pid: number) => {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : null;
};

// ---------------------------------------------------------------- 5. cold start (+ starts the app for 2 and 4)
async function coldStart(dir: string, token: string) {
  console.log(`\n5. Cold start with ${EVENTS} events already projected vs a bare Node HTTP server`);
  const entry = buildIfNeeded();
  const bare = await freePort();
  const bareStarted = process.hrtime.bigint();
  const bareChild = spawn(process.execPath, ['-e', `require('http').createServer((q,s)=>s.end('{}')).listen(${bare}, '127.0.0.1')`]);
  await firstAnswer(`http://127.0.0.1:${bare}/`, '{}', bareChild);
  const bareMs = Number(process.hrtime.bigint() - bareStarted) / 1e6;
  bareChild.kill();

  // Three starts, the median reported: the first after a large data set is written also reads the
  // service's code back from disk, which says more about the page cache than about the service.
  const starts: number[] = [];
  for (;;) {
    const started = process.hrtime.bigint();
    const { child, port } = await startService(entry, {
      GOVERNANCE_DATA_DIR: dir,
      AUTH_JWT_SECRET: SECRET,
      RATE_LIMIT_PER_MINUTE: '100000000',
      NOTIFY_ENABLED: String(NOTIFIER),
    });
    const url = `http://127.0.0.1:${port}/graphql`;
    await firstAnswer(url, JSON.stringify({ query: '{ recommendations(first: 1) { totalCount } }' }), child, {
      authorization: `Bearer ${token}`,
    });
    starts.push(Number(process.hrtime.bigint() - started) / 1e6);
    if (starts.length === 3) {
      const ms = percentile(
        [...starts].sort((a, b) => a - b),
        50,
      );
      report('coldStart', {
        events: EVENTS,
        msToFirstAnswer: Math.round(ms),
        eachStartMs: starts.map(Math.round).join(' '),
        bareNodeHttpMs: Math.round(bareMs),
        ratioVsBare: +(ms / bareMs).toFixed(1),
        peakRssMb: peakRssOf(child.pid!),
      });
      return { child, url };
    }
    await new Promise((resolve) => {
      child.once('exit', resolve);
      child.kill('SIGTERM');
    });
  }
}

/**
 * The app answers while its notifier makes its first pass over the log (this data dir has never had
 * one) and then sends the backlog of reminders already due, at most 10 000 a tick; queries are
 * measured once both are done, as in a deployment that has been running (at most 30 minutes).
 */
async function notifierSettled(graphqlUrl: string) {
  const metrics = graphqlUrl.replace(/\/graphql$/, '/metrics');
  const gauge = (text: string, name: string) => new RegExp(`^${name} (\\d+)`, 'm').exec(text)?.[1];
  const started = Date.now();
  let settled = false;
  while (!settled && Date.now() - started < 30 * 60_000) {
    const text = await (await fetch(metrics)).text();
    settled = gauge(text, 'governance_notifier_lag_events') === '0' && gauge(text, 'governance_notifications_due') === '0';
    if (!settled) await new Promise((r) => setTimeout(r, 2000));
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  console.log(`  (the notifier's first pass and its backlog of due reminders ${settled ? 'took' : 'were not done after'} ${seconds} s)`);
}

// ---------------------------------------------------------------- 4. oversight queries
async function queryWorkload(dir: string, url: string, token: string, summary: GeneratedSummary, child: ChildProcess) {
  console.log('\n4. Oversight query mix over GraphQL vs the same SQL run directly');
  const rm = new Database(join(dir, 'read-model.sqlite'), { readonly: true });
  const store = new SqliteEventStore({ dataDir: dir });
  const mix = oversightMix(rm, store, summary);
  // Each side measured on its own (interleaving them makes each wait on the other's leftovers).
  const ROUNDS = 300;
  const WARMUP = 10;
  for (const q of mix) {
    const body = JSON.stringify({ query: q.gql, variables: q.variables });
    const viaApi: number[] = [];
    const direct: number[] = [];
    for (let i = 0; i < ROUNDS + WARMUP; i++) {
      const t = process.hrtime.bigint();
      const res = await postOnce(url, token, body, i);
      const json = (await res.json()) as { errors?: unknown };
      if (json.errors) throw new Error(`${q.name}: ${JSON.stringify(json.errors)}`);
      if (i >= WARMUP) viaApi.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    for (let i = 0; i < ROUNDS + WARMUP; i++) {
      const t = process.hrtime.bigint();
      await q.direct();
      if (i >= WARMUP) direct.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    viaApi.sort((a, b) => a - b);
    direct.sort((a, b) => a - b);
    report('queries', {
      query: q.name,
      p50Ms: +percentile(viaApi, 50).toFixed(2),
      p99Ms: +percentile(viaApi, 99).toFixed(2),
      directSqlP50Ms: +percentile(direct, 50).toFixed(2),
      directSqlP99Ms: +percentile(direct, 99).toFixed(2),
      ratioP99VsDirect: +(percentile(viaApi, 99) / Math.max(percentile(direct, 99), 0.001)).toFixed(1),
    });
  }
  report('queries', { query: 'app peak RSS', peakRssMb: peakRssOf(child.pid!) });
  rm.close();
  await store.close();
}

// ---------------------------------------------------------------- 2. HTTP end to end
async function httpWorkload(url: string, token: string, dir: string, child: ChildProcess) {
  console.log('\n2. GraphQL mutations over HTTP (autocannon) vs a trivial GraphQL query on the same stack');
  const autocannon = benchPackage<Autocannon>('autocannon');
  const rm = new Database(join(dir, 'read-model.sqlite'), { readonly: true });
  const recs = (rm.prepare('SELECT id FROM recommendations ORDER BY random() LIMIT 2000').all() as Array<{ id: string }>).map((r) => r.id);
  rm.close();
  const duration = Number(values['http-seconds']);
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  let n = 0;
  const mutation = 'mutation($i: AddCommentInput!) { addComment(input: $i) { position recommendation { id } } }';
  for (const connections of [1, 16, 64]) {
    const base = await autocannon({
      url,
      method: 'POST',
      connections,
      duration,
      headers,
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    const writes = await autocannon({
      url,
      method: 'POST',
      connections,
      duration,
      headers,
      requests: [
        {
          setupRequest: (req: Record<string, unknown>) => ({
            ...req,
            body: JSON.stringify({
              query: mutation,
              variables: { i: { recommendationId: recs[n++ % recs.length], text: `Комментарий ${n}` } },
            }),
          }),
        },
      ],
    });
    report('http', {
      connections,
      mutationsPerSec: Math.round(writes.requests.average),
      p50Ms: writes.latency.p50,
      p99Ms: writes.latency.p99,
      errors: writes.errors + writes.non2xx,
      trivialQueryPerSec: Math.round(base.requests.average),
      ratioVsTrivial: +(writes.requests.average / base.requests.average).toFixed(2),
    });
  }
  report('http', { connections: 'app peak RSS', peakRssMb: peakRssOf(child.pid!) });
}

/** Rebuild, cold start, queries and HTTP on the generated history; nothing (undefined) for `--only generate`. */
async function historyWorkloads(): Promise<GeneratedSummary | undefined> {
  const { dir: generated, summary } = prepareDataSet();
  if (ONLY.size === 1 && ONLY.has('generate')) return undefined;
  // Work on a copy so the cached history stays pristine for the next run.
  const dir = join(WORK, 'run');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(generated, 'events.sqlite'), join(dir, 'events.sqlite'));
  // Without the rebuild workload the app's first start replays the log itself.
  if (ONLY.has('rebuild')) await rebuildWorkload(dir);
  const token = await signToken(SECRET, { name: 'Bench', roles: ['oversight', ...summary.bodies.map((b) => `secretary:${b}`)] });
  const { child, url } = await coldStart(dir, token);
  try {
    if (NOTIFIER && (ONLY.has('queries') || ONLY.has('http'))) await notifierSettled(url);
    if (ONLY.has('queries')) await queryWorkload(dir, url, token, summary, child);
    if (ONLY.has('http')) await httpWorkload(url, token, dir, child);
    if (ONLY.has('opendata')) await openDataWorkload(url, dir, report);
  } finally {
    const exited = new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve(null)));
    child.kill();
    await exited;
  }
  // Reports read a log nobody writes meanwhile (the app's notifier records reminders as events).
  if (ONLY.has('reports')) await reportsWorkload(dir, report);
  return summary;
}

async function main() {
  mkdirSync(WORK, { recursive: true });
  const machine = {
    cpu: os.cpus()[0]?.model,
    cores: os.cpus().length,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
  console.log(`Benchmarks on ${machine.cores} × ${machine.cpu}, ${machine.memoryGb} GiB, Node ${machine.node}; --events ${EVENTS}`);
  if (values.store === 'postgres') {
    // Here `--only` picks among append, catchup (with the query mix on both read models) and snapshot.
    const only = values.only === DEFAULT_ONLY ? new Set(['append', 'catchup', 'snapshot']) : ONLY;
    await postgresWorkload({ commands: COMMANDS, only, history: prepareDataSet, entry: buildIfNeeded, secret: SECRET, work: WORK, report });
  } else if (ONLY.has('append')) await appendWorkload();
  // The other workloads need the generated history and a started app; `--only append` needs neither.
  let recommendations: number | null = null;
  if (values.store !== 'postgres' && ['generate', 'rebuild', 'queries', 'http', 'reports', 'opendata'].some((w) => ONLY.has(w))) {
    const summary = await historyWorkloads();
    if (!summary) return;
    recommendations = summary.recommendations;
  }
  if (ONLY.has('gate')) await gateWorkload(report);
  // Its own small data set: one meeting with 1 500 recommendations.
  if (ONLY.has('reportload')) await reportLoadWorkload(report);
  if (ONLY.has('upgrade')) {
    const { dir, summary } = prepareDataSet();
    await upgradeWorkload({ history: dir, work: join(WORK, 'upgrade'), summary, secret: SECRET, entry: buildIfNeeded(), report });
    recommendations = summary.recommendations;
  }
  const out = {
    machine,
    params: { events: EVENTS, seed: SEED, commands: COMMANDS, recommendations, notifier: values.notifier, store: values.store },
    measuredAt: new Date().toISOString(),
    results,
  };
  mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
  writeFileSync(values.out, `${JSON.stringify(out, null, 2)}\n`);
  console.log(`\nWritten to ${values.out}`);
  for (const [workload, rows] of Object.entries(results)) {
    console.log(`\n${workload}`);
    console.table(rows);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
