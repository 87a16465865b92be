import Database from 'better-sqlite3';
import { RecommendationEvent, RecommendationState, parseStreamId, recommendationDecider } from '@gov/domain';
import { RecordedEvent } from '@gov/event-store';
import { RecommendationChange } from './projection';
import type { RecommendationRow } from './projections/recommendation-rows.projection';
import { stateOfRow } from './projections/recommendation-view';

/**
 * Recently folded recommendations kept beyond the current flush, so a replay does not read back
 * what it just wrote: a fixed bound (about 1 KB of heap a state, so at most ~250 MB), not one that
 * grows with the log. Replaying the bench's 10-million log through a cache of recently used
 * states, 200 000 missed 4.5 % of recommendation events by the fourth million (and more later),
 * 250 000 missed 0.09 % of all ten million; 50 000 missed 60 % (a point query and a parse each).
 */
const RECENT = 250_000;

/**
 * Folds each recommendation event with the domain's own evolve, once for every projection, so the
 * read model cannot drift from the rules. A state not in memory is read back from its
 * recommendations row (which holds all of it but the text, which evolve never changes).
 */
export class RecommendationFold {
  private readonly row;
  private readonly maxSeq;
  /** Folded since the last flush: their rows may not be written yet, so these are never evicted. */
  private readonly unsettled = new Map<string, Known>();
  private readonly recent = new Map<string, Known>();
  /** The next recommendation's key: SQLite's own next rowid (one past the largest; rows are never deleted). */
  private nextSeq: number | undefined;

  constructor(db: Database.Database) {
    this.row = db.prepare('SELECT * FROM recommendations WHERE id = ?');
    this.maxSeq = db.prepare('SELECT coalesce(max(seq), 0) FROM recommendations').pluck();
  }

  /** The change an event makes; none for an event about a recommendation never adopted (the deciders never write one). */
  apply(recorded: RecordedEvent, event: RecommendationEvent): RecommendationChange | undefined {
    const id = parseStreamId(recorded.streamId)?.id;
    if (id === undefined) return undefined;
    const known = this.unsettled.get(id) ?? this.recent.get(id) ?? this.read(id);
    let seq: number;
    if (event.type === 'RecommendationAdopted') {
      this.nextSeq ??= (this.maxSeq.get() as number) + 1;
      seq = this.nextSeq++;
    } else if (known) seq = known.seq;
    else return undefined;
    const before = known?.state ?? recommendationDecider.initialState();
    const after = recommendationDecider.evolve(before, event);
    this.unsettled.set(id, { seq, state: after });
    return { id, seq, before, after };
  }

  /** Every folded state's row is written: they may now be evicted. */
  settle(): void {
    for (const [id, known] of this.unsettled) {
      this.recent.delete(id);
      this.recent.set(id, known);
    }
    this.unsettled.clear();
    for (const id of this.recent.keys()) {
      if (this.recent.size <= RECENT) break;
      this.recent.delete(id);
    }
  }

  reset(): void {
    this.unsettled.clear();
    this.recent.clear();
    this.nextSeq = undefined;
  }

  private read(id: string): Known | undefined {
    const row = this.row.get(id) as RecommendationRow | undefined;
    return row && { seq: row.seq, state: { ...stateOfRow(row), text: null, implementationReportedBy: row.implementation_reported_by } };
  }
}

interface Known {
  seq: number;
  state: RecommendationState;
}
