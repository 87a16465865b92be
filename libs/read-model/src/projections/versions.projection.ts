import Database from 'better-sqlite3';
import { RecommendationEvent } from '@gov/domain';
import { Projected, ProjectionHandler, RECOMMENDATION_EVENT_TYPES, ReadModelProjection } from '../projection';

type Versioned = Exclude<RecommendationEvent, { type: 'CommentAdded' }>;

/** One row per change of a recommendation, as it stood after it: answers asOf queries without replaying the log. */
export const versionsProjection: ReadModelProjection<Versioned> = {
  name: 'versions',
  tables: {
    recommendation_versions: `CREATE TABLE recommendation_versions (
      rec INTEGER NOT NULL, position INTEGER NOT NULL, recorded_at TEXT NOT NULL, status TEXT NOT NULL,
      lead_unit_id TEXT, co_executor_unit_ids TEXT NOT NULL, due_date TEXT, percent INTEGER NOT NULL, extensions INTEGER NOT NULL,
      closed_at TEXT
    );`,
  },
  queryIndexes: `
    -- Rows arrive in log order (cheap appends); this index finds a recommendation's version at a cut-off.
    CREATE INDEX IF NOT EXISTS rec_versions_rec ON recommendation_versions (rec, position);
    -- Log time to log position: both grow together, so an asOf time becomes a position cut-off.
    CREATE INDEX IF NOT EXISTS rec_versions_time ON recommendation_versions (recorded_at, position);
  `,
  // A comment changes nothing a version records.
  canHandle: RECOMMENDATION_EVENT_TYPES.filter((t): t is Versioned['type'] => t !== 'CommentAdded'),
  open: (db) => new Versions(db),
};

class Versions implements ProjectionHandler<Versioned> {
  private readonly insert;

  constructor(db: Database.Database) {
    this.insert =
      db.prepare(`INSERT INTO recommendation_versions (rec, position, recorded_at, status, lead_unit_id, co_executor_unit_ids, due_date, percent, extensions, closed_at)
                  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  }

  handle(events: ReadonlyArray<Projected<Versioned>>): void {
    for (const { change, recorded, position } of events) {
      const s = change.after;
      this.insert.run(
        change.seq,
        position,
        recorded.recordedAt,
        s.status,
        s.leadUnitId,
        unitListJson(s.coExecutorUnitIds),
        s.dueDate,
        s.percent,
        s.extensions,
        s.closedAt,
      );
    }
  }
}

/** evolve keeps a unit list by reference until it is reassigned: each list is serialised once. */
const unitListJsons = new WeakMap<readonly string[], string>();
function unitListJson(units: readonly string[]): string {
  let text = unitListJsons.get(units);
  if (text === undefined) unitListJsons.set(units, (text = JSON.stringify(units)));
  return text;
}
