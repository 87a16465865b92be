import Database from 'better-sqlite3';
import { CLOSED_STATUSES, RecommendationEvent, RecommendationState, isClosed } from '@gov/domain';
import { sqlList } from '../sql';
import { Projected, ProjectionContext, ProjectionHandler, RECOMMENDATION_EVENT_TYPES, ReadModelProjection } from '../projection';

/**
 * Which units each recommendation is assigned to (lead or co-executor), with the due date they are
 * held to while it is open: a unit's overdue recommendations are one range of an index. Kept change
 * by change live; a replay from zero derives them from the final recommendation rows.
 */
export const unitLinksProjection: ReadModelProjection<RecommendationEvent> = {
  name: 'unit links',
  tables: {
    // open_due is the due date while the recommendation is open (NULL once closed); adopted_at never changes.
    recommendation_units: `CREATE TABLE recommendation_units (
      unit_id TEXT NOT NULL, rec INTEGER NOT NULL, lead INTEGER NOT NULL, open_due TEXT, adopted_at TEXT NOT NULL, PRIMARY KEY (unit_id, rec)
    ) WITHOUT ROWID;
    CREATE INDEX rec_units_rec ON recommendation_units (rec);`,
  },
  // A unit's overdue ones: counted along the first, listed newest first along the second (open ones only).
  queryIndexes: `
    CREATE INDEX IF NOT EXISTS rec_units_open_due ON recommendation_units (unit_id, open_due);
    CREATE INDEX IF NOT EXISTS rec_units_open_adopted ON recommendation_units (unit_id, adopted_at, open_due) WHERE open_due IS NOT NULL;
  `,
  canHandle: RECOMMENDATION_EVENT_TYPES,
  open: (db) => new UnitLinks(db),
};

/** The due date a unit is held to while the recommendation is open; none once it is closed. */
const openDue = (s: RecommendationState) => (isClosed(s.status) ? null : s.dueDate);
const OPEN_DUE_OF_ROW = `CASE WHEN status IN (${sqlList(CLOSED_STATUSES)}) THEN NULL ELSE due_date END`;

class UnitLinks implements ProjectionHandler<RecommendationEvent> {
  private readonly clear;
  private readonly insert;
  private readonly due;

  constructor(private readonly db: Database.Database) {
    this.clear = db.prepare('DELETE FROM recommendation_units WHERE rec = ?');
    this.insert = db.prepare(
      'INSERT OR REPLACE INTO recommendation_units (unit_id, rec, lead, open_due, adopted_at) VALUES (?, ?, ?, ?, ?)',
    );
    this.due = db.prepare('UPDATE recommendation_units SET open_due = ? WHERE rec = ?');
  }

  handle(events: ReadonlyArray<Projected<RecommendationEvent>>, ctx: ProjectionContext): void {
    if (ctx.replaying) return;
    for (const { event, change } of events) {
      const { seq, before, after } = change;
      if (event.type === 'ResponsibilityAssigned') {
        this.clear.run(seq);
        this.insert.run(after.leadUnitId, seq, 1, openDue(after), after.adoptedAt);
        for (const unitId of after.coExecutorUnitIds) this.insert.run(unitId, seq, 0, openDue(after), after.adoptedAt);
      } else if (openDue(before) !== openDue(after)) {
        this.due.run(openDue(after), seq);
      }
    }
  }

  derive(): void {
    this.db.exec(`
      DELETE FROM recommendation_units;
      INSERT OR REPLACE INTO recommendation_units (unit_id, rec, lead, open_due, adopted_at)
        SELECT lead_unit_id, seq, 1, ${OPEN_DUE_OF_ROW}, adopted_at FROM recommendations WHERE lead_unit_id IS NOT NULL
        UNION ALL SELECT u.value, r.seq, 0, ${OPEN_DUE_OF_ROW}, r.adopted_at FROM recommendations r, json_each(r.co_executor_unit_ids) u;
    `);
  }
}
