import { fromBuffer } from 'file-type';

/** How much of the start of a file the sniffer needs (file-type reads at most this many bytes). */
export const SNIFF_BYTES = 4100;

export const UNKNOWN_MEDIA_TYPE = 'application/octet-stream';

/**
 * The media type read off the content's own signature, never the client's word. Content with no
 * known signature (text, HTML, scripts) is application/octet-stream, so nothing is ever rendered.
 */
export async function sniffMediaType(head: Buffer): Promise<string> {
  if (head.length === 0) return UNKNOWN_MEDIA_TYPE;
  return (await fromBuffer(head))?.mime ?? UNKNOWN_MEDIA_TYPE;
}
