import { createHash } from 'node:crypto';
import { FileTooLargeError } from './file-store.port';
import { SNIFF_BYTES, sniffMediaType } from './sniff';

export interface Received {
  sha256: string;
  size: number;
  mediaType: string;
}

/**
 * Reads an upload through once, whichever store keeps it: hashes it, holds it to `maxBytes`
 * (FileTooLargeError, reading no further), keeps its head for the sniffer, and hands each chunk to
 * `write` in order.
 */
export async function receive(source: AsyncIterable<Buffer>, maxBytes: number, write: (chunk: Buffer) => Promise<void>): Promise<Received> {
  const hash = createHash('sha256');
  const head: Buffer[] = [];
  let headBytes = 0;
  let size = 0;
  for await (const chunk of source) {
    size += chunk.length;
    if (size > maxBytes) throw new FileTooLargeError(maxBytes);
    hash.update(chunk);
    if (headBytes < SNIFF_BYTES) {
      head.push(chunk.subarray(0, SNIFF_BYTES - headBytes));
      headBytes += Math.min(chunk.length, SNIFF_BYTES - headBytes);
    }
    await write(chunk);
  }
  return { sha256: hash.digest('hex'), size, mediaType: await sniffMediaType(Buffer.concat(head)) };
}
