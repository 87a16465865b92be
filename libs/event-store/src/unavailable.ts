/** Why a file cannot serve now: a condition of the machine or the data, not of the request. */
export type UnavailableReason = 'DISK_FULL' | 'READ_ONLY' | 'IO_ERROR' | 'LOCKED' | 'DAMAGED' | 'UNREACHABLE';

const DESCRIPTION: Record<UnavailableReason, string> = {
  DISK_FULL: 'the disk is full',
  READ_ONLY: 'its file cannot be written',
  IO_ERROR: 'the disk failed to read or write',
  LOCKED: 'another process holds its lock',
  DAMAGED: 'its file is damaged and is being rebuilt',
  UNREACHABLE: 'its server cannot be reached',
};

/**
 * The event log, the read model or the evidence store cannot answer now; the same request may
 * succeed later (space freed, the read model rebuilt, the server back). Clients see `UNAVAILABLE`
 * with the reason, gRPC its UNAVAILABLE status. An append that failed as UNREACHABLE may or may not
 * have been stored: a retry with the same event ids is answered as the original, never stored twice.
 */
export class UnavailableError extends Error {
  readonly code = 'UNAVAILABLE';
  constructor(
    /** What cannot serve: 'event log', 'read model' or 'evidence store'. */
    readonly resource: string,
    readonly reason: UnavailableReason,
    /** The underlying error's message, for the operator's log and /health. */
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(`the ${resource} is unavailable: ${DESCRIPTION[reason]}; retry later`, options);
    this.name = 'UnavailableError';
  }
}

/** The machine condition a SQLite error reports, or undefined for one that belongs to the request or the code. */
export function sqliteFault(error: unknown): UnavailableReason | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return undefined;
  if (code === 'SQLITE_FULL') return 'DISK_FULL';
  if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN') || code === 'SQLITE_PERM') return 'READ_ONLY';
  if (code.startsWith('SQLITE_IOERR')) return 'IO_ERROR';
  if (code.startsWith('SQLITE_BUSY')) return 'LOCKED';
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return 'DAMAGED';
  return undefined;
}
