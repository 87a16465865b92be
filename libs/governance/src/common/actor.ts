/** Who is acting, from a verified token. Roles: admin, oversight, secretary:<bodyId>, unit:<unitId>. */
export interface Actor {
  sub: string;
  name: string;
  roles: string[];
}

export const ANONYMOUS: Actor = { sub: 'anonymous', name: 'Anonymous', roles: [] };

export const isAnonymous = (actor: Actor) => actor.sub === ANONYMOUS.sub;
export const hasRole = (actor: Actor, role: string) => actor.roles.includes(role);
export const scopedIds = (actor: Actor, prefix: 'secretary' | 'unit') =>
  actor.roles.filter((r) => r.startsWith(`${prefix}:`)).map((r) => r.slice(prefix.length + 1));

export interface CommandContext {
  actor: Actor;
  /** Client-chosen idempotency key: the same key on the same stream returns the first result. */
  commandId?: string;
  correlationId: string;
  causationId?: string;
  /** When pinned by the client, a conflict is returned instead of retried. */
  expectedRevision?: bigint;
  /** Business time of the command; the domain never reads the clock. */
  occurredAt: string;
}
