import { EventStore } from './event-store.port';
import { ChainProblem, ChainVerifier } from './hash-chain';

export interface VerifyReport {
  checked: number;
  problems: ChainProblem[];
}

const PAGE = 5000;

/** Checks every stream's hash chain over the whole log, in pages so memory stays flat. */
export async function verifyStore(store: EventStore, onProgress?: (checked: number) => void): Promise<VerifyReport> {
  const verifier = new ChainVerifier();
  let after: bigint | undefined;
  for (;;) {
    const page = await store.readAll({ after, maxCount: PAGE });
    if (page.length === 0) break;
    // Reordering within a stream shows up as revisions out of order in the log.
    for (const event of page) verifier.check(event);
    after = page[page.length - 1]!.position;
    onProgress?.(verifier.checked);
  }
  return { checked: verifier.checked, problems: verifier.problems };
}
