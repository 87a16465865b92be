import Database from 'better-sqlite3';
import { RecommendationRow, searchable } from './projections/recommendation-rows.projection';
import { OPEN_SQL } from './projections/stats.projection';
import { decodeCursor, encodeCursor, inList, middleOf, sqlList } from './sql';
import { TimelineCutoff } from './timeline-queries';
import {
  CLOSED_STATUSES,
  DECIDED_STATUSES,
  MultilingualText,
  Origin,
  Priority,
  RecommendationStatus,
  isClosed,
  timeliness,
} from '@gov/domain';

export interface RecommendationFilter {
  bodyIds?: string[];
  meetingIds?: string[];
  /** Lead or co-executor. */
  unitId?: string;
  leadOnly?: boolean;
  statuses?: RecommendationStatus[];
  overdue?: boolean;
  dueFrom?: string;
  dueTo?: string;
  adoptedFrom?: string;
  adoptedTo?: string;
  origins?: Origin[];
  priorities?: Priority[];
  text?: string;
  /** Only those with (true) or without (false) an extension request waiting for a decision; asOf answers have none. */
  extensionPending?: boolean;
  /** Anonymous readers see published meetings' recommendations only. */
  publishedOnly?: boolean;
}

export type RecommendationOrder = 'ADOPTED_AT_DESC' | 'ADOPTED_AT_ASC' | 'DUE_DATE_ASC' | 'UPDATED_AT_DESC';
export type StatsGroupBy = 'STATUS' | 'UNIT' | 'BODY' | 'MONTH' | 'NONE';

export interface RecommendationView {
  id: string;
  bodyId: string;
  meetingId: string;
  agendaItemId: string;
  number: string;
  text: MultilingualText;
  origin: Origin;
  priority: Priority;
  status: RecommendationStatus;
  leadUnitId: string | null;
  coExecutorUnitIds: string[];
  dueDate: string | null;
  originalDueDate: string | null;
  extensions: number;
  pendingExtension: { unitId: string; requestedDueDate: string; reason: string; requestedAt: string } | null;
  percent: number;
  adoptedAt: string;
  closedAt: string | null;
  updatedAt: string;
  revision: string | null;
  published: boolean;
  overdue: boolean;
  daysOpen: number;
  daysOverdue: number;
  /** In asOf answers: where things were cut off, so the recommendation's timeline is cut there too. */
  asOf?: TimelineCutoff;
}

export interface Page<T> {
  nodes: Array<{ node: T; cursor: string }>;
  hasNextPage: boolean;
  totalCount: () => number;
}

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

export const MAX_PAGE = 200;
const CLOSED_SQL = sqlList(CLOSED_STATUSES);
const DECIDED_SQL = sqlList(DECIDED_STATUSES);
const OVERDUE_SQL = `(b.status NOT IN (${CLOSED_SQL}) AND b.due_date IS NOT NULL AND b.due_date < @today)`;

const CURRENT = `SELECT seq, id, body_id, meeting_id, agenda_item_id, number, origin, priority, status, lead_unit_id, co_executor_unit_ids,
  due_date, original_due_date, extensions, pending_extension, percent, adopted_at, closed_at, days_to_close, updated_at, revision, published FROM recommendations`;
/**
 * The same columns as they stood at log position @cutoff: for each recommendation its last version
 * at or before it, found by index seek. An asOf time is first turned into that cut-off.
 */
const AS_OF = `SELECT r.seq, r.id, r.body_id, r.meeting_id, r.agenda_item_id, r.number, r.origin, r.priority, v.status, v.lead_unit_id, v.co_executor_unit_ids,
  v.due_date, CASE WHEN v.due_date IS NULL THEN NULL ELSE r.original_due_date END AS original_due_date, v.extensions, NULL AS pending_extension, v.percent,
  r.adopted_at, v.closed_at, CASE WHEN v.status IN (${DECIDED_SQL})
    THEN CAST(julianday(v.closed_at) - julianday(r.adopted_at) AS INTEGER) END AS days_to_close, v.recorded_at AS updated_at, NULL AS revision, r.published
  FROM recommendations r JOIN recommendation_versions v ON v.rec = r.seq
   AND v.position = (SELECT max(x.position) FROM recommendation_versions x WHERE x.rec = r.seq AND x.position <= @cutoff)`;

