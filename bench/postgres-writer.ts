// One API replica's write side in its own process, for `npm run bench -- --store postgres`: its own
// PostgresEventStore (pool, group commit) and `writers` clients reporting progress through the
// write side. Says "ready" once connected, starts on "go" from its parent, and answers its latencies.
import { createInterface } from 'node:readline';
import { randomUUID } from 'node:crypto';
import { PostgresEventStore } from '../libs/event-store/src/postgres/postgres-event-store';
import { AggregateStore, aggregate } from '@gov/governance';
import { acceptedRecommendations } from './accepted-recommendations';

const WARM_UP = 400;
const WARM_STREAMS = 100;

export interface WriterTask {
  url: string;
  unitId: string;
  ids: string[];
  at: string;
  writers: number;
  /** The commands this replica runs: numbers `replica`, `replica + replicas`, … below `commands`. */
  replica: number;
  replicas: number;
  commands: number;
}

export interface WriterResult {
  latencies: number[];
  conflicts: number;
  commits: number;
  /** To the server, the loads' and the appends' (a group's are shared by its appends). */
  roundTrips: number;
  /** This process's CPU time (user and system) over the timed run. */
  cpuMs: number;
}

async function main(task: WriterTask): Promise<WriterResult> {
  const store = new PostgresEventStore({ connectionString: task.url });
  await store.ready();
  const aggregates = new AggregateStore(store);
  const ctx = {
    actor: { sub: 'officer', name: 'Officer', roles: [`unit:${task.unitId}`] },
    correlationId: randomUUID(),
    occurredAt: task.at,
  };
  // Warmed up before the timed run, as a serving replica is: its code compiled by V8 (30 commands
  // left most of the timed run to cold code, while the raw baseline runs in the long-lived parent),
  // its connections pooled. On recommendations of its own, so the timed streams start unknown to it.
  const warmIds = Array.from({ length: WARM_STREAMS }, () => randomUUID());
  await store.appendBatch(acceptedRecommendations(task.unitId, warmIds, task.at));
  let warming = 0;
  await Promise.all(
    Array.from({ length: task.writers }, async () => {
      for (let n = warming++; n < WARM_UP; n = warming++)
        for (;;) {
          try {
            await aggregates.execute(aggregate.recommendation, warmIds[n % WARM_STREAMS]!, ctx, () => ({ role: `unit:${task.unitId}` }), {
              type: 'ReportProgress',
              data: () => ({ unitId: task.unitId, percent: n % 100, note: 'Прогрев', evidence: [], at: task.at }),
            });
            break;
          } catch (error) {
            if ((error as { code?: string }).code !== 'CONFLICT') throw error;
          }
        }
    }),
  );
  const warm = store.stats();
  console.log('ready');
  await new Promise<void>((resolve) => createInterface({ input: process.stdin }).once('line', () => resolve()));
  const cpu = process.cpuUsage();
  const latencies: number[] = [];
  let conflicts = 0;
  let next = task.replica;
  await Promise.all(
    Array.from({ length: task.writers }, async () => {
      for (let n = next; n < task.commands; n = next) {
        next += task.replicas;
        const id = task.ids[n % task.ids.length]!;
        const sent = process.hrtime.bigint();
        for (;;) {
          try {
            await aggregates.execute(aggregate.recommendation, id, ctx, () => ({ role: `unit:${task.unitId}` }), {
              type: 'ReportProgress',
              data: () => ({
                unitId: task.unitId,
                percent: n % 100,
                note: 'Ход исполнения: проведено обучение',
                evidence: [],
                at: task.at,
              }),
            });
            break;
          } catch (error) {
            // Two writers (or replicas) may load the same stream at once; the loser retries, as a client would.
            if ((error as { code?: string }).code !== 'CONFLICT') throw error;
            conflicts++;
          }
        }
        latencies.push(Number(process.hrtime.bigint() - sent) / 1e6);
      }
    }),
  );
  const done = store.stats();
  const { user, system } = process.cpuUsage(cpu);
  await store.close();
  return {
    latencies,
    conflicts,
    commits: done.commits - warm.commits,
    roundTrips: done.roundTrips - warm.roundTrips,
    cpuMs: (user + system) / 1000,
  };
}

main(JSON.parse(process.argv[2]!) as WriterTask).then(
  (result) => console.log(JSON.stringify(result)),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
