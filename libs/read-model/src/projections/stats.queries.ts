import Database from 'better-sqlite3';
import { DECIDED_STATUSES, RecommendationStatus, isClosed } from '@gov/domain';
import { inList, middleOf } from '../sql';
import { OVERDUE_SQL, RecommendationFilter } from './recommendation-filter';
import { OPEN_SQL } from './stats.projection';

export type StatsGroupBy = 'STATUS' | 'UNIT' | 'BODY' | 'MONTH' | 'NONE';

export interface StatsRow {
  key: string | null;
  total: number;
  open: number;
  overdue: number;
  byStatus: Array<{ status: RecommendationStatus; count: number }>;
  implemented: number;
  notImplemented: number;
  implementationRate: number | null;
  medianDaysToClose: number | null;
}

export interface StatsArgs {
  filter?: RecommendationFilter;
  groupBy?: StatsGroupBy;
  now: Date;
  asOf?: Date;
  /** Group the rows even when the running counts could answer (tests compare the two). */
  scan?: boolean;
  include?: Partial<StatsIncludes>;
}

/** What stats read of the recommendation rows' queries: current rows or rows as of a moment, filtered. */
export interface RowSource {
  prepare(sql: string): Database.Statement;
  base(params: Record<string, unknown>, asOf?: Date): string;
  where(filter: RecommendationFilter, params: Record<string, unknown>, historical: boolean): string;
  params(now: Date, asOf?: Date): Record<string, unknown>;
}

/** Counts, rates and medians of the recommendations a filter selects, by group. */
export function recommendationStats(rows: RowSource, args: StatsArgs): StatsRow[] {
  const filter = args.filter ?? {};
  const groupBy = args.groupBy ?? 'NONE';
  const include = { overdue: true, medians: true, ...args.include };
  const { counts, durations } =
    !args.scan && !args.asOf && canUseCounts(filter, groupBy)
      ? fromCounts(rows, filter, groupBy, args.now, include)
      : fromScan(rows, args, include);
  const groups = new Map<string | null, StatsRow>();
  for (const c of counts) {
    const g = groups.get(c.k) ?? {
      key: c.k,
      total: 0,
      open: 0,
      overdue: 0,
      byStatus: [],
      implemented: 0,
      notImplemented: 0,
      implementationRate: null,
      medianDaysToClose: null,
    };
    g.total += c.n;
    g.overdue += c.overdue;
    if (!isClosed(c.status)) g.open += c.n;
    if (c.status === 'CLOSED_IMPLEMENTED') g.implemented += c.n;
    if (c.status === 'CLOSED_NOT_IMPLEMENTED') g.notImplemented += c.n;
    g.byStatus.push({ status: c.status, count: c.n });
    groups.set(c.k, g);
  }
  const byKey = new Map<string | null, Array<{ d: number; n: number }>>();
  for (const d of durations) {
    const bins = byKey.get(d.k);
    if (bins) bins.push(d);
    else byKey.set(d.k, [d]);
  }
  for (const g of groups.values()) {
    const decided = g.implemented + g.notImplemented;
    g.implementationRate = decided ? g.implemented / decided : null;
    g.medianDaysToClose = medianOfHistogram(byKey.get(g.key) ?? []);
    g.byStatus.sort((a, b) => a.status.localeCompare(b.status));
  }
  return [...groups.values()].sort((a, b) => String(a.key).localeCompare(String(b.key)));
}

/** Any filter and asOf: group the rows themselves. */
function fromScan(
  rows: RowSource,
  args: { filter?: RecommendationFilter; groupBy?: StatsGroupBy; now: Date; asOf?: Date },
  include: StatsIncludes,
): StatsParts {
  const params = rows.params(args.now, args.asOf);
  const base = rows.base(params, args.asOf);
  const where = rows.where(args.filter ?? {}, params, args.asOf !== undefined);
  const key = { STATUS: 'b.status', UNIT: 'b.lead_unit_id', BODY: 'b.body_id', MONTH: 'substr(b.adopted_at, 1, 7)', NONE: 'NULL' }[
    args.groupBy ?? 'NONE'
  ];
  const from = `FROM (${base}) b ${where}`;
  const counts = rows
    .prepare(`SELECT ${key} AS k, b.status AS status, count(*) AS n, sum(${OVERDUE_SQL}) AS overdue ${from} GROUP BY k, b.status`)
    .all(params) as StatsParts['counts'];
  if (!include.medians) return { counts, durations: [] };
  // A histogram of days-to-close per group (small), from which the median is read.
  const durations = rows
    .prepare(
      `SELECT ${key} AS k, b.days_to_close AS d, count(*) AS n ${from} ${where ? 'AND' : 'WHERE'} b.days_to_close IS NOT NULL GROUP BY k, d ORDER BY k, d`,
    )
    .all(params) as StatsParts['durations'];
  return { counts, durations };
}