const ORDERS: Record<RecommendationOrder, { key: string; dir: 'ASC' | 'DESC' }> = {
  ADOPTED_AT_DESC: { key: 'b.adopted_at', dir: 'DESC' },
  ADOPTED_AT_ASC: { key: 'b.adopted_at', dir: 'ASC' },
  DUE_DATE_ASC: { key: "coalesce(b.due_date, '9999-12-31')", dir: 'ASC' },
  UPDATED_AT_DESC: { key: 'b.updated_at', dir: 'DESC' },
};

/** A row of the recommendations as a list query reads it: the row and its sort key. */
type Row = RecommendationRow & { sort_key: string };

/** Distinct statements kept prepared: one per combination of filter parts, sort and page position asked for. */
const MAX_PREPARED = 500;

export class RecommendationQueries {
  /** Statements by their SQL: a query's text depends only on which parts a filter has, and preparing one costs as much as running it. */
  private readonly statements = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {}

  private prepare(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      if (this.statements.size >= MAX_PREPARED) this.statements.clear();
      this.statements.set(sql, (statement = this.db.prepare(sql)));
    }
    return statement;
  }

  /** The log position that was current at a moment (log time); 0 before anything was recorded. */
  private cutoffAt(asOf: Date): number {
    const row = this.prepare(
      'SELECT position FROM recommendation_versions WHERE recorded_at <= ? ORDER BY recorded_at DESC, position DESC LIMIT 1',
    ).get(asOf.toISOString()) as { position: number } | undefined;
    return row?.position ?? 0;
  }

  /** The rows to query: current, or as of a moment or a log position (then params get @cutoff). */
  private base(params: Record<string, unknown>, asOf?: Date, asOfPosition?: bigint): string {
    if (asOfPosition === undefined && !asOf) return CURRENT;
    params.cutoff = asOfPosition !== undefined ? Number(asOfPosition) : this.cutoffAt(asOf!);
    return AS_OF;
  }

  private where(filter: RecommendationFilter, params: Record<string, unknown>, historical: boolean): string {
    const clauses = CRITERIA.flatMap((c) => c.sql(filter, params, historical) ?? []);
    return clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
  }

  private params(now: Date, asOf?: Date): Record<string, unknown> {
    return { today: (asOf ?? now).toISOString().slice(0, 10) };
  }

  list(args: {
    filter?: RecommendationFilter;
    orderBy?: RecommendationOrder;
    first?: number;
    after?: string;
    asOf?: Date;
    asOfPosition?: bigint;
    now: Date;
  }): Page<RecommendationView> {
    const filter = args.filter ?? {};
    const first = Math.min(Math.max(args.first ?? 50, 0), MAX_PAGE);
    const order = ORDERS[args.orderBy ?? 'ADOPTED_AT_DESC'];
    const params = this.params(args.now, args.asOf);
    const historical = args.asOf !== undefined || args.asOfPosition !== undefined;
    const base = this.base(params, args.asOf, args.asOfPosition);
    // A unit's overdue ones, the unit screen's and the dashboard's list: read along the unit links
    // (one index range), so the cost is the page's, not the unit's whole backlog's.
    const unitOverdue = !historical && isUnitOverdueOnly(filter) && order.key === 'b.adopted_at';
    const where = unitOverdue ? UNIT_OVERDUE_WHERE : this.where(filter, params, historical);
    if (unitOverdue) params.unit = filter.unitId;
    const countParams = { ...params };
    const clauses = [where];
    if (args.after) {
      const [key, id] = decodeCursor(args.after);
      const cmp = order.dir === 'DESC' ? '<' : '>';
      params.cursorKey = key;
      params.cursorId = id;
      // The link's own copy of the adoption time bounds the index range.
      if (unitOverdue) clauses.push(`AND u.adopted_at ${cmp}= @cursorKey`);
      clauses.push(`${where ? 'AND' : 'WHERE'} (${order.key} ${cmp} @cursorKey OR (${order.key} = @cursorKey AND b.id ${cmp} @cursorId))`);
    }
    params.limit = first + 1;
    const from = unitOverdue ? `recommendation_units u INDEXED BY rec_units_open_adopted JOIN (${base}) b ON b.seq = u.rec` : `(${base}) b`;
    const orderKey = unitOverdue ? 'u.adopted_at' : order.key;
    const rows = this.prepare(
      `SELECT b.*, ${order.key} AS sort_key FROM ${from} ${clauses.join(' ')} ORDER BY ${orderKey} ${order.dir}, b.id ${order.dir} LIMIT @limit`,
    ).all(params) as Row[];
    const nowMs = (args.asOf ?? args.now).getTime();
    const texts = this.texts(rows.slice(0, first).map((r) => r.seq));
    const asOf = historical ? { position: args.asOfPosition, recordedAt: args.asOf } : undefined;
    return {
      nodes: rows
        .slice(0, first)
        .map((r) => ({ node: { ...toView(r, texts.get(r.seq)!, nowMs), asOf }, cursor: encodeCursor(r.sort_key, r.id) })),
      hasNextPage: rows.length > first,
      totalCount: () =>
        (
          this.prepare(unitOverdue ? UNIT_OVERDUE_COUNT : `SELECT count(*) AS n FROM (${base}) b ${where}`).get(countParams) as {
            n: number;
          }
        ).n,
    };
  }

  private texts(seqs: number[]): Map<number, string> {
    if (seqs.length === 0) return new Map();
    const rows = this.prepare('SELECT seq, text FROM recommendation_texts WHERE seq IN (SELECT value FROM json_each(?))').all(
      JSON.stringify(seqs),
    ) as Array<{ seq: number; text: string }>;
    return new Map(rows.map((r) => [r.seq, r.text]));
  }

  byId(id: string, now: Date, asOf?: Date): RecommendationView | null {
    const params: Record<string, unknown> = { ...this.params(now, asOf), id };
    const row = this.prepare(`SELECT b.*, '' AS sort_key FROM (${this.base(params, asOf)}) b WHERE b.id = @id`).get(params) as
      Row | undefined;
    return row
      ? { ...toView(row, this.texts([row.seq]).get(row.seq)!, (asOf ?? now).getTime()), asOf: asOf && { recordedAt: asOf } }
      : null;
  }

  /** `include` leaves out the parts nobody asked for (overdue counts, medians: they cost the most); they read 0 and null. */
  stats(args: {
    filter?: RecommendationFilter;
    groupBy?: StatsGroupBy;
    now: Date;
    asOf?: Date;
    scan?: boolean;
    include?: Partial<StatsIncludes>;
  }): StatsRow[] {
    const filter = args.filter ?? {};
    const groupBy = args.groupBy ?? 'NONE';
    const include = { overdue: true, medians: true, ...args.include };
    const { counts, durations } =
      !args.scan && !args.asOf && canUseCounts(filter, groupBy)
        ? this.fromCounts(filter, groupBy, args.now, include)
        : this.fromScan(args, include);
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
  private fromScan(
    args: { filter?: RecommendationFilter; groupBy?: StatsGroupBy; now: Date; asOf?: Date },
    include: StatsIncludes,
  ): StatsParts {
    const params = this.params(args.now, args.asOf);
    const base = this.base(params, args.asOf);
    const where = this.where(args.filter ?? {}, params, args.asOf !== undefined);
    const key = { STATUS: 'b.status', UNIT: 'b.lead_unit_id', BODY: 'b.body_id', MONTH: 'substr(b.adopted_at, 1, 7)', NONE: 'NULL' }[
      args.groupBy ?? 'NONE'
    ];
    const from = `FROM (${base}) b ${where}`;
    const counts = this.prepare(
      `SELECT ${key} AS k, b.status AS status, count(*) AS n, sum(${OVERDUE_SQL}) AS overdue ${from} GROUP BY k, b.status`,
    ).all(params) as StatsParts['counts'];
    if (!include.medians) return { counts, durations: [] };
    // A histogram of days-to-close per group (small), from which the median is read.
    const durations = this.prepare(
      `SELECT ${key} AS k, b.days_to_close AS d, count(*) AS n ${from} ${where ? 'AND' : 'WHERE'} b.days_to_close IS NOT NULL GROUP BY k, d ORDER BY k, d`,
    ).all(params) as StatsParts['durations'];
    return { counts, durations };
  }

  /** Filters on body, lead unit and status only: the projector's running counts answer directly. */
  private fromCounts(filter: RecommendationFilter, groupBy: StatsGroupBy, now: Date, include: StatsIncludes): StatsParts {
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
        this.prepare(
          `SELECT ${key} AS k, status, sum(n) AS n FROM ${byUnit ? 'rec_counts_open_due_unit' : 'rec_counts_open_due_month'}
           WHERE due_month < @thisMonth ${where} GROUP BY k, status`,
        ).all({ ...params, thisMonth }),
        this.prepare(
          `SELECT ${rowKey} AS k, status, count(*) AS n FROM recommendations
           WHERE status IN (${OPEN_SQL}) AND due_date >= @monthStart AND due_date < @today ${where} GROUP BY k, status`,
        ).all({ ...params, monthStart: `${thisMonth}-01` }),
      ] as Array<Array<{ k: string | null; status: string; n: number }>>;
      for (const o of parts.flat()) overdue.set(`${o.k}|${o.status}`, (overdue.get(`${o.k}|${o.status}`) ?? 0) + o.n);
    }
    const counts = (
      this.prepare(`SELECT ${key} AS k, status, sum(n) AS n FROM ${table} WHERE n > 0 ${where} GROUP BY k, status`).all(params) as Array<{
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
      const medians = this.prepare('SELECT key, median FROM rec_medians WHERE dim = ?').raw().all(groupBy) as Array<[string, number]>;
      return {
        counts,
        durations: medians.map(([key, d]) => ({ k: key === '' && (groupBy === 'UNIT' || groupBy === 'NONE') ? null : key, d, n: 1 })),
      };
    }
    // Filtered: medians by offset along a (group, days_to_close) index, a seek and a walk per group.
    const decided = new Map<string | null, number>();
    for (const c of counts) if (DECIDED_STATUSES.includes(c.status)) decided.set(c.k, (decided.get(c.k) ?? 0) + c.n);
    const groupFilter = groupBy === 'NONE' ? '' : `AND ${rowKey} IS @k`;
    const pick = this.prepare(
      `SELECT days_to_close AS d FROM recommendations WHERE days_to_close IS NOT NULL ${groupFilter} ${where} ORDER BY days_to_close LIMIT @take OFFSET @skip`,
    );
    const durations: StatsParts['durations'] = [];
    for (const [k, n] of decided) {
      const middle = pick.all({ ...params, k, ...middleOf(n) }) as Array<{ d: number }>;
      for (const m of middle) durations.push({ k, d: m.d, n: 1 });
    }
    return { counts, durations };
  }
}

