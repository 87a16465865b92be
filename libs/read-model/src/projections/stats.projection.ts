import Database from 'better-sqlite3';
import { RECOMMENDATION_STATUSES, RecommendationEvent, RecommendationState, daysToClose, isClosed } from '@gov/domain';
import { Projected, ProjectionContext, ProjectionHandler, RECOMMENDATION_EVENT_TYPES, ReadModelProjection } from '../projection';
import { middleOf, sqlList } from '../sql';

/**
 * Running counts per bucket and the median days to close per group, so unfiltered and lightly
 * filtered stats read a few thousand rows. Kept change by change live; a replay from zero derives
 * both from the final recommendation rows instead.
 */
export const statsProjection: ReadModelProjection<RecommendationEvent> = {
  name: 'stats',
  tables: {
    // One count table per set of groupings it answers. month is the adoption month (YYYY-MM);
    // lead_unit_id is '' while unassigned.
    rec_counts_month: `CREATE TABLE rec_counts_month (
      body_id TEXT NOT NULL, month TEXT NOT NULL, status TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (body_id, month, status)
    ) WITHOUT ROWID;`,
    rec_counts_unit: `CREATE TABLE rec_counts_unit (
      body_id TEXT NOT NULL, lead_unit_id TEXT NOT NULL, status TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (body_id, lead_unit_id, status)
    ) WITHOUT ROWID;`,
    // The same buckets' OPEN recommendations with a due date, also by due month (YYYY-MM): "overdue
    // today" is then the months before this one summed plus this month's days read off the rows,
    // instead of a walk over every open, overdue recommendation (overdue moves with the day, so it
    // cannot be a running count itself).
    rec_counts_open_due_month: `CREATE TABLE rec_counts_open_due_month (
      due_month TEXT NOT NULL, body_id TEXT NOT NULL, month TEXT NOT NULL, status TEXT NOT NULL, n INTEGER NOT NULL,
      PRIMARY KEY (due_month, body_id, month, status)
    ) WITHOUT ROWID;`,
    rec_counts_open_due_unit: `CREATE TABLE rec_counts_open_due_unit (
      due_month TEXT NOT NULL, body_id TEXT NOT NULL, lead_unit_id TEXT NOT NULL, status TEXT NOT NULL, n INTEGER NOT NULL,
      PRIMARY KEY (due_month, body_id, lead_unit_id, status)
    ) WITHOUT ROWID;`,
    // The median days to close of each group that unfiltered stats ask for (dim MONTH, BODY, UNIT,
    // STATUS or NONE; key '' for none or unassigned), kept for the groups a batch changed: a
    // dashboard reads them instead of walking half of every group's decided recommendations.
    rec_medians:
      'CREATE TABLE rec_medians (dim TEXT NOT NULL, key TEXT NOT NULL, median REAL NOT NULL, PRIMARY KEY (dim, key)) WITHOUT ROWID;',
  },
  // Medians of days to close per group are read by offset along these (only closes touch them).
  queryIndexes: `
    CREATE INDEX IF NOT EXISTS rec_days ON recommendations (days_to_close);
    CREATE INDEX IF NOT EXISTS rec_body_days ON recommendations (body_id, days_to_close);
    CREATE INDEX IF NOT EXISTS rec_lead_days ON recommendations (lead_unit_id, days_to_close);
    CREATE INDEX IF NOT EXISTS rec_status_days ON recommendations (status, days_to_close);
    CREATE INDEX IF NOT EXISTS rec_month_days ON recommendations (substr(adopted_at, 1, 7), days_to_close);
  `,
  canHandle: RECOMMENDATION_EVENT_TYPES,
  open: (db) => new Stats(db),
};

class Stats implements ProjectionHandler<RecommendationEvent> {
  private readonly countAdds;
  private readonly medianSet;
  private readonly medianDrop;
  private readonly medianCount;
  private readonly medianPick;
  private readonly medianKeys;
  /** Running-count moves since the last flush, summed per bucket and written once. */
  private readonly countMoves = new Map<string, number>();
  /** Groups whose median the held-back changes move. */
  private readonly medianGroups = new Map<string, [MedianGroup, string]>();

