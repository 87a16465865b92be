// npm run bench -- --store postgres: the event log on PostgreSQL, against same-run baselines on a
// throwaway cluster of the bench's own (fsync on: a commit has reached the disk, as in production).
import Database from 'better-sqlite3';
import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Client } from 'pg';
import { EventStore, SqliteEventStore } from '@gov/event-store';
import { copyLogToPostgres } from '../libs/event-store/src/postgres/copy-log';
import { PostgresEventStore } from '../libs/event-store/src/postgres/postgres-event-store';
import { startPostgresCluster } from '../libs/event-store/src/testing/postgres-cluster';
import { Projector, ReadModelDb } from '@gov/read-model';
import { restoreReadModel, snapshotReadModel } from '../apps/api/src/backup/read-model-snapshot';
import { acceptedRecommendations, progressReported, rawProgressRow } from './accepted-recommendations';
import { startService } from './service-process';
import { generateHistory } from './generator';
import { oversightMix, percentile } from './oversight-mix';
import type { WriterMessage, WriterResult, WriterTask } from './postgres-writer';

const ROOT = join(__dirname, '..');

/** Emmett's PostgreSQL event store, from its own package (bench/emmett-postgresql: its Emmett is not the SQLite peer's). */
interface EmmettPostgres {
  getPostgreSQLEventStore(connectionString: string): {
    appendToStream(streamName: string, events: unknown[]): Promise<unknown>;
    close(): Promise<void>;
  };
}

type Row = Record<string, string | number | null>;

export interface PostgresBenchOptions {
  commands: number;
  /** Which parts run: `append`, `catchup` (with the query mix on both read models), `snapshot`. */
  only: Set<string>;
  /** The generated history (an embedded data dir) and its summary, for catch-up, queries and snapshot. */
  history: () => { dir: string; summary: ReturnType<typeof generateHistory> };
  /** The built API (dist/apps/api/main.js), started as new replicas by the snapshot part. */
  entry: () => string;
  secret: string;
  work: string;
  report(workload: string, row: Row): void;
}

export async function postgresWorkload(options: PostgresBenchOptions): Promise<void> {
  const cluster = await startPostgresCluster({ fsync: true });
  try {
    if (options.only.has('append')) await appends(options, cluster.createDatabase.bind(cluster));
    if (options.only.has('catchup') || options.only.has('snapshot')) {
      // Built before the long copy, so that sources edited meanwhile do not go into the replicas.
      const entry = options.only.has('snapshot') ? options.entry() : '';
      const url = await cluster.createDatabase('catch_up');
      const history = options.history();
      const events = await loadLog(history.dir, url);
      if (options.only.has('catchup')) await catchUp(options, url, history.dir, history.summary, events);
      if (options.only.has('snapshot')) await newReplica(options, entry, url, events);
    }
  } finally {
    await cluster.destroy();
  }
}

/** Rounds the append rows and their raw baseline take turns in (see `appends`). */
const ROUNDS = 6;
/**
 * Commands run untimed just before each timed round. The rows take turns, so each process has sat
 * idle for seconds when its round starts, and a process on this machine runs its first tens of
 * milliseconds after such a pause at about three quarters of its speed (measured: 32 writers, 4 s
 * pauses, 4 750–5 470 commands a second without a lead-in, 6 540–9 240 with one of 200); a replica
 * in service is not idle between its commands. A lone writer needs more: after the other rows' turns
 * its CPU per command was 0.49 ms with a lead-in of 200 (0.2 s at its pace) and 0.30 ms with one of
 * 1 000, as without turns; with V8's flushing of idle functions' bytecode off (`--no-flush-bytecode`),
 * 0.28 ms after 200: code the process had compiled was thrown away while it waited, and compiled
 * again in its timed round. The raw baseline gets the same lead-in.
 */
const LEAD_IN = 1000;

