// The register's filter as the address states it: shared by the oversight register and the public
// one, so a link copied from either means the same recommendations.
import { ORIGINS, RECOMMENDATION_STATUSES as STATUSES } from '@gov/domain/recommendation/recommendation';
import { graphql } from '../graphql/graphql';

export type RegisterFilter = ReturnType<typeof graphql.scalar<'RecommendationFilterInput'>>;

export const PRIORITIES = ['NORMAL', 'HIGH', 'CRITICAL'] as const;
export const only = <T extends string>(allowed: readonly T[], values: string[]) =>
  values.filter((v): v is T => (allowed as readonly string[]).includes(v));
const dateParam = (v: string | null) => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined);

/** The filter as the address says it; unknown values are dropped rather than sent. */
export function filterFromParams(p: URLSearchParams): RegisterFilter {
  const list = (name: string) =>
    p
      .getAll(name)
      .flatMap((v) => v.split(','))
      .filter(Boolean);
  const statuses = only(STATUSES, list('status'));
  const origins = only(ORIGINS, list('origin'));
  const priorities = only(PRIORITIES, list('priority'));
  const adoptedFrom = dateParam(p.get('adoptedFrom'));
  const adoptedTo = dateParam(p.get('adoptedTo'));
  return {
    statuses: statuses.length ? statuses : undefined,
    bodyIds: list('body').length ? list('body') : undefined,
    meetingIds: list('meeting').length ? list('meeting') : undefined,
    unitId: p.get('unit') || undefined,
    overdue: p.get('overdue') === '1' ? true : p.get('overdue') === '0' ? false : undefined,
    dueFrom: dateParam(p.get('dueFrom')),
    dueTo: dateParam(p.get('dueTo')),
    adoptedFrom: adoptedFrom ? `${adoptedFrom}T00:00:00.000Z` : undefined,
    adoptedTo: adoptedTo ? `${adoptedTo}T23:59:59.999Z` : undefined,
    origins: origins.length ? origins : undefined,
    priorities: priorities.length ? priorities : undefined,
    text: p.get('q') || undefined,
  };
}

/** The same filter as open data's query parameters (docs/open-data.md), for download links. */
export function openDataParams(f: RegisterFilter): URLSearchParams {
  const q = new URLSearchParams();
  const set = (name: string, value: string | undefined | null) => {
    if (value) q.set(name, value);
  };
  set('body', f.bodyIds?.join(','));
  set('meeting', f.meetingIds?.join(','));
  set('unit', f.unitId);
  set('status', f.statuses?.join(','));
  set('overdue', f.overdue === undefined || f.overdue === null ? undefined : String(f.overdue));
  set('origin', f.origins?.join(','));
  set('priority', f.priorities?.join(','));
  set('dueFrom', f.dueFrom);
  set('dueTo', f.dueTo);
  set('adoptedFrom', f.adoptedFrom);
  set('adoptedTo', f.adoptedTo);
  set('text', f.text);
  return q;
}
