import { SqliteEventStore } from '@gov/event-store';
import { Projector, ReadModelDb } from '@gov/read-model';
import { rmSync } from 'node:fs';
const dir = process.argv[2];
rmSync(`${dir}/read-model.sqlite`, { force: true });
rmSync(`${dir}/read-model.sqlite-wal`, { force: true });
async function main() {
  const store = new SqliteEventStore({ dataDir: dir });
  const rm = new ReadModelDb(dir);
  const p = new Projector(store, rm);
  const t = Date.now();
  await p.start();
  await p.stop();
  console.log('rebuild', (Date.now() - t) / 1000, 's', p.position);
}
main();
