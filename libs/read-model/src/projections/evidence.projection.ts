import Database from 'better-sqlite3';
import { RecommendationEvent } from '@gov/domain';
import { EVIDENCE_REPORTS } from './evidence.queries';
import { Projected, eventProjection } from '../projection';

type Reported = Extract<RecommendationEvent, { type: 'ProgressReported' | 'ImplementationReported' }>;

/**
 * Evidence cited in progress and implementation reports, one row per item: it answers a
 * recommendation's evidence list and, by hash, which recommendations cite a file (download rights).
 */
export const evidenceProjection = eventProjection<Reported, ReturnType<typeof prepare>>({
  name: 'evidence',
  tables: {
    // Keyed in log order, so a replay appends rows rather than inserting them at random keys.
    evidence: `CREATE TABLE evidence (
      position INTEGER NOT NULL, ord INTEGER NOT NULL, recommendation_id TEXT NOT NULL, report TEXT NOT NULL,
      name TEXT NOT NULL, sha256 TEXT NOT NULL, uri TEXT, unit_id TEXT NOT NULL, reported_at TEXT NOT NULL, recorded_at TEXT NOT NULL,
      PRIMARY KEY (position, ord)
    ) WITHOUT ROWID;`,
  },
  queryIndexes: `
    CREATE INDEX IF NOT EXISTS evidence_rec ON evidence (recommendation_id, position, ord);
    CREATE INDEX IF NOT EXISTS evidence_sha256 ON evidence (sha256);
  `,
  prepare,
  on: { ProgressReported: cited, ImplementationReported: cited },
});

function cited({ event, recorded, position }: Projected<Reported>, insert: ReturnType<typeof prepare>): void {
  const { data } = event;
  data.evidence.forEach((e, ord) =>
    insert.run(
      position,
      ord,
      data.recommendationId,
      EVIDENCE_REPORTS[event.type],
      e.name,
      e.sha256.toLowerCase(),
      e.uri,
      data.unitId,
      data.at,
      recorded.recordedAt,
    ),
  );
}

function prepare(db: Database.Database) {
  return db.prepare(
    `INSERT OR REPLACE INTO evidence (position, ord, recommendation_id, report, name, sha256, uri, unit_id, reported_at, recorded_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
}
