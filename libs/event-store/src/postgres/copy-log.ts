import { EventStore } from '../event-store.port';
import { PostgresEventStore } from './postgres-event-store';

const PAGE = 5000;

/**
 * Copies a whole log into an empty PostgreSQL log keeping every event's id, position, revision,
 * metadata, hash and recorded time, so a read model built from the source stays valid against the
 * copy. Each page is one transaction; every copied event is read back and compared (position, id,
 * hash), and anything that differs stops the copy.
 */
export async function copyLogToPostgres(
  source: EventStore,
  target: PostgresEventStore,
  onProgress?: (copied: number) => void,
): Promise<{ copied: number; position: bigint }> {
  if ((await target.headPosition()) !== 0n)
    throw new Error('the PostgreSQL log is not empty: the embedded log can only move into an empty one');
  let after = 0n;
  let copied = 0;
  for (;;) {
    const page = await source.readAll({ after, maxCount: PAGE });
    if (page.length === 0) break;
    if (page[0]!.position !== after + 1n)
      throw new Error(`the log has a hole before position ${page[0]!.position}: positions could not be kept`);
    await target.appendBatch(
      page.map((e) => {
        const { prevHash: _prev, hash: _hash, ...metadata } = e.metadata;
        return {
          streamId: e.streamId,
          events: [{ id: e.id, type: e.type, data: e.data, metadata }],
          expectedRevision: e.revision === 0n ? ('no_stream' as const) : e.revision - 1n,
          recordedAt: new Date(e.recordedAt),
        };
      }),
    );
    const written = await target.readAll({ after, maxCount: PAGE });
    page.forEach((e, i) => {
      const w = written[i];
      if (!w || w.position !== e.position || w.id !== e.id || w.metadata.hash !== e.metadata.hash)
        throw new Error(`event at position ${e.position} (${e.streamId} revision ${e.revision}) did not copy identically`);
    });
    after = page[page.length - 1]!.position;
    copied += page.length;
    onProgress?.(copied);
  }
  return { copied, position: after };
}
