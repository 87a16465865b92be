import { EventStore } from '@gov/event-store';
import { MeetingQueries, Projector, RecommendationFilter, RecommendationQueries, RecommendationView } from '@gov/read-model';
import { LogPoint } from './log-point';

/** Where reports read from: the log (exact state at a position) and the read model (what to list). */
export interface ReportSources {
  events: EventStore;
  recommendations: RecommendationQueries;
  meetings: MeetingQueries;
  projector: Projector;
  /** How long to wait for the read model to reach a position just written. */
  readModelTimeoutMs: number;
}

/**
 * Recommendations a report reads at once: each read is one synchronous block of the thread that
 * answers queries (better-sqlite3), so pages are short and queries are answered between them.
 */
const REPORT_PAGE = 50;

/**
 * The recommendations matching a filter as they stood at a point, a page at a time in adoption
 * order (keyset pages, so a long register never sits in memory). Waits for the read model first.
 */
export async function* recommendationPagesAt(
  sources: ReportSources,
  filter: RecommendationFilter,
  point: LogPoint,
  /** The moment overdue and day counts are taken at: the point's own time unless given. */
  now = new Date(point.at ?? 0),
): AsyncGenerator<RecommendationView[]> {
  await sources.projector.waitFor(point.position, sources.readModelTimeoutMs);
  let after: string | undefined;
  do {
    const page = sources.recommendations.list({
      filter,
      orderBy: 'ADOPTED_AT_ASC',
      first: REPORT_PAGE,
      after,
      asOfPosition: point.position,
      now,
    });
    yield page.nodes.map((n) => n.node);
    after = page.hasNextPage ? page.nodes.at(-1)!.cursor : undefined;
    // The next page after whatever waits (a page's yield alone would go on within this turn).
    if (after) await new Promise((resolve) => setImmediate(resolve));
  } while (after);
}

export async function allRecommendationsAt(sources: ReportSources, filter: RecommendationFilter, point: LogPoint) {
  const all: RecommendationView[] = [];
  for await (const page of recommendationPagesAt(sources, filter, point)) all.push(...page);
  return all;
}
