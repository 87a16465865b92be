import { EventMetadata, RecordedEvent } from './event-store.port';

/** A stored event as the stores hand it out, with its metadata parsed only when first asked for. */
export function recorded(
  position: number | string,
  streamId: string,
  revision: number | string,
  id: string,
  type: string,
  data: string,
  recordedAt: string,
  loadMetadata: () => EventMetadata,
): RecordedEvent {
  let metadata: EventMetadata | undefined;
  return {
    streamId,
    id,
    type,
    revision: BigInt(revision),
    position: BigInt(position),
    data: JSON.parse(data) as Record<string, unknown>,
    // Parsed on first use: a replay reads millions of events and rarely looks at their metadata.
    get metadata() {
      return (metadata ??= loadMetadata());
    },
    recordedAt,
  };
}

/** The write side's metadata as stored (JSON text) with the chain's two hashes kept in their own columns. */
export const metadataOf = (row: { metadata: string; prev_hash: string; hash: string }): EventMetadata => ({
  ...(JSON.parse(row.metadata) as Record<string, unknown>),
  prevHash: row.prev_hash,
  hash: row.hash,
});