/**
 * Each part of a filter twice, side by side: as the SQL the queries run, and as a test of one
 * recommendation as a query at the same moment shows it (its `overdue` computed then). A
 * subscription decides with `matchesFilter`, so it pushes exactly the changes the query would list.
 */
interface Criterion {
  /** The WHERE clause over rows `b` (binding its values in params), or none when the filter leaves it open. */
  sql(f: RecommendationFilter, params: Record<string, unknown>, historical: boolean): string | undefined;
  matches(f: RecommendationFilter, v: RecommendationView): boolean;
}

const oneOf = (
  key: 'bodyIds' | 'meetingIds' | 'statuses' | 'origins' | 'priorities',
  column: string,
  of: (v: RecommendationView) => string,
): Criterion => ({
  sql: (f, params) => {
    const clauses: string[] = [];
    inList(clauses, params, key, column, f[key]);
    return clauses[0];
  },
  matches: (f, v) => {
    const values: readonly string[] | undefined = f[key];
    return !values?.length || values.includes(of(v));
  },
});

/** A bound of a range over ISO text (dates or instants compare as text); a row without the value is outside it. */
const bound = (
  key: 'dueFrom' | 'dueTo' | 'adoptedFrom' | 'adoptedTo',
  column: string,
  op: '>=' | '<=',
  of: (v: RecommendationView) => string | null,
): Criterion => ({
  sql: (f, params) => {
    if (!f[key]) return undefined;
    params[key] = f[key];
    return `${column} ${op} @${key}`;
  },
  matches: (f, v) => {
    const limit = f[key];
    const value = of(v);
    return !limit || (value !== null && (op === '>=' ? value >= limit : value <= limit));
  },
});