async function appends(options: PostgresBenchOptions, createDatabase: (label: string) => Promise<string>): Promise<void> {
  console.log('\nA. Append on PostgreSQL: commands through the write side vs raw inserts, one transaction per command');
  const unitId = randomUUID();
  const at = new Date().toISOString();
  const perRound = Math.ceil(options.commands / ROUNDS);
  const commands = perRound * ROUNDS;
  // Each round's recommendations take two commands each: the first loads the stream, the second
  // finds it remembered on one replica (on three, another replica has it: it loads it too).
  const sample = () => Array.from({ length: Math.ceil(perRound / 2) }, () => randomUUID());

  /**
   * Load, decide, append: `writers` clients spread over `replicas` API replicas, each its own process
   * with its own store (pool, group commit), warmed up, then started together for each round on
   * recommendations the parent has just seeded (unknown to every replica).
   */
  const writeSide = async (writers: number, replicas: number) => {
    const url = await createDatabase(`append_${writers}_${replicas}`);
    const seed = new PostgresEventStore({ connectionString: url });
    const children = Array.from({ length: replicas }, (_, replica) => {
      const task: WriterTask = { url, unitId, at, writers: Math.ceil((writers - replica) / replicas), replica, replicas, leadIn: LEAD_IN };
      const child = spawn(
        process.execPath,
        [join(ROOT, 'scripts/run-ts.js'), join(__dirname, 'postgres-writer.ts'), JSON.stringify(task)],
        { stdio: ['pipe', 'pipe', 'inherit'] },
      );
      return { child, next: lineReader(child) };
    });
    for (const c of children) if ((await c.next()) !== 'ready') throw new Error('a writer did not start');
    // Statistics, as autovacuum keeps them for a log in service (it analyses a table each time it has
    // grown by a tenth, looking every minute). This log grew from empty within seconds of warm-up, and
    // the plans each connection cached for its prepared statements while it was nearly empty (sequential
    // scans) would otherwise stay: measured, a stream's load then took 2–2.6 ms instead of 0.3 ms,
    // growing with the log.
    await analyze(url);
    const total = {
      seconds: 0,
      latencies: [] as number[],
      commits: 0,
      conflicts: 0,
      roundTrips: 0,
      cpuMs: 0,
      waits: emptyWaits(),
      machine: { busy: 0, all: 0 },
    };
    return {
      writers,
      replicas,
      total,
      /** One round; `sampled`, untimed, only to see where the server's connections wait (the sampling costs the server). */
      async round(ids: string[], sampled = false) {
        await seed.appendBatch(acceptedRecommendations(unitId, ids, at));
        const send = (message: WriterMessage) => {
          for (const c of children) c.child.stdin.write(`${JSON.stringify(message)}\n`);
        };
        send({ leadIn: true });
        for (const c of children) if ((await c.next()) !== 'ready') throw new Error('a writer did not lead in');
        const waits = sampled ? await sampleWaits(url, total.waits) : null;
        const cpu = machineCpu();
        const started = process.hrtime.bigint();
        send({ ids, commands: perRound });
        const results = await Promise.all(children.map(async (c) => JSON.parse(await c.next()) as WriterResult));
        if (waits) return waits.stop();
        total.seconds += Number(process.hrtime.bigint() - started) / 1e9;
        const used = machineCpu();
        total.machine.busy += used.busy - cpu.busy;
        total.machine.all += used.all - cpu.all;
        for (const r of results) {
          total.latencies.push(...r.latencies);
          total.commits += r.commits;
          total.conflicts += r.conflicts;
          total.roundTrips += r.roundTrips;
          total.cpuMs += r.cpuMs;
        }
      },
      async close() {
        await Promise.all(
          children.map(({ child }) => {
            child.stdin.end();
            return new Promise((resolve) => child.once('close', resolve));
          }),
        );
        await seed.close();
      },
    };
  };

  /** Emmett's PostgreSQL event store appending the same events (no load, no decision) to the same server. */
  const emmett = async (writers: number) => {
    const url = await createDatabase(`emmett_${writers}`);
    const peer = emmettPostgres().getPostgreSQLEventStore(url);
    const ids = sample();
    // Its schema is created on first use: not part of the timing.
    await peer.appendToStream(`warm-up-${randomUUID()}`, [{ type: 'WarmedUp', data: {} }]);
    let next = 0;
    const started = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: writers }, async () => {
        for (let n = next++; n < commands; n = next++)
          await peer.appendToStream(`recommendation-${ids[n % ids.length]}`, [
            {
              type: 'ProgressReported',
              data: progressReported(ids[n % ids.length]!, unitId, n, at),
            },
          ]);
      }),
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    await peer.close();
    return commands / seconds;
  };

  /**
   * The same rows straight into a table like the log's, one transaction per command, from
   * `connections` clients; `insert(ids, count)` answers the seconds it took.
   */
  const raw = async (connections: number) => {
    const url = await createDatabase(`raw_${connections}`);
    const setup = new Client({ connectionString: url });
    await setup.connect();
    await setup.query(`CREATE TABLE events (position bigserial PRIMARY KEY, stream_id text NOT NULL, revision bigint NOT NULL, event_id text NOT NULL,
      type text NOT NULL, data text NOT NULL, metadata text NOT NULL, prev_hash text NOT NULL, hash text NOT NULL, recorded_at timestamptz NOT NULL,
      UNIQUE (stream_id, revision), UNIQUE (stream_id, event_id))`);
    await setup.end();
    const clients = await Promise.all(
      Array.from({ length: connections }, async () => {
        const c = new Client({ connectionString: url });
        await c.connect();
        return c;
      }),
    );
    let revision = 0;
    return {
      async insert(ids: string[], count: number) {
        const inserts = (until: number) => {
          let next = 0;
          return Promise.all(
            clients.map(async (c) => {
              for (let n = next++; n < until; n = next++) {
                const row = rawProgressRow(ids[n % ids.length]!, unitId, n, at);
                await c.query('BEGIN');
                await c.query(
                  'INSERT INTO events (stream_id, revision, event_id, type, data, metadata, prev_hash, hash, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)',
                  [row.streamId, revision++, randomUUID(), 'ProgressReported', row.data, row.metadata, row.prevHash, row.hash, at],
                );
                await c.query('COMMIT');
              }
            }),
          );
        };
        // The same untimed lead-in as the write side's.
        await inserts(LEAD_IN);
        const started = process.hrtime.bigint();
        await inserts(count);
        return Number(process.hrtime.bigint() - started) / 1e9;
      },
      close: () => Promise.all(clients.map((c) => c.end())),
    };
  };

  const raw32 = await raw(32);
  const raw32Rate = commands / (await raw32.insert(sample(), commands));
  await raw32.close();
  const peers = { 1: await emmett(1), 32: await emmett(32) };
  const raw1 = await raw(1);
  let rawSeconds = 0;
  // The last row is one of the three replicas' share of the writers alone on the machine: its CPU
  // per command, against the three replicas', is what three processes sharing two cores cost.
  const rows = [await writeSide(1, 1), await writeSide(32, 1), await writeSide(32, 3), await writeSide(Math.ceil(32 / 3), 1)];
  // The disk's fsync time drifts by several times within a minute: the baseline and the rows take
  // turns in rounds, rotated each round and reversed every other one, so each sees the same disk on
  // average and none always follows the same neighbour (as the embedded append workload).
  const turns: Array<(ids: string[]) => Promise<void>> = [
    async (ids) => void (rawSeconds += await raw1.insert(ids, perRound)),
    ...rows.map((row) => (ids: string[]) => row.round(ids)),
  ];
  for (let round = 0; round < ROUNDS; round++) {
    const ids = sample();
    const order = turns.map((_, k) => turns[(round + k) % turns.length]!);
    for (const turn of round % 2 ? order.reverse() : order) await turn(ids);
  }
  for (const row of rows) await row.round(sample(), true);
  await raw1.close();
  await Promise.all(rows.map((row) => row.close()));
  const rawRate = commands / rawSeconds;
  const oneReplica32 = commands / rows[1]!.total.seconds;
  for (const { writers, replicas, total } of rows) {
    const rate = commands / total.seconds;
    const latencies = total.latencies.sort((a, b) => a - b);
    options.report('postgres-append', {
      writers,
      replicas,
      commands,
      rounds: ROUNDS,
      writeSidePerSec: Math.round(rate),
      rawInsertPerSec: Math.round(rawRate),
      ratioVsRaw: +(rate / rawRate).toFixed(2),
      raw32ConnectionsPerSec: Math.round(raw32Rate),
      ratioVsRaw32: +(rate / raw32Rate).toFixed(2),
      emmettPerSec: writers in peers ? Math.round(peers[writers as 1 | 32]) : null,
      ratioVsEmmett: writers in peers ? +(rate / peers[writers as 1 | 32]).toFixed(2) : null,
      ratioVsOneReplica: replicas === 1 ? null : +(rate / oneReplica32).toFixed(2),
      p50Ms: +percentile(latencies, 50).toFixed(2),
      p99Ms: +percentile(latencies, 99).toFixed(2),
      appendsPerCommit: +(commands / total.commits).toFixed(1),
      roundTripsPerCommand: +(total.roundTrips / commands).toFixed(2),
      writerCpuMsPerCommand: +(total.cpuMs / commands).toFixed(3),
      machineCpuBusy: +(total.machine.busy / total.machine.all).toFixed(2),
      ...averageWaits(total.waits),
      conflictRetries: total.conflicts,
      loadAverage: +os.loadavg()[0]!.toFixed(1),
    });
  }
}

