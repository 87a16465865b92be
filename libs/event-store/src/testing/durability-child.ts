// Appends from several concurrent writers (so group commit puts many appends in one transaction)
// and prints each acknowledged append as "ack <stream> <revision> <position> <count>", until it is
// killed. The durability test kills it with SIGKILL at a random moment.
import { randomUUID } from 'node:crypto';
import { SqliteEventStore } from '../sqlite/sqlite-event-store';

const WRITERS = 8;
const [dataDir] = process.argv.slice(2);
const store = new SqliteEventStore({ dataDir });

async function writer(w: number) {
  for (let i = 0; ; i++) {
    // Seven streams shared by eight writers: appends to one stream often land in the same group.
    const streamId = `recommendation-${(w + i) % 7}`;
    const batch = Array.from({ length: 1 + (i % 3) }, (_, j) => ({
      id: randomUUID(),
      type: 'ProgressReported',
      data: { w, i, j, note: 'Орындалуда – выполняется' },
    }));
    const result = await store.appendToStream(streamId, batch);
    process.stdout.write(`ack ${streamId} ${result.nextExpectedRevision} ${result.position} ${batch.length}\n`);
  }
}

Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w))).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