/** Filters on body, lead unit and status only: the projector's running counts answer directly. */
function fromCounts(rows: RowSource, filter: RecommendationFilter, groupBy: StatsGroupBy, now: Date, include: StatsIncludes): StatsParts {
  const params: Record<string, unknown> = { today: now.toISOString().slice(0, 10) };
  const clauses: string[] = [];
  inList(clauses, params, 'bodies', 'body_id', filter.bodyIds);
  inList(clauses, params, 'statuses', 'status', filter.statuses);
  if (filter.unitId) {
    clauses.push('lead_unit_id = @unit');
    params.unit = filter.unitId;
  }
  const where = clauses.length ? `AND ${clauses.join(' AND ')}` : '';
  const byUnit = Boolean(filter.unitId) || groupBy === 'UNIT';
  const table = byUnit ? 'rec_counts_unit' : 'rec_counts_month';
  const key = { STATUS: 'status', UNIT: "nullif(lead_unit_id, '')", BODY: 'body_id', MONTH: 'month', NONE: 'NULL' }[groupBy];
  const rowKey = { STATUS: 'status', UNIT: 'lead_unit_id', BODY: 'body_id', MONTH: 'substr(adopted_at, 1, 7)', NONE: 'NULL' }[groupBy];
  const overdue = new Map<string, number>();
  if (include.overdue) {
    // Overdue today: open ones due in a month before this one, from the counts by due month, and
    // those due earlier this month, from the rows (one short range of the rec_overdue index).
    const thisMonth = (params.today as string).slice(0, 7);
    const parts = [
      rows
        .prepare(
          `SELECT ${key} AS k, status, sum(n) AS n FROM ${byUnit ? 'rec_counts_open_due_unit' : 'rec_counts_open_due_month'}
           WHERE due_month < @thisMonth ${where} GROUP BY k, status`,
        )
        .all({ ...params, thisMonth }),
      rows
        .prepare(
          `SELECT ${rowKey} AS k, status, count(*) AS n FROM recommendations
           WHERE status IN (${OPEN_SQL}) AND due_date >= @monthStart AND due_date < @today ${where} GROUP BY k, status`,
        )
        .all({ ...params, monthStart: `${thisMonth}-01` }),
    ] as Array<Array<{ k: string | null; status: string; n: number }>>;
    for (const o of parts.flat()) overdue.set(`${o.k}|${o.status}`, (overdue.get(`${o.k}|${o.status}`) ?? 0) + o.n);
  }
  const counts = (
    rows.prepare(`SELECT ${key} AS k, status, sum(n) AS n FROM ${table} WHERE n > 0 ${where} GROUP BY k, status`).all(params) as Array<{
      k: string | null;
      status: RecommendationStatus;
      n: number;
    }>
  )
    .filter((c) => c.n > 0)
    .map((c) => ({ ...c, overdue: overdue.get(`${c.k}|${c.status}`) ?? 0 }));
  if (!include.medians) return { counts, durations: [] };
  // Unfiltered, the projector keeps every group's median.
  if (!where) {
    const medians = rows.prepare('SELECT key, median FROM rec_medians WHERE dim = ?').raw().all(groupBy) as Array<[string, number]>;
    return {
      counts,
      durations: medians.map(([key, d]) => ({ k: key === '' && (groupBy === 'UNIT' || groupBy === 'NONE') ? null : key, d, n: 1 })),
    };
  }
  // Filtered: medians by offset along a (group, days_to_close) index, a seek and a walk per group.
  const decided = new Map<string | null, number>();
  for (const c of counts) if (DECIDED_STATUSES.includes(c.status)) decided.set(c.k, (decided.get(c.k) ?? 0) + c.n);
  const groupFilter = groupBy === 'NONE' ? '' : `AND ${rowKey} IS @k`;
  const pick = rows.prepare(
    `SELECT days_to_close AS d FROM recommendations WHERE days_to_close IS NOT NULL ${groupFilter} ${where} ORDER BY days_to_close LIMIT @take OFFSET @skip`,
  );
  const durations: StatsParts['durations'] = [];
  for (const [k, n] of decided) {
    const middle = pick.all({ ...params, k, ...middleOf(n) }) as Array<{ d: number }>;
    for (const m of middle) durations.push({ k, d: m.d, n: 1 });
  }
  return { counts, durations };
}

/** The costly parts of stats, which a caller can leave out. */
interface StatsIncludes {
  overdue: boolean;
  medians: boolean;
}

interface StatsParts {
  counts: Array<{ k: string | null; status: RecommendationStatus; n: number; overdue: number }>;
  durations: Array<{ k: string | null; d: number; n: number }>;
}

/**
 * The running counts know body, adoption month and status, or body, lead unit and status; other
 * filters, and a lead unit with months, need the rows.
 */
function canUseCounts(f: RecommendationFilter, groupBy: StatsGroupBy): boolean {
  const byUnit = Boolean(f.unitId) || groupBy === 'UNIT';
  return (
    !(byUnit && groupBy === 'MONTH') &&
    !f.meetingIds?.length &&
    (!f.unitId || f.leadOnly === true) &&
    f.overdue == null &&
    !f.dueFrom &&
    !f.dueTo &&
    !f.adoptedFrom &&
    !f.adoptedTo &&
    !f.origins?.length &&
    !f.priorities?.length &&
    !f.text?.trim() &&
    f.extensionPending == null &&
    !f.publishedOnly
  );
}

/** Median of values given as (value, count) pairs in ascending order. */
export function medianOfHistogram(bins: Array<{ d: number; n: number }>): number | null {
  const total = bins.reduce((sum, b) => sum + b.n, 0);
  if (total === 0) return null;
  const at = (rank: number) => {
    let seen = 0;
    for (const b of bins) if ((seen += b.n) > rank) return b.d;
    return bins[bins.length - 1]!.d;
  };
  return total % 2 ? at((total - 1) / 2) : (at(total / 2 - 1) + at(total / 2)) / 2;
}
