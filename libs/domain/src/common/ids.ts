import { DomainErrorCode, fail } from './domain-error';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

export function requireId(field: string, value: string | undefined): string {
  if (typeof value !== 'string' || !UUID.test(value)) {
    fail(DomainErrorCode.VALIDATION_FAILED, `${field} must be a UUID`, { field });
  }
  return value.toLowerCase();
}

export const STREAM_KINDS = ['unit', 'body', 'meeting', 'recommendation'] as const;
export type StreamKind = (typeof STREAM_KINDS)[number];

/** The stream that holds one aggregate's events. */
export const streamIds: Record<StreamKind, (id: string) => string> = {
  unit: (id) => `unit-${id}`,
  body: (id) => `body-${id}`,
  meeting: (id) => `meeting-${id}`,
  recommendation: (id) => `recommendation-${id}`,
};

/** The aggregate and entity id of a stream `streamIds` built; null for any other stream (notifications, system streams). */
export function parseStreamId(streamId: string): { kind: StreamKind; id: string } | null {
  for (const kind of STREAM_KINDS)
    if (streamId.length > kind.length + 1 && streamId.startsWith(kind) && streamId[kind.length] === '-')
      return { kind, id: streamId.slice(kind.length + 1) };
  return null;
}