const needle = (f: RecommendationFilter) => f.text?.trim().toLocaleLowerCase();

const CRITERIA: Criterion[] = [
  oneOf('bodyIds', 'b.body_id', (v) => v.bodyId),
  oneOf('meetingIds', 'b.meeting_id', (v) => v.meetingId),
  oneOf('statuses', 'b.status', (v) => v.status),
  oneOf('origins', 'b.origin', (v) => v.origin),
  oneOf('priorities', 'b.priority', (v) => v.priority),
  {
    // Lead or co-executor: the current rows answer through the unit links (by index), history through the row.
    sql: (f, params, historical) => {
      if (!f.unitId) return undefined;
      params.unit = f.unitId;
      if (f.leadOnly) return 'b.lead_unit_id = @unit';
      if (historical) return '(b.lead_unit_id = @unit OR EXISTS (SELECT 1 FROM json_each(b.co_executor_unit_ids) WHERE value = @unit))';
      if (f.overdue === true) return 'b.seq IN (SELECT rec FROM recommendation_units WHERE unit_id = @unit AND open_due < @today)';
      return 'b.seq IN (SELECT rec FROM recommendation_units WHERE unit_id = @unit)';
    },
    matches: (f, v) => !f.unitId || v.leadUnitId === f.unitId || (!f.leadOnly && v.coExecutorUnitIds.includes(f.unitId)),
  },
  {
    sql: (f) => (f.overdue === undefined || f.overdue === null ? undefined : f.overdue ? OVERDUE_SQL : `NOT ${OVERDUE_SQL}`),
    matches: (f, v) => f.overdue === undefined || f.overdue === null || v.overdue === f.overdue,
  },
  bound('dueFrom', 'b.due_date', '>=', (v) => v.dueDate),
  bound('dueTo', 'b.due_date', '<=', (v) => v.dueDate),
  bound('adoptedFrom', 'b.adopted_at', '>=', (v) => v.adoptedAt),
  bound('adoptedTo', 'b.adopted_at', '<=', (v) => v.adoptedAt),
  {
    // The same lower-cased text of every language the recommendation rows store for search.
    sql: (f, params) => {
      if (!needle(f)) return undefined;
      params.text = needle(f);
      return 'b.seq IN (SELECT seq FROM recommendation_texts WHERE instr(search, @text) > 0)';
    },
    matches: (f, v) => !needle(f) || searchable(v.number, v.text).includes(needle(f)!),
  },
  {
    sql: (f) => (f.extensionPending == null ? undefined : `b.pending_extension IS ${f.extensionPending ? 'NOT ' : ''}NULL`),
    matches: (f, v) => f.extensionPending == null || (v.pendingExtension !== null) === f.extensionPending,
  },
  { sql: (f) => (f.publishedOnly ? 'b.published = 1' : undefined), matches: (f, v) => !f.publishedOnly || v.published },
];

