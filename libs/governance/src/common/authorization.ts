import { Actor, hasRole, isAnonymous, scopedIds } from './actor';
import { forbidden, unauthenticated } from './errors';

/** What a write check grants: the role relied on, which goes into the event's metadata. */
export interface Grant {
  role: string;
}

/** A grant to act for one police unit. */
export interface UnitGrant extends Grant {
  unitId: string;
}

function requireSignedIn(actor: Actor): void {
  if (isAnonymous(actor)) throw unauthenticated();
}

export function requireAdmin(actor: Actor): Grant {
  requireSignedIn(actor);
  if (!hasRole(actor, 'admin')) throw forbidden('only an administrator may manage units and bodies');
  return { role: 'admin' };
}

export function requireSecretaryOf(actor: Actor, bodyId: string | null): Grant {
  requireSignedIn(actor);
  const role = `secretary:${bodyId}`;
  if (!bodyId || !hasRole(actor, role)) throw forbidden('only the secretary of this body may do this');
  return { role };
}

export function requireAdminOrSecretaryOf(actor: Actor, bodyId: string | null): Grant {
  requireSignedIn(actor);
  if (hasRole(actor, 'admin')) return { role: 'admin' };
  return requireSecretaryOf(actor, bodyId);
}

/**
 * The unit the caller acts for: the one named, which the token must carry, or the token's only
 * unit. Whether that unit is responsible for the recommendation is the domain's rule.
 */
export function requireActingUnit(actor: Actor, unitId: string | null | undefined): UnitGrant {
  requireSignedIn(actor);
  const units = scopedIds(actor, 'unit');
  const chosen = unitId ?? (units.length === 1 ? units[0] : null);
  if (!chosen)
    throw forbidden(units.length === 0 ? 'only a responsible police unit may do this' : 'name the unit you act for (actingUnitId)');
  if (!units.includes(chosen)) throw forbidden(`your token does not act for unit ${chosen}`);
  return { unitId: chosen, role: `unit:${chosen}` };
}

/** Comments come from the body's secretary or from a responsible unit. */
export function requireCommenter(
  actor: Actor,
  bodyId: string | null,
  unitId: string | null | undefined,
): Grant & { unitId: string | null } {
  requireSignedIn(actor);
  if (!unitId && bodyId && hasRole(actor, `secretary:${bodyId}`)) return { unitId: null, role: `secretary:${bodyId}` };
  return requireActingUnit(actor, unitId);
}

/** Reads beyond published meetings need a token of any role. */
export function canReadAll(actor: Actor): boolean {
  return !isAnonymous(actor) && actor.roles.length > 0;
}
