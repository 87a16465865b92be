import Database from 'better-sqlite3';
import { SqliteEventStore } from '@gov/event-store';
import { RecommendationQueries } from '@gov/read-model';
import { generateHistory, rng } from './generator';

export function percentile(sorted: number[], p: number): number {
  const value = sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
  if (value === undefined) throw new RangeError('no samples');
  return value;
}

export interface MixQuery {
  name: string;
  gql: string;
  variables: Record<string, unknown>;
  /** The same question asked of the read-model file in-process: the same SQL, no HTTP, no GraphQL. */
  direct: () => unknown;
}

/** The oversight query mix (workload 4) over a projected history: each query as GraphQL and as the direct call. */
export function oversightMix(rm: Database.Database, store: SqliteEventStore, summary: ReturnType<typeof generateHistory>): MixQuery[] {
  const queries = new RecommendationQueries(rm);
  const r = rng(7);
  // District units (the first 20 are regional departments) and any body, as the generator made them.
  const unitId = r.pick(summary.units.slice(20));
  const bodyId = r.pick(summary.bodies);
  const yearAgo = new Date(summary.endedAt - 365 * 86_400_000);
  const now = new Date();
  const someRec = (rm.prepare('SELECT id FROM recommendations ORDER BY id LIMIT 1 OFFSET 500').get() as { id: string }).id;
  // The cursor after 100 pages of 50, walked the way a client would.
  let deepCursor: string | undefined;
  for (let page = 0; page < 25; page++) {
    const nodes = queries.list({ filter: { statuses: ['CLOSED_IMPLEMENTED'] }, first: 200, after: deepCursor, now }).nodes;
    deepCursor = nodes[nodes.length - 1]?.cursor ?? deepCursor;
  }

  return [
    {
      name: 'overdue by unit',
      gql: 'query($u: ID) { recommendations(filter: { unitId: $u, overdue: true }, first: 50) { totalCount edges { node { id dueDate daysOverdue } } } }',
      variables: { u: unitId },
      direct: () => {
        const p = queries.list({ filter: { unitId, overdue: true }, first: 50, now });
        return p.totalCount();
      },
    },
    {
      name: 'stats by body',
      gql: '{ recommendationStats(groupBy: BODY) { key total open overdue implementationRate medianDaysToClose } }',
      variables: {},
      direct: () => queries.stats({ groupBy: 'BODY', now }),
    },
    // Direct asks for what the GraphQL query selects: no overdue counts, no medians.
    {
      name: 'stats by month',
      gql: '{ recommendationStats(groupBy: MONTH) { key total implementationRate } }',
      variables: {},
      direct: () => queries.stats({ groupBy: 'MONTH', now, include: { overdue: false, medians: false } }),
    },
    {
      name: 'stats by month, all parts',
      gql: '{ recommendationStats(groupBy: MONTH) { key total open overdue implementationRate medianDaysToClose } }',
      variables: {},
      direct: () => queries.stats({ groupBy: 'MONTH', now }),
    },
    {
      name: 'filtered page 100 deep',
      gql: 'query($a: String) { recommendations(filter: { statuses: [CLOSED_IMPLEMENTED] }, first: 50, after: $a) { edges { node { id status } } } }',
      variables: { a: deepCursor },
      direct: () => queries.list({ filter: { statuses: ['CLOSED_IMPLEMENTED'] }, first: 50, after: deepCursor, now }),
    },
    {
      name: 'asOf a year ago',
      gql: 'query($b: ID!, $t: DateTime) { recommendations(filter: { bodyIds: [$b] }, asOf: $t, first: 50) { edges { node { id status dueDate } } } }',
      variables: { b: bodyId, t: yearAgo.toISOString() },
      direct: () => queries.list({ filter: { bodyIds: [bodyId] }, asOf: yearAgo, first: 50, now }),
    },
    {
      name: 'one history',
      gql: 'query($s: String!) { history(streamId: $s) { type recordedAt actor { name } } }',
      variables: { s: `recommendation-${someRec}` },
      direct: () => store.readStream(`recommendation-${someRec}`),
    },
    // The floor under every row above: what HTTP, auth and GraphQL cost on this machine with no query work.
    { name: 'floor: { __typename }', gql: '{ __typename }', variables: {}, direct: () => undefined },
  ];
}
