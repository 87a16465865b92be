import Database from 'better-sqlite3';
import {
  MeetingEvent,
  MultilingualText,
  Origin,
  Priority,
  RecommendationEvent,
  RecommendationState,
  RecommendationStatus,
  daysToClose,
} from '@gov/domain';
import { Projected, ProjectionHandler, RECOMMENDATION_EVENT_TYPES, ReadModelProjection, json } from '../projection';

type Handled = RecommendationEvent | Extract<MeetingEvent, { type: 'MeetingPublished' }>;

/** Lower-cased text of every language, for search that works for Kazakh and Russian alike. */
export const searchable = (...parts: Array<string | MultilingualText | null | undefined>) =>
  parts
    .flatMap((p) =>
      p === null || p === undefined
        ? []
        : typeof p === 'string'
          ? [p]
          : Object.values(p as Record<string, string | undefined>).filter(Boolean),
    )
    .join(' \u0001 ')
    .toLocaleLowerCase();

/** A row of `recommendations` as SQLite returns it: what the fold reads back and queries map to views. */
export interface RecommendationRow {
  seq: number;
  id: string;
  body_id: string;
  meeting_id: string;
  agenda_item_id: string;
  number: string;
  origin: Origin;
  priority: Priority;
  status: RecommendationStatus;
  lead_unit_id: string | null;
  co_executor_unit_ids: string;
  due_date: string | null;
  original_due_date: string | null;
  extensions: number;
  pending_extension: string | null;
  percent: number;
  implementation_reported_by: string | null;
  adopted_at: string;
  closed_at: string | null;
  days_to_close: number | null;
  updated_at: string;
  revision: number;
  position: number;
  published: number;
}

/**
 * One row per recommendation, as the domain's fold leaves it, and its text apart. Rows are written
 * behind: each once per flush however many events touched it, and only in the columns that changed.
 */
export const recommendationRowsProjection: ReadModelProjection<Handled> = {
  name: 'recommendation rows',
  tables: {
    // Narrow rows: oversight queries scan this table and its covering index; texts live apart.
    // seq is the stable integer key versions refer to (an implicit rowid may change on VACUUM).
    recommendations: `CREATE TABLE recommendations (
      seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, body_id TEXT NOT NULL, meeting_id TEXT NOT NULL, agenda_item_id TEXT NOT NULL, number TEXT NOT NULL,
      origin TEXT NOT NULL, priority TEXT NOT NULL, status TEXT NOT NULL, lead_unit_id TEXT, co_executor_unit_ids TEXT NOT NULL DEFAULT '[]',
      due_date TEXT, original_due_date TEXT, extensions INTEGER NOT NULL DEFAULT 0, pending_extension TEXT, percent INTEGER NOT NULL DEFAULT 0,
      implementation_reported_by TEXT, adopted_at TEXT NOT NULL, closed_at TEXT, days_to_close INTEGER, updated_at TEXT NOT NULL, revision INTEGER NOT NULL,
      position INTEGER NOT NULL, published INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX rec_meeting ON recommendations (meeting_id);`,
    // Keyed by the recommendation's seq (adoption order), so a replay appends texts (big rows)
    // instead of inserting them at random places in a table that outgrows the page cache.
    recommendation_texts: 'CREATE TABLE recommendation_texts (seq INTEGER PRIMARY KEY, text TEXT NOT NULL, search TEXT NOT NULL);',
  },
  queryIndexes: `
    CREATE INDEX IF NOT EXISTS rec_adopted ON recommendations (adopted_at, id);
    CREATE INDEX IF NOT EXISTS rec_due ON recommendations (due_date, id);
    -- Keyset pages in adoption order within a status or a body, without sorting all matches.
    CREATE INDEX IF NOT EXISTS rec_status_adopted ON recommendations (status, adopted_at, id);
    CREATE INDEX IF NOT EXISTS rec_body_adopted ON recommendations (body_id, adopted_at, id);
    -- Counts overdue ones by range scans over open statuses, reading the index only.
    CREATE INDEX IF NOT EXISTS rec_overdue ON recommendations (status, due_date, body_id, lead_unit_id, adopted_at);
  `,
  canHandle: [...RECOMMENDATION_EVENT_TYPES, 'MeetingPublished'],
  open: (db) => new RecommendationRows(db),
};