async function analyze(url: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  await client.query('ANALYZE');
  await client.end();
}

/** The machine's CPU time so far (every core, in clock ticks): busy, and all of it. */
function machineCpu(): { busy: number; all: number } {
  const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).map(Number);
  const all = ticks.reduce((a, b) => a + b, 0);
  // idle and iowait are the fourth and fifth figures.
  return { busy: all - ticks[3]! - ticks[4]!, all };
}

/** The lines a child process writes, one at a time; rejects once it has exited. */
function lineReader(child: ChildProcess): () => Promise<string> {
  const lines: string[] = [];
  const waiting: { resolve(line: string): void; reject(error: Error): void }[] = [];
  let exited: Error | null = null;
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const w = waiting.shift();
    if (w) w.resolve(line);
    else lines.push(line);
  });
  child.once('exit', (code) => {
    exited = new Error(`a writer exited with ${code}`);
    for (const w of waiting.splice(0)) w.reject(exited);
  });
  return () => {
    if (lines.length > 0) return Promise.resolve(lines.shift()!);
    if (exited) return Promise.reject(exited);
    return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
  };
}

/**
 * The --events history copied into the empty PostgreSQL log as `npm run migrate-to-postgres` copies
 * an embedded log (ids, positions, metadata and hash chain kept, pages of multi-row inserts, each
 * page read back and compared). Returns the number of events.
 */
