import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** What a public file reflects: the last log position that changed its data, and the moment it stands at. */
export interface Validators {
  /** Log position (decimal) stated in the X-Log-Position header. */
  position: bigint;
  /** The moment the content stands at: its Last-Modified. */
  lastModified: Date;
  /** Whatever else shapes the bytes (format, filters, language, day). */
  variant: string;
}

export const etagOf = (v: Validators) =>
  `"${v.position}-${createHash('sha256').update(`${v.variant}\n${v.lastModified.toISOString()}`).digest('base64url').slice(0, 16)}"`;

/** HTTP dates have whole seconds. */
const seconds = (d: Date) => Math.floor(d.getTime() / 1000);

/** RFC 9110 section 13: If-None-Match wins over If-Modified-Since; a weak match is enough for GET. */
function matches(req: IncomingMessage, etag: string, lastModified: Date): boolean {
  const noneMatch = req.headers['if-none-match'];
  if (noneMatch !== undefined)
    return noneMatch
      .split(',')
      .map((t) => t.trim().replace(/^W\//, ''))
      .some((t) => t === '*' || t === etag);
  const since = Date.parse(req.headers['if-modified-since'] ?? '');
  return !Number.isNaN(since) && seconds(lastModified) <= seconds(new Date(since));
}

/** States what the answer reflects (ETag, Last-Modified, X-Log-Position); returns the ETag. */
export function setValidators(res: ServerResponse, v: Validators): string {
  const etag = etagOf(v);
  res.setHeader('ETag', etag);
  res.setHeader('Last-Modified', v.lastModified.toUTCString());
  res.setHeader('Cache-Control', 'public, no-cache');
  res.setHeader('X-Log-Position', v.position.toString());
  return etag;
}

/**
 * Sets the validators and, when the client's copy is current, answers 304 and returns true: the
 * caller then builds nothing.
 */
export function answeredNotModified(req: IncomingMessage, res: ServerResponse, v: Validators): boolean {
  const etag = setValidators(res, v);
  if (!matches(req, etag, v.lastModified)) return false;
  res.statusCode = 304;
  res.end();
  return true;
}
