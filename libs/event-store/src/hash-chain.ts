import { createHash } from 'node:crypto';

import { GENESIS_HASH, canonicalJson } from './canonical-json';

export { GENESIS_HASH, canonicalJson };

/** One `update` with the whole text: the same bytes as updating part by part, with one native call. */
export function chainHash(prevHash: string, type: string, data: unknown): string {
  return createHash('sha256')
    .update(`${prevHash}\n${type}\n${canonicalJson(data)}`)
    .digest('hex');
}

/** A stream's last revision and the hash of its last event: what its next event is numbered and chained after. */
export interface ChainHead {
  revision: bigint;
  hash: string;
}

/** An event to append, numbered in its stream and chained onto the event before it. */
export interface ChainedEvent<E> {
  event: E;
  revision: bigint;
  prevHash: string;
  hash: string;
}

/**
 * Numbers the events of one append after the stream's head and chains each onto the one before,
 * from revision 0 and the genesis hash when the stream is new; also gives the stream's head after
 * them (the head it had, or revision -1 and the genesis hash, when there are none).
 */
export function chainEvents<E extends { type: string; data: unknown }>(
  head: ChainHead | undefined,
  events: readonly E[],
): { chained: ChainedEvent<E>[]; head: ChainHead } {
  let revision = head?.revision ?? -1n;
  let prevHash = head?.hash ?? GENESIS_HASH;
  const chained = events.map((event) => {
    const hash = chainHash(prevHash, event.type, event.data);
    const link = { event, revision: ++revision, prevHash, hash };
    prevHash = hash;
    return link;
  });
  return { chained, head: { revision, hash: prevHash } };
}

export interface ChainLink {
  streamId: string;
  revision: bigint;
  position: bigint;
  type: string;
  data: unknown;
  metadata: { prevHash?: unknown; hash?: unknown };
}

export interface ChainProblem {
  streamId: string;
  revision: string;
  position: string;
  problem: 'EDITED' | 'MISSING_OR_REORDERED' | 'REVISION_GAP';
}

/**
 * Walks the log once in position order and checks every stream's chain: an edited event breaks
 * its own hash, a removed or reordered one breaks the next event's prevHash or the revision run.
 */
export class ChainVerifier {
  private readonly tails = new Map<string, { revision: bigint; hash: string }>();
  readonly problems: ChainProblem[] = [];
  checked = 0;

  check(link: ChainLink): void {
    this.checked++;
    const tail = this.tails.get(link.streamId);
    const expectedRevision = tail ? tail.revision + 1n : 0n;
    const at = { streamId: link.streamId, revision: link.revision.toString(), position: link.position.toString() };
    if (link.revision !== expectedRevision) this.problems.push({ ...at, problem: 'REVISION_GAP' });
    if (link.metadata.prevHash !== (tail?.hash ?? GENESIS_HASH)) this.problems.push({ ...at, problem: 'MISSING_OR_REORDERED' });
    const hash = chainHash(String(link.metadata.prevHash), link.type, link.data);
    if (hash !== link.metadata.hash) this.problems.push({ ...at, problem: 'EDITED' });
    this.tails.set(link.streamId, { revision: link.revision, hash: String(link.metadata.hash) });
  }
}
