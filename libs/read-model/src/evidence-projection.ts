import Database from 'better-sqlite3';
import { RecommendationEvent } from '@gov/domain';
import { RecordedEvent } from '@gov/event-store';

/**
 * Evidence cited in progress and implementation reports, one row per item: it answers a
 * recommendation's evidence list and, by hash, which recommendations cite a file (download rights).
 */
export const EVIDENCE_TABLES = `
  CREATE TABLE evidence (
    recommendation_id TEXT NOT NULL, position INTEGER NOT NULL, ord INTEGER NOT NULL, report TEXT NOT NULL,
    name TEXT NOT NULL, sha256 TEXT NOT NULL, uri TEXT, unit_id TEXT NOT NULL, reported_at TEXT NOT NULL, recorded_at TEXT NOT NULL,
    PRIMARY KEY (recommendation_id, position, ord)
  ) WITHOUT ROWID;
  CREATE INDEX evidence_sha256 ON evidence (sha256);
`;
export const EVIDENCE_TABLE_NAMES = ['evidence'];

const REPORTS = { ProgressReported: 'PROGRESS', ImplementationReported: 'IMPLEMENTATION' } as const;
export type EvidenceReport = (typeof REPORTS)[keyof typeof REPORTS];

export interface EvidenceView {
  recommendationId: string;
  report: EvidenceReport;
  name: string;
  sha256: string;
  uri: string | null;
  unitId: string;
  /** Business time of the report. */
  reportedAt: string;
  /** Log time and position of the report. */
  recordedAt: string;
  position: string;
}

/** Writes the evidence rows, inside the projector's transaction like every other projected table. */
export class EvidenceProjection {
  private readonly insert;

  constructor(db: Database.Database) {
    this.insert = db.prepare(
      `INSERT OR REPLACE INTO evidence (recommendation_id, position, ord, report, name, sha256, uri, unit_id, reported_at, recorded_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
  }

  apply(recorded: RecordedEvent, event: { type: string }): void {
    if (event.type !== 'ProgressReported' && event.type !== 'ImplementationReported') return;
    const { data } = event as Extract<RecommendationEvent, { type: 'ProgressReported' | 'ImplementationReported' }>;
    data.evidence.forEach((e, ord) =>
      this.insert.run(
        data.recommendationId,
        Number(recorded.position),
        ord,
        REPORTS[event.type as keyof typeof REPORTS],
        e.name,
        e.sha256.toLowerCase(),
        e.uri,
        data.unitId,
        data.at,
        recorded.recordedAt,
      ),
    );
  }
}

interface Row {
  recommendation_id: string;
  position: number;
  report: EvidenceReport;
  name: string;
  sha256: string;
  uri: string | null;
  unit_id: string;
  reported_at: string;
  recorded_at: string;
}

const toView = (r: Row): EvidenceView => ({
  recommendationId: r.recommendation_id,
  report: r.report,
  name: r.name,
  sha256: r.sha256,
  uri: r.uri,
  unitId: r.unit_id,
  reportedAt: r.reported_at,
  recordedAt: r.recorded_at,
  position: String(r.position),
});

export class EvidenceQueries {
  private readonly s;

  constructor(db: Database.Database) {
    this.s = {
      ofRecommendation: db.prepare(
        `SELECT * FROM evidence WHERE recommendation_id = ? AND recorded_at <= coalesce(?, recorded_at) ORDER BY position DESC, ord`,
      ),
      citing: db.prepare(
        `SELECT e.recommendation_id AS recommendationId, r.published, e.name
         FROM evidence e JOIN recommendations r ON r.id = e.recommendation_id WHERE e.sha256 = ? ORDER BY e.position`,
      ),
    };
  }

  /**
   * Every evidence item cited on a recommendation, newest first; with `recordedUpTo` (an asOf
   * answer's last change) only what had been reported by then.
   */
  ofRecommendation(recommendationId: string, recordedUpTo?: string): EvidenceView[] {
    return (this.s.ofRecommendation.all(recommendationId, recordedUpTo ?? null) as Row[]).map(toView);
  }

  /** The recommendations citing a file, whether each is published, and the names it is cited under (oldest first). */
  citing(sha256: string): Array<{ recommendationId: string; published: boolean; name: string }> {
    return (this.s.citing.all(sha256.toLowerCase()) as Array<{ recommendationId: string; published: number; name: string }>).map((c) => ({
      ...c,
      published: c.published === 1,
    }));
  }
}
