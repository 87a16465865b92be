import { Actor } from './actor';
import { canReadAll } from './authorization';

/**
 * What the public sees of people (docs/architecture.md, "Who may read what"): which unit or body acted, not the personal
 * names of police officers or token subjects, unless the deployment shows them
 * (PUBLIC_SHOW_PERSON_NAMES). Members of a body are public by name and role and stay so.
 */
export const seesPersonNames = (actor: Actor, showToPublic: boolean): boolean => canReadAll(actor) || showToPublic;

/** A guest as a reader sees them: the name may be withheld. */
export type GuestSeen<G extends { fullName: string | null }> = Omit<G, 'fullName'> & { fullName: string | null };

/** Guests from the police appear by organization only to readers who do not see personal names. */
export function guestsFor<G extends { fullName: string | null; category: string }>(
  guests: readonly G[],
  names: boolean,
): Array<GuestSeen<G>> {
  return names ? [...guests] : guests.map((g) => (g.category === 'POLICE' ? { ...g, fullName: null } : g));
}

/** Who did something, as the reader may see it: the name withheld when personal names are, the subject always from anonymous readers. */
export function actorFor<A extends { sub: string; name: string }>(
  actor: A,
  reader: Actor,
  names: boolean,
): Omit<A, 'sub' | 'name'> & { sub: string | null; name: string | null } {
  return { ...actor, sub: canReadAll(reader) ? actor.sub : null, name: names ? actor.name : null };
}

/** An agenda item's speaker is free text that usually names a person: withheld with personal names. */
export const speakerFor = (speaker: string | null, names: boolean): string | null => (names ? speaker : null);
