import { Actor, canReadAll, unauthenticated } from '@gov/governance';

/** Anonymous readers see published meetings and their recommendations; the rest needs a token. */
export function requireReader(actor: Actor): void {
  if (!canReadAll(actor))
    throw unauthenticated('sign in to read this: anonymous readers see published meetings and their recommendations only');
}

export const publishedOnly = (actor: Actor) => !canReadAll(actor);