  constructor(private readonly db: Database.Database) {
    const p = (sql: string) => db.prepare(sql);
    this.countAdds = COUNTS.map((c) =>
      p(`INSERT INTO ${c.table} (${c.columns}, n) VALUES (${c.columns
        .split(',')
        .map(() => '?')
        .join(', ')}, ?)
         ON CONFLICT (${c.columns}) DO UPDATE SET n = n + excluded.n`),
    );
    this.medianSet = p('INSERT OR REPLACE INTO rec_medians (dim, key, median) VALUES (?, ?, ?)');
    this.medianDrop = p('DELETE FROM rec_medians WHERE dim = ? AND key = ?');
    // Along the (group, days_to_close) query indexes: a count and an offset walk within one group.
    this.medianCount = mapGroups((g) =>
      p(`SELECT count(*) FROM recommendations WHERE days_to_close IS NOT NULL AND ${g.column} IS ?`).pluck(),
    );
    this.medianPick = mapGroups((g) =>
      p(
        `SELECT days_to_close FROM recommendations WHERE days_to_close IS NOT NULL AND ${g.column} IS ? ORDER BY days_to_close LIMIT ? OFFSET ?`,
      ).pluck(),
    );
    this.medianKeys = mapGroups((g) => p(`SELECT DISTINCT ${g.keyOfRow} FROM recommendations WHERE days_to_close IS NOT NULL`).pluck());
  }

  handle(events: ReadonlyArray<Projected<RecommendationEvent>>, ctx: ProjectionContext): void {
    if (ctx.replaying) return;
    for (const { change } of events) {
      const { before, after } = change;
      if (
        before.status === after.status &&
        before.leadUnitId === after.leadUnitId &&
        before.closedAt === after.closedAt &&
        before.dueDate === after.dueDate
      )
        continue;
      this.count(before, -1);
      this.count(after, 1);
      this.touchMedians(before);
      this.touchMedians(after);
    }
  }

  /** Needs the recommendation rows written (they come first in the list). */
  flush(): void {
    for (const [bucket, delta] of this.countMoves) {
      const [table, ...key] = bucket.split('\u0000');
      if (delta !== 0) this.countAdds[Number(table)]!.run(...key, delta);
    }
    this.countMoves.clear();
    for (const [g, key] of this.medianGroups.values()) this.refreshMedian(g, key);
    this.medianGroups.clear();
  }

  derive(): void {
    for (const c of COUNTS) {
      this.db.exec(
        `DELETE FROM ${c.table}; INSERT INTO ${c.table} (${c.columns}, n) SELECT ${c.fromRow}, count(*) FROM recommendations ${c.rowsIn ?? ''} GROUP BY ${c.fromRow}`,
      );
    }
  }

  /** Every group's median, once the query indexes exist. */
  deriveIndexed(): void {
    this.db.exec('DELETE FROM rec_medians');
    for (const g of MEDIAN_GROUPS) for (const key of this.medianKeys[g.dim].all() as string[]) this.refreshMedian(g, key);
  }

  reset(): void {
    this.countMoves.clear();
    this.medianGroups.clear();
  }

  /** Moves a recommendation between the running-count buckets (-1 out of the old, +1 into the new). */
  private count(s: RecommendationState, delta: 1 | -1): void {
    if (s.status === 'NONE') return;
    COUNTS.forEach((c, table) => {
      const key = c.bucketOf(s);
      if (!key) return;
      const bucket = [table, ...key].join('\u0000');
      this.countMoves.set(bucket, (this.countMoves.get(bucket) ?? 0) + delta);
    });
  }

  private touchMedians(s: RecommendationState): void {
    if (daysToClose(s) === null) return;
    for (const g of MEDIAN_GROUPS) {
      const key = g.keyOf(s);
      this.medianGroups.set(`${g.dim}\u0000${key}`, [g, key]);
    }
  }

  private refreshMedian(g: MedianGroup, key: string): void {
    const bound = g.bind(key);
    const n = this.medianCount[g.dim].get(bound) as number;
    if (n === 0) {
      this.medianDrop.run(g.dim, key);
      return;
    }
    const { take, skip } = middleOf(n);
    const middle = this.medianPick[g.dim].all(bound, take, skip) as number[];
    this.medianSet.run(g.dim, key, middle.reduce((a, b) => a + b, 0) / middle.length);
  }
}

