import Database from 'better-sqlite3';

/** The report that cited the evidence, by the event that reported it. */
export const EVIDENCE_REPORTS = { ProgressReported: 'PROGRESS', ImplementationReported: 'IMPLEMENTATION' } as const;
export type EvidenceReport = (typeof EVIDENCE_REPORTS)[keyof typeof EVIDENCE_REPORTS];

export interface Citation {
  kind: 'EVIDENCE' | 'PAPER';
  citedBy: string;
  published: boolean;
  name: string;
}

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
        `SELECT 'EVIDENCE' AS kind, e.recommendation_id AS citedBy, r.published, e.name, e.position
         FROM evidence e JOIN recommendations r ON r.id = e.recommendation_id WHERE e.sha256 = @sha256 AND e.uri IS NULL
         UNION ALL
         SELECT 'PAPER', p.meeting_id, m.published, p.name, p.position
         FROM agenda_item_papers p JOIN meetings m ON m.id = p.meeting_id WHERE p.sha256 = @sha256 AND p.uri IS NULL
         ORDER BY 5`,
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

  /**
   * What cites a file, oldest first: recommendations' reports (EVIDENCE, citedBy the recommendation)
   * and meeting papers (PAPER, citedBy the meeting), whether each is published, and the name it is cited under.
   * A citation with a URI points elsewhere: its hash was never checked against the store, so it serves no stored bytes.
   */
  citing(sha256: string): Citation[] {
    return (this.s.citing.all({ sha256: sha256.toLowerCase() }) as Array<Omit<Citation, 'published'> & { published: number }>).map((c) => ({
      kind: c.kind,
      citedBy: c.citedBy,
      published: c.published === 1,
      name: c.name,
    }));
  }
}
