// Appends in a loop and prints each acknowledged append as "ack <stream> <revision> <position>",
// until it is killed. The durability test kills it with SIGKILL at a random moment.
import { randomUUID } from 'node:crypto';
import { SqliteEventStore } from '../sqlite/sqlite-event-store';

const [dataDir] = process.argv.slice(2);
const store = new SqliteEventStore({ dataDir });

async function main() {
  for (let i = 0; ; i++) {
    const streamId = `recommendation-${i % 7}`;
    const batch = Array.from({ length: 1 + (i % 3) }, (_, j) => ({
      id: randomUUID(),
      type: 'ProgressReported',
      data: { i, j, note: 'Орындалуда – выполняется' },
    }));
    const result = await store.appendToStream(streamId, batch);
    process.stdout.write(`ack ${streamId} ${result.nextExpectedRevision} ${result.position} ${batch.length}\n`);
  }
}
main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
