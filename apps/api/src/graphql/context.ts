import DataLoader from 'dataloader';
import { randomUUID } from 'node:crypto';
import { Actor } from '@gov/governance';
import { BodyView, MeetingQueries, MeetingView, OrganisationQueries, UnitView } from '@gov/read-model';

export interface Loaders {
  units: DataLoader<string, UnitView | null>;
  bodies: DataLoader<string, BodyView | null>;
  meetings: DataLoader<string, MeetingView | null>;
}

export interface GqlContext {
  actor: Actor;
  correlationId: string;
  loaders: Loaders;
  /** Present for GraphQL over HTTP (not subscriptions): the rate limiter needs them. */
  http?: { req: unknown; res: unknown };
  /** graphql-ws only: the connection's `x-after-position` parameter (over HTTP it is a header). */
  afterPosition?: unknown;
}

const byId = <T extends { id: string }>(fetch: (ids: readonly string[]) => T[]) =>
  new DataLoader<string, T | null>(async (ids) => {
    const found = new Map(fetch(ids).map((v) => [v.id, v]));
    return ids.map((id) => found.get(id) ?? null);
  });

/** Per request: batching nested lookups so a page of recommendations costs one query per kind. */
/** What the loaders read: units and bodies, and meetings. */
export interface LoaderSources {
  organisation: OrganisationQueries;
  meetings: MeetingQueries;
}

export function createLoaders({ organisation, meetings }: LoaderSources): Loaders {
  return {
    units: byId((ids) => organisation.units(ids)),
    bodies: byId((ids) => organisation.bodies(ids)),
    meetings: byId((ids) => ids.map((id) => meetings.meeting(id)).filter((m): m is MeetingView => m !== null)),
  };
}

export function createContext(
  actor: Actor,
  queries: LoaderSources,
  correlationHeader?: string | string[],
  http?: GqlContext['http'],
): GqlContext {
  const header = Array.isArray(correlationHeader) ? correlationHeader[0] : correlationHeader;
  return { actor, correlationId: header && /^[\w-]{1,100}$/.test(header) ? header : randomUUID(), loaders: createLoaders(queries), http };
}
