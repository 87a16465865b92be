import Database from 'better-sqlite3';

/** The report that cited the evidence, by the event that reported it. */
export const EVIDENCE_REPORTS = { ProgressReported: 'PROGRESS', ImplementationReported: 'IMPLEMENTATION' } as const;
export type EvidenceReport = (typeof EVIDENCE_REPORTS)[keyof typeof EVIDENCE_REPORTS];

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
