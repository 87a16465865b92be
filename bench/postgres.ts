// npm run bench -- --store postgres: the event log on PostgreSQL, against same-run baselines on a
// throwaway cluster of the bench's own (fsync on: a commit has reached the disk, as in production).
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { EventStore, SqliteEventStore } from '@gov/event-store';
import { copyLogToPostgres } from '../libs/event-store/src/postgres/copy-log';
import { PostgresEventStore } from '../libs/event-store/src/postgres/postgres-event-store';
import { startPostgresCluster } from '../libs/event-store/src/testing/postgres-cluster';
import { AggregateStore, aggregate } from '@gov/governance';
import { Projector, ReadModelDb } from '@gov/read-model';
import { acceptedRecommendations } from './accepted-recommendations';
import { percentile } from './oversight-mix';

type Row = Record<string, string | number | null>;

export interface PostgresBenchOptions {
  commands: number;
  /** The generated history (an embedded data dir) the catch-up rows replay; absent, they are left out. */
  history?: string;
  work: string;
  report(workload: string, row: Row): void;
}

const RECS = 500;

export async function postgresWorkload(options: PostgresBenchOptions): Promise<void> {
  const cluster = await startPostgresCluster({ fsync: true });
  try {
    await appends(options, cluster.createDatabase.bind(cluster));
    if (options.history) await catchUp(options, await cluster.createDatabase('catch_up'), options.history);
  } finally {
    await cluster.destroy();
  }
}

async function appends(options: PostgresBenchOptions, createDatabase: (label: string) => Promise<string>): Promise<void> {
  console.log('\nA. Append on PostgreSQL: commands through the write side vs raw inserts, one transaction per command');
  const ids = Array.from({ length: RECS }, () => randomUUID());
  const unitId = randomUUID();
  const at = new Date().toISOString();
  const commands = options.commands;

  /** Load, decide, append: `writers` clients spread over `replicas` stores (each its own pool and group commit). */
  const writeSide = async (writers: number, replicas: number) => {
    const url = await createDatabase(`append_${writers}_${replicas}`);
    const stores = Array.from({ length: replicas }, () => new PostgresEventStore({ connectionString: url }));
    await stores[0]!.appendBatch(acceptedRecommendations(unitId, ids, at));
    const ctx = { actor: { sub: 'officer', name: 'Officer', roles: [`unit:${unitId}`] }, correlationId: randomUUID(), occurredAt: at };
    const aggregates = stores.map((s) => new AggregateStore(s));
    const latencies: number[] = [];
    let next = 0;
    let conflicts = 0;
    const started = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        for (let n = next++; n < commands; n = next++) {
          const id = ids[n % RECS]!;
          const sent = process.hrtime.bigint();
          for (;;) {
            try {
              await aggregates[w % replicas]!.execute(aggregate.recommendation, id, ctx, () => ({ role: `unit:${unitId}` }), {
                type: 'ReportProgress',
                data: () => ({ unitId, percent: n % 100, note: 'Ход исполнения: проведено обучение', evidence: [], at }),
              });
              break;
            } catch (error) {
              // Two replicas may load the same stream at once; the loser retries, as a client would.
              if ((error as { code?: string }).code !== 'CONFLICT') throw error;
              conflicts++;
            }
          }
          latencies.push(Number(process.hrtime.bigint() - sent) / 1e6);
        }
      }),
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const commits = stores.reduce((sum, s) => sum + s.commitCount(), 0) - 1;
    await Promise.all(stores.map((s) => s.close()));
    latencies.sort((a, b) => a - b);
    return { rate: commands / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), commits, conflicts };
  };

  /** The same rows straight into a table like the log's, one transaction per command, from `connections` clients. */
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
    let next = 0;
    const started = process.hrtime.bigint();
    await Promise.all(
      clients.map(async (c) => {
        for (let n = next++; n < commands; n = next++) {
          await c.query('BEGIN');
          await c.query(
            'INSERT INTO events (stream_id, revision, event_id, type, data, metadata, prev_hash, hash, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)',
            [
              `recommendation-${ids[n % RECS]}`,
              n,
              randomUUID(),
              'ProgressReported',
              JSON.stringify({
                recommendationId: ids[n % RECS],
                unitId,
                percent: n % 100,
                note: 'Ход исполнения: проведено обучение',
                evidence: [],
                at,
              }),
              JSON.stringify({
                actor: { sub: 'officer', name: 'Officer', role: `unit:${unitId}` },
                commandType: 'ReportProgress',
                occurredAt: at,
              }),
              '0'.repeat(64),
              'f'.repeat(64),
              at,
            ],
          );
          await c.query('COMMIT');
        }
      }),
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    await Promise.all(clients.map((c) => c.end()));
    return commands / seconds;
  };

  const raw1 = await raw(1);
  const raw32 = await raw(32);
  for (const [writers, replicas] of [
    [1, 1],
    [32, 1],
    [32, 3],
  ] as const) {
    const r = await writeSide(writers, replicas);
    options.report('postgres-append', {
      writers,
      replicas,
      commands,
      writeSidePerSec: Math.round(r.rate),
      rawInsertPerSec: Math.round(raw1),
      ratioVsRaw: +(r.rate / raw1).toFixed(2),
      raw32ConnectionsPerSec: Math.round(raw32),
      ratioVsRaw32: +(r.rate / raw32).toFixed(2),
      p50Ms: +r.p50.toFixed(2),
      p99Ms: +r.p99.toFixed(2),
      appendsPerCommit: +(commands / r.commits).toFixed(1),
      conflictRetries: r.conflicts,
    });
  }
}

/** A replica's catch-up from zero on the PostgreSQL log against the embedded replay of the same events. */
async function catchUp(options: PostgresBenchOptions, url: string, history: string): Promise<void> {
  console.log('\nB. Catch-up from zero: a replica following the PostgreSQL log vs the embedded replay of the same log');
  const embedded = new SqliteEventStore({ dataDir: history });
  const postgres = new PostgresEventStore({ connectionString: url });
  const copy = await copyLogToPostgres(embedded, postgres);
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
    return copy.copied / seconds;
  };
  const embeddedRate = await replay(embedded, 'embedded');
  const postgresRate = await replay(postgres, 'postgres');
  options.report('postgres-catch-up', {
    events: copy.copied,
    postgresEventsPerSec: Math.round(postgresRate),
    embeddedEventsPerSec: Math.round(embeddedRate),
    ratioVsEmbedded: +(postgresRate / embeddedRate).toFixed(2),
  });
  await Promise.all([embedded.close(), postgres.close()]);
}
