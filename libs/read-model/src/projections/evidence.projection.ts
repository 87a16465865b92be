import Database from 'better-sqlite3';
import { RecommendationEvent } from '@gov/domain';
import { EVIDENCE_REPORTS } from '../evidence-queries';
import { Projected, eventProjection } from '../projection';

type Reported = Extract<RecommendationEvent, { type: 'ProgressReported' | 'ImplementationReported' }>;

/**
 * Evidence cited in progress and implementation reports, one row per item: it answers a
 * recommendation's evidence list and, by hash, which recommendations cite a file (download rights).
 */
export const evidenceProjection = eventProjection<Reported, ReturnType<typeof prepare>>({
  name: 'evidence',
  tables: {
    evidence: `CREATE TABLE evidence (
      recommendation_id TEXT NOT NULL, position INTEGER NOT NULL, ord INTEGER NOT NULL, report TEXT NOT NULL,
      name TEXT NOT NULL, sha256 TEXT NOT NULL, uri TEXT, unit_id TEXT NOT NULL, reported_at TEXT NOT NULL, recorded_at TEXT NOT NULL,
      PRIMARY KEY (recommendation_id, position, ord)
    ) WITHOUT ROWID;
    CREATE INDEX evidence_sha256 ON evidence (sha256);`,
  },
  prepare,
  on: { ProgressReported: cited, ImplementationReported: cited },
});

function cited({ event, recorded, position }: Projected<Reported>, insert: ReturnType<typeof prepare>): void {
  const { data } = event;
  data.evidence.forEach((e, ord) =>
    insert.run(
      data.recommendationId,
      position,
      ord,
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
    `INSERT OR REPLACE INTO evidence (recommendation_id, position, ord, report, name, sha256, uri, unit_id, reported_at, recorded_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
}
