// One API replica's write side in its own process, for `npm run bench -- --store postgres`: its own
// PostgresEventStore (pool, group commit) and `writers` clients reporting progress through the
// write side. Says "ready" once connected and warmed up. Then, for each line of JSON its parent
// writes: a lead-in (`{ "leadIn": true }`), untimed, answered "ready"; or a round (the round's
// recommendations and commands), of which it runs its share and answers a line of JSON
// (WriterResult). Exits when its input ends.
import { createInterface } from 'node:readline';
import { randomUUID } from 'node:crypto';
import { PostgresEventStore } from '../libs/event-store/src/postgres/postgres-event-store';
import { AggregateStore, aggregate } from '@gov/governance';
import { acceptedRecommendations } from './accepted-recommendations';

/**
 * Commands each replica runs before the timed rounds, in rounds shaped as those are. A serving
 * replica's code has long been compiled by V8's optimising tier; a new process's has not: measured
 * here, one writer's CPU per command fell from 1.1 ms over its first 400 commands to 0.2–0.25 ms
 * after about 5 000, and held from there.
 */
const WARM_UP = 8000;
const WARM_ROUND = 1000;

export interface WriterTask {
  url: string;
  unitId: string;
  at: string;
  writers: number;
  /** The commands this replica runs of a round: numbers `replica`, `replica + replicas`, … below the round's `commands`. */
  replica: number;
  replicas: number;
  /** Commands of each lead-in (`LEAD_IN`, postgres.ts). */
  leadIn: number;
}

/** One round: recommendations the parent has just seeded (unknown to every replica), and how many commands. */
export interface WriterRound {
  ids: string[];
  commands: number;
}

/** What the parent writes, a line each: a round, or a lead-in to it. */
export type WriterMessage = WriterRound | { leadIn: true };

export interface WriterResult {
  latencies: number[];
  conflicts: number;
  commits: number;
  /** To the server, the loads' and the appends' (a group's are shared by its appends). */
  roundTrips: number;
  /** This process's CPU time (user and system) over the round. */
  cpuMs: number;
}

async function main(task: WriterTask): Promise<void> {
  const store = new PostgresEventStore({ connectionString: task.url });
  await store.ready();
  const aggregates = new AggregateStore(store);
  const ctx = {
    actor: { sub: 'officer', name: 'Officer', roles: [`unit:${task.unitId}`] },
    correlationId: randomUUID(),
    occurredAt: task.at,
  };
  let conflicts = 0;
  const report = (id: string, n: number, note: string) =>
    aggregates.execute(aggregate.recommendation, id, ctx, () => ({ role: `unit:${task.unitId}` }), {
      type: 'ReportProgress',
      data: () => ({ unitId: task.unitId, percent: n % 100, note, evidence: [], at: task.at }),
    });
  /** `writers` clients taking the numbers `from`, `from + step`, … below `until`; each command retried on a conflict, as a client would. */
  const run = (from: number, step: number, until: number, command: (n: number) => Promise<unknown>) => {
    let next = from;
    return Promise.all(
      Array.from({ length: task.writers }, async () => {
        for (let n = next; n < until; n = next) {
          next += step;
          for (;;) {
            try {
              await command(n);
              break;
            } catch (error) {
              // Two writers (or replicas) may load the same stream at once; the loser tries again.
              if ((error as { code?: string }).code !== 'CONFLICT') throw error;
              conflicts++;
            }
          }
        }
      }),
    );
  };
  // Untimed commands as the timed rounds run them, on recommendations of this process's own, seeded
  // through another store as the parent seeds the timed ones: loading a stream unknown to this
  // replica is exercised too.
  const seeder = new PostgresEventStore({ connectionString: task.url });
  const untimed = async (commands: number) => {
    const ids = Array.from({ length: commands / 2 }, () => randomUUID());
    await seeder.appendBatch(acceptedRecommendations(task.unitId, ids, task.at));
    await run(0, 1, commands, (n) => report(ids[n % ids.length]!, n, 'Прогрев'));
  };
  // Warmed up before the timed rounds, as a serving replica is: its code compiled by V8, its connections pooled.
  for (let done = 0; done < WARM_UP; done += WARM_ROUND) await untimed(WARM_ROUND);
  console.log('ready');
  for await (const line of createInterface({ input: process.stdin })) {
    const round = JSON.parse(line) as WriterMessage;
    if ('leadIn' in round) {
      await untimed(task.leadIn);
      console.log('ready');
      continue;
    }
    const before = store.stats();
    const cpu = process.cpuUsage();
    conflicts = 0;
    const latencies: number[] = [];
    await run(task.replica, task.replicas, round.commands, async (n) => {
      const sent = process.hrtime.bigint();
      await report(round.ids[n % round.ids.length]!, n, 'Ход исполнения: проведено обучение');
      latencies.push(Number(process.hrtime.bigint() - sent) / 1e6);
    });
    const done = store.stats();
    const { user, system } = process.cpuUsage(cpu);
    const result: WriterResult = {
      latencies,
      conflicts,
      commits: done.commits - before.commits,
      roundTrips: done.roundTrips - before.roundTrips,
      cpuMs: (user + system) / 1000,
    };
    console.log(JSON.stringify(result));
  }
  await Promise.all([seeder.close(), store.close()]);
}

main(JSON.parse(process.argv[2]!) as WriterTask).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
