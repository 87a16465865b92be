import { createHash } from 'node:crypto';
import { upcasters } from './upcast';

/** Who caused an event: the verified person, and the role the write check relied on (null for system actors). */
export type RecordedActor = { sub: string; name: string; roles: string[]; role: string | null };

/** What the write side records beside every event it appends; the store adds the hash chain. */
export type GovernanceMetadata = {
  actor: RecordedActor;
  /** The client's idempotency key, when it sent one. */
  commandId: string | null;
  commandType: string;
  correlationId: string;
  causationId: string;
  /** Business time of the command. */
  occurredAt: string;
  /** The event type's schema version when written, for the upcasters. */
  schemaVersion: number;
};

/** The metadata of one event of `eventType` caused as `cause` says; the schema version is the type's current one. */
export function governanceMetadata(cause: Omit<GovernanceMetadata, 'schemaVersion'>, eventType: string): GovernanceMetadata {
  return { ...cause, schemaVersion: upcasters.currentVersion(eventType) };
}

/**
 * The metadata as read back from any stored event, each field checked: events written by tests,
 * imports or an older version may lack some, and a field of the wrong type counts as absent.
 */
export function readGovernanceMetadata(stored: Record<string, unknown>): Partial<GovernanceMetadata> {
  const read: Partial<GovernanceMetadata> = {};
  const actor = actorIn(stored.actor);
  if (actor) read.actor = actor;
  if (typeof stored.commandId === 'string' || stored.commandId === null) read.commandId = stored.commandId;
  for (const key of ['commandType', 'correlationId', 'causationId', 'occurredAt'] as const) {
    const value = stored[key];
    if (typeof value === 'string') read[key] = value;
  }
  if (typeof stored.schemaVersion === 'number') read.schemaVersion = stored.schemaVersion;
  return read;
}

function actorIn(value: unknown): RecordedActor | null {
  if (typeof value !== 'object' || value === null || !('sub' in value) || typeof value.sub !== 'string') return null;
  const name = 'name' in value && typeof value.name === 'string' ? value.name : value.sub;
  const roles = 'roles' in value && Array.isArray(value.roles) ? value.roles.filter((r): r is string => typeof r === 'string') : [];
  const role = 'role' in value && typeof value.role === 'string' ? value.role : null;
  return { sub: value.sub, name, roles, role };
}

/**
 * A UUID laid out name-based (version 5 style) from a seed: the same seed always names the same
 * event or entity, so a retried command, a replay or a second replica computes the same id.
 */
export function nameUuid(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
