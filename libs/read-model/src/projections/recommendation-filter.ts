import { CLOSED_STATUSES, Origin, Priority, RecommendationStatus } from '@gov/domain';
import { inList, sqlList } from '../sql';
import { searchable } from './recommendation-rows.projection';
import { RecommendationView } from './recommendation-view';

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

const CLOSED_SQL = sqlList(CLOSED_STATUSES);
/** Open with a due date before @today, over rows `b`. */
export const OVERDUE_SQL = `(b.status NOT IN (${CLOSED_SQL}) AND b.due_date IS NOT NULL AND b.due_date < @today)`;

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

export const CRITERIA: Criterion[] = [
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
export const UNIT_OVERDUE_WHERE = 'WHERE u.unit_id = @unit AND u.open_due < @today';
export const UNIT_OVERDUE_COUNT = 'SELECT count(*) AS n FROM recommendation_units u WHERE u.unit_id = @unit AND u.open_due < @today';

/** A filter asking for a unit's overdue recommendations and nothing else (the unit links alone answer it). */
export function isUnitOverdueOnly(f: RecommendationFilter): boolean {
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
