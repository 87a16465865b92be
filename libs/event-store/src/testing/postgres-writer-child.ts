// One writer process of the multi-process ordering test: eight concurrent writers in this process
// (so group commit puts several appends in one transaction) append `count` appends in all to
// streams of their own and streams shared with the other processes, print each acknowledged one as
// "ack <stream> <revision> <position> <events>", and exit.
import { randomUUID } from 'node:crypto';
import { PostgresEventStore } from '../postgres/postgres-event-store';

const WRITERS = 8;
const [connectionString, name, count] = process.argv.slice(2) as [string, string, string];
const store = new PostgresEventStore({ connectionString });
let left = Number(count);

async function writer(w: number) {
  for (let i = 0; left-- > 0; i++) {
    // Every other append to a stream of this writer's own, whose head it knows: those take the one
    // round trip, racing the other processes' for the log's end; the rest race on shared streams.
    const streamId = i % 2 ? `own-${name}-${w}` : `recommendation-${(w + i) % 5}`;
    const batch = Array.from({ length: 1 + (i % 3) }, (_, j) => ({ id: randomUUID(), type: 'ProgressReported', data: { name, w, i, j } }));
    const result = await store.appendToStream(streamId, batch);
    process.stdout.write(`ack ${streamId} ${result.nextExpectedRevision} ${result.position} ${batch.length}\n`);
  }
}

Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)))
  .then(() => store.close())
  .catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
