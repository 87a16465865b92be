// Checks a stream's hash chain in the browser, the way libs/event-store/src/hash-chain.ts builds
// it: hash = sha256(prevHash \n type \n canonical JSON of data), the first prevHash all zeros.
import { GENESIS_HASH, canonicalJson } from '../../../../libs/event-store/src/canonical-json';

async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** For each event, whether its hash follows from the previous one; 'unavailable' without WebCrypto. */
export async function verifyChain(events: ReadonlyArray<{ type: string; data: string; hash: string }>): Promise<boolean[] | 'unavailable'> {
  if (!globalThis.crypto?.subtle) return 'unavailable';
  let prev = GENESIS_HASH;
  const result: boolean[] = [];
  for (const e of events) {
    const expected = await sha256Hex(`${prev}\n${e.type}\n${canonicalJson(JSON.parse(e.data))}`);
    result.push(expected === e.hash);
    prev = e.hash;
  }
  return result;
}
