import Database from 'better-sqlite3';
import { DECIDED_STATUSES } from '@gov/domain';
import { decodeCursor, encodeCursor, sqlList } from '../sql';
import { CRITERIA, RecommendationFilter, UNIT_OVERDUE_COUNT, UNIT_OVERDUE_WHERE, isUnitOverdueOnly } from './recommendation-filter';
import { RecommendationRow } from './recommendation-rows.projection';
import { RecommendationView, toView } from './recommendation-view';
import { StatsArgs, StatsRow, recommendationStats } from './stats.queries';

export type RecommendationOrder = 'ADOPTED_AT_DESC' | 'ADOPTED_AT_ASC' | 'DUE_DATE_ASC' | 'UPDATED_AT_DESC';
export interface Page<T> {
  nodes: Array<{ node: T; cursor: string }>;
  hasNextPage: boolean;
  totalCount: () => number;
}

export const MAX_PAGE = 200;
const DECIDED_SQL = sqlList(DECIDED_STATUSES);

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

/** Lists, single recommendations and stats over the rows the recommendation rows projection owns. */
export class RecommendationQueries {
  /** Statements by their SQL: a query's text depends only on which parts a filter has, and preparing one costs as much as running it. */
  private readonly statements = new Map<string, Database.Statement>();

  constructor(private readonly db: Database.Database) {}

  prepare(sql: string): Database.Statement {
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
  base(params: Record<string, unknown>, asOf?: Date, asOfPosition?: bigint): string {
    if (asOfPosition === undefined && !asOf) return CURRENT;
    params.cutoff = asOfPosition !== undefined ? Number(asOfPosition) : this.cutoffAt(asOf!);
    return AS_OF;
  }

  where(filter: RecommendationFilter, params: Record<string, unknown>, historical: boolean): string {
    const clauses = CRITERIA.flatMap((c) => c.sql(filter, params, historical) ?? []);
    return clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
  }

  params(now: Date, asOf?: Date): Record<string, unknown> {
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
  stats(args: StatsArgs): StatsRow[] {
    return recommendationStats(this, args);
  }
}