async function loadLog(history: string, url: string): Promise<number> {
  const embedded = new SqliteEventStore({ dataDir: history });
  const postgres = new PostgresEventStore({ connectionString: url });
  const started = process.hrtime.bigint();
  let shown = 0;
  const copy = await copyLogToPostgres(embedded, postgres, (copied) => {
    if (copied - shown < 100_000) return;
    shown = copied;
    console.log(`  copied ${copied} events into PostgreSQL`);
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(`  the log: ${copy.copied} events copied in ${seconds.toFixed(0)} s (${Math.round(copy.copied / seconds)} events/s)`);
  await Promise.all([embedded.close(), postgres.close()]);
  return copy.copied;
}

interface Waits {
  logLockWaiters: number;
  walFlushers: number;
  running: number;
  samples: number;
}

const emptyWaits = (): Waits => ({ logLockWaiters: 0, walFlushers: 0, running: 0, samples: 0 });

/** On average how many of the server's connections waited for a lock, for the WAL to reach the disk, or ran. */
function averageWaits({ samples, ...totals }: Waits): Record<string, number> {
  return Object.fromEntries(
    Object.entries(totals).map(([k, v]) => [`avg${k[0]!.toUpperCase()}${k.slice(1)}`, +(v / Math.max(samples, 1)).toFixed(2)]),
  );
}

/**
 * Where the server's connections are while the writers run, sampled every 10 ms from a connection of
 * its own into `totals`: how many wait for a lock (the log's end row, or the advisory lock of the
 * two-round-trip appends), for the WAL to reach the disk, or run. Their sum well under one means the
 * server mostly waits for its clients.
 */
async function sampleWaits(url: string, totals: Waits): Promise<{ stop(): Promise<void> }> {
  const monitor = new Client({ connectionString: url });
  await monitor.connect();
  let stopped = false;
  const sampling = (async () => {
    while (!stopped) {
      const { rows } = await monitor.query<{ lock: number; wal: number; running: number }>(
        `SELECT count(*) FILTER (WHERE wait_event_type = 'Lock')::int AS lock,
                count(*) FILTER (WHERE (wait_event_type = 'IO' AND wait_event LIKE 'WAL%') OR wait_event = 'WALWrite')::int AS wal,
                count(*) FILTER (WHERE wait_event IS NULL)::int AS running
           FROM pg_stat_activity WHERE backend_type = 'client backend' AND state = 'active' AND pid <> pg_backend_pid()`,
      );
      totals.logLockWaiters += rows[0]!.lock;
      totals.walFlushers += rows[0]!.wal;
      totals.running += rows[0]!.running;
      totals.samples++;
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await sampling;
      await monitor.end();
    },
  };
}

/**
 * A replica's catch-up from zero on the PostgreSQL log against the embedded replay of the same
 * events, then the oversight query mix on each of the two read models.
 */
async function catchUp(
  options: PostgresBenchOptions,
  url: string,
  history: string,
  summary: ReturnType<typeof generateHistory>,
  copied: number,
): Promise<void> {
  console.log('\nB. Catch-up from zero: a replica following the PostgreSQL log vs the embedded replay of the same log');
  const embedded = new SqliteEventStore({ dataDir: history });
  const postgres = new PostgresEventStore({ connectionString: url });
  const replay = async (events: EventStore, label: string) => {
    const dir = join(options.work, `catch-up-${label}-${randomUUID()}`);
    mkdirSync(dir, { recursive: true });
    const readModel = new ReadModelDb(dir);
    const projector = new Projector(events, readModel);
    const started = process.hrtime.bigint();
    await projector.start();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    await projector.stop();
    readModel.close();
    return { rate: copied / seconds, dir };
  };
  const fromEmbedded = await replay(embedded, 'embedded');
  const fromPostgres = await replay(postgres, 'postgres');
  options.report('postgres-catch-up', {
    events: copied,
    postgresEventsPerSec: Math.round(fromPostgres.rate),
    embeddedEventsPerSec: Math.round(fromEmbedded.rate),
    ratioVsEmbedded: +(fromPostgres.rate / fromEmbedded.rate).toFixed(2),
  });

  console.log('\nD. The oversight query mix on the PostgreSQL-fed read model vs the embedded one (same events, same SQL)');
  const mix = async (dir: string) => {
    const rm = new Database(join(dir, 'read-model.sqlite'), { readonly: true });
    const times = new Map<string, number>();
    for (const q of oversightMix(rm, embedded, summary)) {
      if (q.name.startsWith('floor')) continue;
      const samples: number[] = [];
      for (let i = 0; i < 60; i++) {
        const t = process.hrtime.bigint();
        await q.direct();
        if (i >= 10) samples.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
      times.set(
        q.name,
        percentile(
          samples.sort((a, b) => a - b),
          50,
        ),
      );
    }
    rm.close();
    return times;
  };
  // Interleaved twice, so neither side has the page cache to itself.
  const [e1, p1, e2, p2] = [
    await mix(fromEmbedded.dir),
    await mix(fromPostgres.dir),
    await mix(fromEmbedded.dir),
    await mix(fromPostgres.dir),
  ];
  for (const [name, e] of e1) {
    const embeddedMs = (e + e2.get(name)!) / 2;
    const postgresMs = (p1.get(name)! + p2.get(name)!) / 2;
    options.report('postgres-query-mix', {
      query: name,
      postgresFedP50Ms: +postgresMs.toFixed(2),
      embeddedP50Ms: +embeddedMs.toFixed(2),
      ratio: +(postgresMs / embeddedMs).toFixed(2),
    });
  }
  await Promise.all([embedded.close(), postgres.close()]);
}

/**
 * Time until a new replica serves, started from an empty data dir against started from a snapshot
 * of that replica (`npm run backup` at the head of the log, then `npm run restore` into a new data
 * dir; the restore is counted). Two moments each way: `/health` answers 200 (the read model has
 * caught up with the log) and the in-app list has too (the notifier's `governance_notifier_lag_events`
 * is 0): a replica whose list still replays the log shows users stale notifications.
 */
async function newReplica(options: PostgresBenchOptions, entry: string, url: string, events: number): Promise<void> {
  console.log('\nC. A new replica: time until it serves, from a read model snapshot vs from an empty data dir');
  const serve = async (dataDir: string, started: bigint) => {
    const since = () => Number(process.hrtime.bigint() - started) / 1e9;
    const { child, port } = await startService(entry, {
      GOVERNANCE_DATA_DIR: dataDir,
      POSTGRES_URL: url,
      AUTH_JWT_SECRET: options.secret,
      NOTIFY_ENABLED: 'false',
    });
    const answer = (path: string) =>
      fetch(`http://127.0.0.1:${port}${path}`).then(
        async (res) => (res.ok ? res.text() : null),
        () => null,
      );
    try {
      let healthy: number | undefined;
      for (;;) {
        if (child.exitCode !== null) throw new Error(`the replica exited with ${child.exitCode}`);
        if (healthy === undefined && (await answer('/health')) !== null) healthy = since();
        if (healthy !== undefined && /^governance_notifier_lag_events 0$/m.test((await answer('/metrics')) ?? ''))
          return { healthy, listed: since() };
        await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('close', r));
    }
  };
  const fromZeroDir = join(options.work, `from-zero-${randomUUID()}`);
  mkdirSync(fromZeroDir, { recursive: true });
  const fromZero = await serve(fromZeroDir, process.hrtime.bigint());
  console.log(
    `  from zero: serving after ${fromZero.healthy.toFixed(1)} s, its in-app list caught up after ${fromZero.listed.toFixed(1)} s`,
  );

  const log = new PostgresEventStore({ connectionString: url });
  const snapshot = join(options.work, `snapshot-${randomUUID()}`);
  await snapshotReadModel(fromZeroDir, snapshot, log);
  const restored = join(options.work, `from-snapshot-${randomUUID()}`);
  const started = process.hrtime.bigint();
  await restoreReadModel(snapshot, restored, log);
  const restoreSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  await log.close();
  const fromSnapshot = await serve(restored, started);
  options.report('postgres-new-replica', {
    events,
    fromSnapshotSeconds: +fromSnapshot.healthy.toFixed(1),
    restoreSeconds: +restoreSeconds.toFixed(1),
    fromZeroSeconds: +fromZero.healthy.toFixed(1),
    ratio: +(fromSnapshot.healthy / fromZero.healthy).toFixed(3),
    listFromSnapshotSeconds: +fromSnapshot.listed.toFixed(1),
    listFromZeroSeconds: +fromZero.listed.toFixed(1),
    listRatio: +(fromSnapshot.listed / fromZero.listed).toFixed(3),
    loadAverage: +os.loadavg()[0]!.toFixed(1),
  });
}

function emmettPostgres(): EmmettPostgres {
  const peer = createRequire(join(__dirname, 'emmett-postgresql', 'package.json'));
  try {
    return peer('@event-driven-io/emmett-postgresql') as EmmettPostgres;
  } catch (error) {
    throw new Error('@event-driven-io/emmett-postgresql is missing from bench/emmett-postgresql: run the benchmarks with `npm run bench`', {
      cause: error,
    });
  }
}