/** Open with a due date before today, for a unit that leads or co-executes: one range of the unit links. */
const UNIT_OVERDUE_WHERE = 'WHERE u.unit_id = @unit AND u.open_due < @today';
const UNIT_OVERDUE_COUNT = 'SELECT count(*) AS n FROM recommendation_units u WHERE u.unit_id = @unit AND u.open_due < @today';

/** A filter asking for a unit's overdue recommendations and nothing else (the unit links alone answer it). */
function isUnitOverdueOnly(f: RecommendationFilter): boolean {
  const { unitId, overdue, ...rest } = f;
  return (
    Boolean(unitId) &&
    overdue === true &&
    Object.values(rest).every((v) => v === undefined || v === null || v === false || (Array.isArray(v) && v.length === 0) || v === '')
  );
}

/** Whether the query at the moment the view was read for would list this recommendation. */
export function matchesFilter(view: RecommendationView, filter: RecommendationFilter): boolean {
  return CRITERIA.every((c) => c.matches(filter, view));
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

function toView(r: Row, text: string, nowMs: number): RecommendationView {
  const view = {
    id: r.id,
    bodyId: r.body_id,
    meetingId: r.meeting_id,
    agendaItemId: r.agenda_item_id,
    number: r.number,
    text: JSON.parse(text) as MultilingualText,
    origin: r.origin,
    priority: r.priority,
    status: r.status,
    leadUnitId: r.lead_unit_id,
    coExecutorUnitIds: JSON.parse(r.co_executor_unit_ids) as string[],
    dueDate: r.due_date,
    originalDueDate: r.original_due_date,
    extensions: r.extensions,
    pendingExtension: r.pending_extension ? (JSON.parse(r.pending_extension) as RecommendationView['pendingExtension']) : null,
    percent: r.percent,
    adoptedAt: r.adopted_at,
    closedAt: r.closed_at,
    updatedAt: r.updated_at,
    revision: r.revision === null ? null : String(r.revision),
    published: r.published === 1,
  };
  return { ...view, ...timeliness(view, nowMs) };
}
