import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@gov/event-store';
import { Projector } from '../projector';
import { ReadModelDb } from '../read-model-db';

/**
 * A log in a temporary dir, written by `write`, and a read model projected from it; `close`
 * closes both and removes the dir.
 */
export async function projectedLog(
  write: (events: SqliteEventStore) => Promise<void>,
): Promise<{ events: SqliteEventStore; readModel: ReadModelDb; close: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'gov-projected-'));
  const events = new SqliteEventStore({ dataDir: dir });
  const readModel = new ReadModelDb(dir);
  await write(events);
  const projector = new Projector(events, readModel);
  await projector.start();
  await projector.stop();
  return {
    events,
    readModel,
    close: async () => {
      readModel.close();
      await events.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