class RecommendationRows implements ProjectionHandler<Handled> {
  private readonly insert;
  private readonly insertText;
  private readonly publish;
  private readonly updates = new Map<string, Database.Statement>();
  /** Rows changed since the last flush, by seq: the state the row holds, the state to write, and the last event's coordinates. */
  private readonly dirty = new Map<number, { stored: RecommendationState; current: RecommendationState; last: LastChange }>();

  constructor(private readonly db: Database.Database) {
    this.insert =
      db.prepare(`INSERT INTO recommendations (seq, id, body_id, meeting_id, agenda_item_id, number, origin, priority, status, adopted_at, updated_at, revision, position, published)
                  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, coalesce((SELECT published FROM meetings WHERE id = ?), 0))`);
    this.insertText = db.prepare('INSERT OR REPLACE INTO recommendation_texts (seq, text, search) VALUES (?, ?, ?)');
    this.publish = db.prepare('UPDATE recommendations SET published = 1 WHERE meeting_id = ?');
  }

  get heldBack(): number {
    return this.dirty.size;
  }

  handle(events: ReadonlyArray<Projected<Handled>>): void {
    for (const p of events) {
      if (p.event.type === 'MeetingPublished') this.publish.run(p.event.data.meetingId);
      else this.apply(p as Projected<RecommendationEvent>);
    }
  }

  private apply({ event, change, recorded, revision, position }: Projected<RecommendationEvent>): void {
    const { id, seq, before, after: s } = change;
    if (event.type === 'RecommendationAdopted') {
      this.insert.run(
        seq,
        id,
        s.bodyId,
        s.meetingId,
        s.agendaItemId,
        s.number,
        s.origin,
        s.priority,
        s.status,
        s.adoptedAt,
        recorded.recordedAt,
        revision,
        position,
        s.meetingId,
      );
      this.insertText.run(seq, json(s.text), searchable(s.number, s.text));
      return;
    }
    // Only what the row records of the last event: holding the event itself would hold its data.
    const last = { recordedAt: recorded.recordedAt, revision, position };
    this.dirty.set(seq, { stored: this.dirty.get(seq)?.stored ?? before, current: s, last });
  }

  flush(): void {
    for (const [seq, { stored, current, last }] of this.dirty) this.update(seq, stored, current, last);
    this.dirty.clear();
  }

  reset(): void {
    this.dirty.clear();
  }

  /** Writes only the columns that changed, so indexes on unchanged ones are left alone. */
  /** By seq, the table's own key: no search of the id index. */
  private update(seq: number, before: RecommendationState, after: RecommendationState, last: LastChange): void {
    const columns: string[] = [];
    const values: unknown[] = [];
    for (const [column, read, write] of COLUMNS) {
      const value = read(after);
      // evolve keeps unchanged arrays and objects by reference, so identity tells what changed.
      if (value !== read(before)) {
        columns.push(column);
        values.push(write ? write(value) : value);
      }
    }
    const key = columns.join(',');
    let statement = this.updates.get(key);
    if (!statement) {
      const set = [...columns, 'updated_at', 'revision', 'position'].map((c) => `${c} = ?`).join(', ');
      this.updates.set(key, (statement = this.db.prepare(`UPDATE recommendations SET ${set} WHERE seq = ?`)));
    }
    statement.run(...values, last.recordedAt, last.revision, last.position, seq);
  }
}

/** What a recommendation row keeps of the last event applied to it. */
interface LastChange {
  recordedAt: string;
  revision: number;
  position: number;
}

/** Mutable columns of a recommendation row, how each is read off the decider state, and stored. */
const COLUMNS: Array<[string, (s: RecommendationState) => unknown, ((v: unknown) => string | null)?]> = [
  ['status', (s) => s.status],
  ['lead_unit_id', (s) => s.leadUnitId],
  ['co_executor_unit_ids', (s) => s.coExecutorUnitIds, json],
  ['due_date', (s) => s.dueDate],
  ['original_due_date', (s) => s.originalDueDate],
  ['extensions', (s) => s.extensions],
  ['pending_extension', (s) => s.pendingExtension, json],
  ['percent', (s) => s.percent],
  ['implementation_reported_by', (s) => s.implementationReportedBy],
  ['closed_at', (s) => s.closedAt],
  ['days_to_close', (s) => daysToClose(s)],
];