export const OPEN_SQL = sqlList(RECOMMENDATION_STATUSES.filter((s) => !isClosed(s)));
/** Open with a due date: the recommendations that are, or will be, overdue. */
const dueMonthOf = (s: RecommendationState) => (isClosed(s.status) || !s.dueDate ? null : s.dueDate.slice(0, 7));

/**
 * The running-count tables: the bucket a recommendation is in (none: not counted there), read off
 * its state or (to derive) its row, of the rows `rowsIn` keeps.
 */
const COUNTS: Array<{
  table: string;
  columns: string;
  bucketOf: (s: RecommendationState) => string[] | null;
  fromRow: string;
  rowsIn?: string;
}> = [
  {
    table: 'rec_counts_month',
    columns: 'body_id, month, status',
    bucketOf: (s) => [s.bodyId!, s.adoptedAt!.slice(0, 7), s.status],
    fromRow: 'body_id, substr(adopted_at, 1, 7), status',
  },
  {
    table: 'rec_counts_unit',
    columns: 'body_id, lead_unit_id, status',
    bucketOf: (s) => [s.bodyId!, s.leadUnitId ?? '', s.status],
    fromRow: "body_id, coalesce(lead_unit_id, ''), status",
  },
  {
    table: 'rec_counts_open_due_month',
    columns: 'due_month, body_id, month, status',
    bucketOf: (s) => {
      const due = dueMonthOf(s);
      return due === null ? null : [due, s.bodyId!, s.adoptedAt!.slice(0, 7), s.status];
    },
    fromRow: 'substr(due_date, 1, 7), body_id, substr(adopted_at, 1, 7), status',
    rowsIn: `WHERE status IN (${OPEN_SQL}) AND due_date IS NOT NULL`,
  },
  {
    table: 'rec_counts_open_due_unit',
    columns: 'due_month, body_id, lead_unit_id, status',
    bucketOf: (s) => {
      const due = dueMonthOf(s);
      return due === null ? null : [due, s.bodyId!, s.leadUnitId ?? '', s.status];
    },
    fromRow: "substr(due_date, 1, 7), body_id, coalesce(lead_unit_id, ''), status",
    rowsIn: `WHERE status IN (${OPEN_SQL}) AND due_date IS NOT NULL`,
  },
];

/**
 * The groups whose medians rec_medians keeps: the key read off a state or a row ('' for none), and
 * the column it is matched on (bound as NULL for '' where the column itself may be NULL).
 */
interface MedianGroup {
  dim: 'MONTH' | 'BODY' | 'UNIT' | 'STATUS' | 'NONE';
  keyOf: (s: RecommendationState) => string;
  keyOfRow: string;
  column: string;
  bind: (key: string) => string | null;
}
const same = (key: string) => key;
const MEDIAN_GROUPS: MedianGroup[] = [
  {
    dim: 'MONTH',
    keyOf: (s) => s.adoptedAt!.slice(0, 7),
    keyOfRow: 'substr(adopted_at, 1, 7)',
    column: 'substr(adopted_at, 1, 7)',
    bind: same,
  },
  { dim: 'BODY', keyOf: (s) => s.bodyId!, keyOfRow: 'body_id', column: 'body_id', bind: same },
  {
    dim: 'UNIT',
    keyOf: (s) => s.leadUnitId ?? '',
    keyOfRow: "coalesce(lead_unit_id, '')",
    column: 'lead_unit_id',
    bind: (key) => key || null,
  },
  { dim: 'STATUS', keyOf: (s) => s.status, keyOfRow: 'status', column: 'status', bind: same },
  { dim: 'NONE', keyOf: () => '', keyOfRow: "''", column: "''", bind: same },
];
function mapGroups<T>(make: (g: MedianGroup) => T): Record<MedianGroup['dim'], T> {
  return Object.fromEntries(MEDIAN_GROUPS.map((g) => [g.dim, make(g)])) as Record<MedianGroup['dim'], T>;
}
