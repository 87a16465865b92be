import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@gov/event-store';
import { ReadModelEvent } from '../projection';
import { Projector } from '../projector';
import { ReadModelDb } from '../read-model-db';

/** Appends events (each with the metadata the write side would record, if given) to a stream; resolves to the last one's position. */
export type Append = (streamId: string, ...events: Array<ReadModelEvent & { metadata?: Record<string, unknown> }>) => Promise<bigint>;

/**
 * Writes events to a fresh log and projects them both ways a read model is made: live, each append
 * waited for as it is written, and by a replay from zero afterwards. `check` sees each read model.
 */
export async function projectBothWays(
  write: (append: Append) => Promise<void>,
  check: (readModel: ReadModelDb, how: 'live' | 'replayed') => void,
): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'gov-projection-'));
  const events = new SqliteEventStore({ dataDir: dir });
  const live = new ReadModelDb(dir, join(dir, 'live.sqlite'));
  const replayed = new ReadModelDb(dir, join(dir, 'replayed.sqlite'));
  try {
    const following = new Projector(events, live);
    await following.start();
    await write(async (streamId, ...written) => {
      const { position } = await events.appendToStream(
        streamId,
        written.map((e) => ({ id: randomUUID(), type: e.type, data: e.data, metadata: e.metadata })),
      );
      await following.waitFor(position);
      return position;
    });
    await following.stop();
    const replaying = new Projector(events, replayed);
    await replaying.start();
    await replaying.stop();
    check(live, 'live');
    check(replayed, 'replayed');
  } finally {
    live.close();
    replayed.close();
    await events.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
