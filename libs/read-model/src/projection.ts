import Database from 'better-sqlite3';
import {
  CLOSED_STATUSES,
  MeetingEvent,
  RecommendationEvent,
  RecommendationState,
  BodyEvent,
  UnitEvent,
  isClosed,
  recommendationDecider,
} from '@gov/domain';
import { RecordedEvent } from '@gov/event-store';
import { EvidenceProjection } from './evidence-projection';
import { middleOf } from './sql';

type AnyEvent = UnitEvent | BodyEvent | MeetingEvent | RecommendationEvent;
const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));

/** Lower-cased text of every language, for search that works for Kazakh and Russian alike. */
export const searchable = (...parts: Array<string | Record<string, string | undefined> | null | undefined>) =>
  parts
    .flatMap((p) => (p === null || p === undefined ? [] : typeof p === 'string' ? [p] : Object.values(p).filter(Boolean)))
    .join(' \u0001 ')
    .toLocaleLowerCase();

/**
 * Applies one event to the read tables. Runs inside the projector's transaction, together with
 * the checkpoint, so it is applied exactly once. Recommendations are folded with the domain's own
 * evolve, so the read model cannot drift from the rules.
 */
export class Projection {
  private readonly s;
  private readonly evidence: EvidenceProjection;

  constructor(private readonly db: Database.Database) {
    this.evidence = new EvidenceProjection(db);
    const p = (sql: string) => db.prepare(sql);
    this.s = {
      unitInsert: p(
        'INSERT OR REPLACE INTO units (id, name, kind, parent_unit_id, status, registered_at, revision) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      unitName: p('UPDATE units SET name = ?, revision = ? WHERE id = ?'),
      unitStatus: p('UPDATE units SET status = ?, revision = ? WHERE id = ?'),
      bodyInsert: p(
        'INSERT OR REPLACE INTO bodies (id, name, kind, host_unit_id, region, status, established_at, revision) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      bodyStatus: p('UPDATE bodies SET status = ?, revision = ? WHERE id = ?'),
      bodyRevision: p('UPDATE bodies SET revision = ? WHERE id = ?'),
      memberInsert: p(
        'INSERT OR REPLACE INTO members (body_id, member_id, full_name, role, affiliation, appointed_at, left_at) VALUES (?, ?, ?, ?, ?, ?, NULL)',
      ),
      memberRole: p('UPDATE members SET role = ? WHERE body_id = ? AND member_id = ?'),
      memberLeft: p('UPDATE members SET left_at = ? WHERE body_id = ? AND member_id = ?'),
      meetingInsert: p(`INSERT OR REPLACE INTO meetings (id, body_id, number, kind, title, starts_at, place, format, status, revision)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'SCHEDULED', ?)`),
      meetingSet: (cols: string) => p(`UPDATE meetings SET ${cols}, revision = @revision WHERE id = @id`),
      agendaInsert: p(`INSERT OR REPLACE INTO agenda_items (meeting_id, item_id, ord, title, speaker, covers_meeting_ids, as_of_position)
                       VALUES (?, ?, (SELECT coalesce(max(ord), -1) + 1 FROM agenda_items WHERE meeting_id = ?), ?, ?, ?, ?)`),
      agendaRemove: p('DELETE FROM agenda_items WHERE meeting_id = ? AND item_id = ?'),
      agendaOrder: p('UPDATE agenda_items SET ord = ? WHERE meeting_id = ? AND item_id = ?'),
      agendaMinutes: p('UPDATE agenda_items SET minutes = ? WHERE meeting_id = ? AND item_id = ?'),
      publishRecs: p('UPDATE recommendations SET published = 1 WHERE meeting_id = ?'),
      recRow: p('SELECT * FROM recommendations WHERE id = ?'),
      recInsert:
        p(`INSERT INTO recommendations (id, body_id, meeting_id, agenda_item_id, number, origin, priority, status, adopted_at, updated_at, revision, position, published)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, coalesce((SELECT published FROM meetings WHERE id = ?), 0))`),
      recText: p('INSERT OR REPLACE INTO recommendation_texts (id, text, search) VALUES (?, ?, ?)'),
      recUpdate: (columns: string[]) =>
        p(
          `UPDATE recommendations SET ${[...columns, 'updated_at', 'revision', 'position'].map((c) => `${c} = ?`).join(', ')} WHERE id = ?`,
        ),
      countAdds: COUNTS.map((c) =>
        p(`INSERT INTO ${c.table} (${c.columns}, n) VALUES (${c.columns
          .split(',')
          .map(() => '?')
          .join(', ')}, ?)
           ON CONFLICT (${c.columns}) DO UPDATE SET n = n + excluded.n`),
      ),
      recUnitsClear: p('DELETE FROM recommendation_units WHERE rec = ?'),
      recUnitInsert: p('INSERT OR REPLACE INTO recommendation_units (unit_id, rec, lead, open_due) VALUES (?, ?, ?, ?)'),
      recUnitsDue: p('UPDATE recommendation_units SET open_due = ? WHERE rec = ?'),
      medianSet: p('INSERT OR REPLACE INTO rec_medians (dim, key, median) VALUES (?, ?, ?)'),
      medianDrop: p('DELETE FROM rec_medians WHERE dim = ? AND key = ?'),
      // Along the (group, days_to_close) query indexes: a count and an offset walk within one group.
      medianCount: mapGroups((g) => p(`SELECT count(*) FROM recommendations WHERE days_to_close IS NOT NULL AND ${g.column} IS ?`).pluck()),
      medianPick: mapGroups((g) =>
        p(
          `SELECT days_to_close FROM recommendations WHERE days_to_close IS NOT NULL AND ${g.column} IS ? ORDER BY days_to_close LIMIT ? OFFSET ?`,
        ).pluck(),
      ),
      medianKeys: mapGroups((g) => p(`SELECT DISTINCT ${g.keyOfRow} FROM recommendations WHERE days_to_close IS NOT NULL`).pluck()),
      recVersion:
        p(`INSERT INTO recommendation_versions (rec, position, recorded_at, status, lead_unit_id, co_executor_unit_ids, due_date, percent, extensions, closed_at)
                     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    };
    this.meetingUpdates = {
      rescheduled: this.s.meetingSet('starts_at = @startsAt, place = @place'),
      cancelled: this.s.meetingSet("status = 'CANCELLED', cancel_reason = @reason"),
      held: this.s.meetingSet(
        "status = 'HELD', held_at = @heldAt, members_present = @present, members_total = @total, guests = @guests, quorum = @quorum",
      ),
      approved: this.s.meetingSet("status = 'MINUTES_APPROVED', minutes_approved_at = @at"),
      published: this.s.meetingSet('published = 1, published_at = @at'),
      touched: this.s.meetingSet('id = id'),
    };
  }

  private readonly meetingUpdates;

  apply(recorded: RecordedEvent, event: AnyEvent): void {
    const revision = Number(recorded.revision);
    const s = this.s;
    this.evidence.apply(recorded, event);
    switch (event.type) {
      case 'UnitRegistered': {
        const d = event.data;
        s.unitInsert.run(d.unitId, json(d.name), d.kind, d.parentUnitId, 'ACTIVE', d.registeredAt, revision);
        return;
      }
      case 'UnitRenamed':
        s.unitName.run(json(event.data.name), revision, event.data.unitId);
        return;
      case 'UnitDeactivated':
        s.unitStatus.run('INACTIVE', revision, event.data.unitId);
        return;
      case 'BodyEstablished': {
        const d = event.data;
        s.bodyInsert.run(d.bodyId, json(d.name), d.kind, d.hostUnitId, d.region, 'ACTIVE', d.establishedAt, revision);
        return;
      }
      case 'MemberAppointed': {
        const d = event.data;
        s.memberInsert.run(d.bodyId, d.memberId, d.fullName, d.role, d.affiliation, d.appointedAt);
        s.bodyRevision.run(revision, d.bodyId);
        return;
      }
      case 'MemberRoleChanged':
        s.memberRole.run(event.data.role, event.data.bodyId, event.data.memberId);
        s.bodyRevision.run(revision, event.data.bodyId);
        return;
      case 'MemberLeft':
        s.memberLeft.run(event.data.leftAt, event.data.bodyId, event.data.memberId);
        s.bodyRevision.run(revision, event.data.bodyId);
        return;
      case 'BodyDissolved':
        s.bodyStatus.run('DISSOLVED', revision, event.data.bodyId);
        return;
      default:
        if (recorded.streamId.startsWith('meeting-')) return this.applyMeeting(event as MeetingEvent, revision);
        if (recorded.streamId.startsWith('recommendation-')) return this.applyRecommendation(recorded, event as RecommendationEvent);
    }
  }

  private applyMeeting(event: MeetingEvent, revision: number): void {
    const s = this.s;
    const u = this.meetingUpdates;
    const id = event.data.meetingId;
    switch (event.type) {
      case 'MeetingScheduled': {
        const d = event.data;
        s.meetingInsert.run(id, d.bodyId, d.number, d.kind, json(d.title), d.startsAt, d.place, d.format, revision);
        return;
      }
      case 'MeetingRescheduled':
        u.rescheduled.run({ id, revision, startsAt: event.data.startsAt, place: event.data.place });
        return;
      case 'MeetingCancelled':
        u.cancelled.run({ id, revision, reason: event.data.reason });
        return;
      case 'AgendaItemAdded':
        s.agendaInsert.run(id, event.data.itemId, id, json(event.data.title), event.data.speaker, null, null);
        break;
      case 'ReportBackItemAdded':
        s.agendaInsert.run(
          id,
          event.data.itemId,
          id,
          json(event.data.title),
          null,
          json(event.data.coversMeetingIds),
          event.data.asOfPosition,
        );
        break;
      case 'AgendaItemRemoved':
        s.agendaRemove.run(id, event.data.itemId);
        break;
      case 'AgendaReordered':
        event.data.itemIds.forEach((itemId, ord) => s.agendaOrder.run(ord, id, itemId));
        break;
      case 'MeetingHeld': {
        const d = event.data;
        u.held.run({
          id,
          revision,
          heldAt: d.heldAt,
          present: json(d.membersPresent),
          total: d.membersTotal,
          guests: json(d.guests),
          quorum: d.quorum ? 1 : 0,
        });
        return;
      }
      case 'AgendaItemDiscussed':
        s.agendaMinutes.run(json(event.data.minutes), id, event.data.itemId);
        break;
      case 'MinutesApproved':
        u.approved.run({ id, revision, at: event.data.approvedAt });
        return;
      case 'MeetingPublished':
        u.published.run({ id, revision, at: event.data.publishedAt });
        s.publishRecs.run(id);
        return;
    }
    u.touched.run({ id, revision });
  }

  /** Recently touched recommendations, so a replay does not read back what it just wrote. Bounded. */
  private readonly states = new Map<string, Known>();
  /**
   * Recommendations changed since the last flush, with the state their row holds: each row is
   * written once per flush however many events touched it, and only in the columns that changed.
   */
  private readonly dirty = new Map<string, { stored: RecommendationState; current: Known; last: LastChange }>();
  /** Running-count moves since the last flush, summed per bucket and written once. */
  private readonly countMoves = new Map<string, number>();

  /**
   * During a replay from zero, the running counts and the unit links are not kept event by event:
   * `derive` computes both from the final recommendation rows in one statement each.
   */
  deriveLater = false;

  derive(): void {
    for (const c of COUNTS) {
      this.db.exec(
        `DELETE FROM ${c.table}; INSERT INTO ${c.table} (${c.columns}, n) SELECT ${c.fromRow}, count(*) FROM recommendations GROUP BY ${c.fromRow}`,
      );
    }
    this.db.exec(`
      DELETE FROM recommendation_units;
      INSERT OR REPLACE INTO recommendation_units (unit_id, rec, lead, open_due)
        SELECT lead_unit_id, seq, 1, ${OPEN_DUE_OF_ROW} FROM recommendations WHERE lead_unit_id IS NOT NULL
        UNION ALL SELECT u.value, r.seq, 0, ${OPEN_DUE_OF_ROW} FROM recommendations r, json_each(r.co_executor_unit_ids) u;
    `);
  }

  /** Every group's median, once the query indexes exist (a replay from zero builds them last). */
  deriveMedians(): void {
    this.db.exec('DELETE FROM rec_medians');
    for (const g of MEDIAN_GROUPS) for (const key of this.s.medianKeys[g.dim].all() as string[]) this.refreshMedian(g, key);
  }

  /** Forgets cached state: after a rolled-back batch the tables, not the cache, are the truth. */
  reset(): void {
    this.states.clear();
    this.dirty.clear();
    this.countMoves.clear();
    this.medianGroups.clear();
  }

  /** Groups whose median days to close the held-back changes move, as dim and key. */
  private readonly medianGroups = new Map<string, [MedianGroup, string]>();

  private touchMedians(s: RecommendationState): void {
    if (daysToClose(s) === null) return;
    for (const g of MEDIAN_GROUPS) {
      const key = g.keyOf(s);
      this.medianGroups.set(`${g.dim}\u0000${key}`, [g, key]);
    }
  }

  private refreshMedian(g: MedianGroup, key: string): void {
    const bound = g.bind(key);
    const n = this.s.medianCount[g.dim].get(bound) as number;
    if (n === 0) {
      this.s.medianDrop.run(g.dim, key);
      return;
    }
    const { take, skip } = middleOf(n);
    const middle = this.s.medianPick[g.dim].all(bound, take, skip) as number[];
    this.s.medianSet.run(g.dim, key, middle.reduce((a, b) => a + b, 0) / middle.length);
  }

  /** Recommendations whose rows wait for `flush`. */
  get heldBack(): number {
    return this.dirty.size;
  }

  /** Writes what was held back; the projector calls it before committing. */
  flush(): void {
    for (const [id, { stored, current, last }] of this.dirty) this.update(id, stored, current.state, last);
    this.dirty.clear();
    for (const [bucket, delta] of this.countMoves) {
      const [table, ...key] = bucket.split('\u0000');
      if (delta !== 0) this.s.countAdds[Number(table)]!.run(...key, delta);
    }
    this.countMoves.clear();
    for (const [g, key] of this.medianGroups.values()) this.refreshMedian(g, key);
    this.medianGroups.clear();
  }

  private known(id: string): Known | undefined {
    const known = this.dirty.get(id)?.current ?? this.states.get(id);
    if (known) return known;
    const row = this.s.recRow.get(id) as RecommendationRow | undefined;
    return row && { seq: row.seq, state: rowToState(row) };
  }

  /** Moves a recommendation between the running-count buckets (-1 out of the old, +1 into the new). */
  private count(s: RecommendationState, delta: 1 | -1): void {
    if (s.status === 'NONE') return;
    COUNTS.forEach((c, table) => {
      const bucket = [table, ...c.bucketOf(s)].join('\u0000');
      this.countMoves.set(bucket, (this.countMoves.get(bucket) ?? 0) + delta);
    });
  }

  private readonly updates = new Map<string, Database.Statement>();

  /** Writes only the columns that changed, so indexes on unchanged ones are left alone. */
  private update(id: string, before: RecommendationState, after: RecommendationState, last: LastChange): void {
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
    if (!statement) this.updates.set(key, (statement = this.s.recUpdate(columns)));
    statement.run(...values, last.recordedAt, last.revision, last.position, id);
  }

  /** The running counts and unit links, event by event (what `derive` computes in one go). */
  private keepDerived(seq: number, event: RecommendationEvent, before: RecommendationState, after: RecommendationState): void {
    if (before.status !== after.status || before.leadUnitId !== after.leadUnitId || before.closedAt !== after.closedAt) {
      this.count(before, -1);
      this.count(after, 1);
      this.touchMedians(before);
      this.touchMedians(after);
    }
    if (event.type === 'ResponsibilityAssigned') {
      this.s.recUnitsClear.run(seq);
      this.s.recUnitInsert.run(after.leadUnitId, seq, 1, openDue(after));
      for (const unitId of after.coExecutorUnitIds) this.s.recUnitInsert.run(unitId, seq, 0, openDue(after));
    } else if (openDue(before) !== openDue(after)) {
      this.s.recUnitsDue.run(openDue(after), seq);
    }
  }

  private applyRecommendation(recorded: RecordedEvent, event: RecommendationEvent): void {
    const id = recorded.streamId.slice('recommendation-'.length);
    const known = this.known(id);
    const before = known?.state ?? recommendationDecider.initialState();
    const st = recommendationDecider.evolve(before, event);
    let seq: number;
    if (event.type === 'RecommendationAdopted') {
      seq = Number(
        this.s.recInsert.run(
          id,
          st.bodyId,
          st.meetingId,
          st.agendaItemId,
          st.number,
          st.origin,
          st.priority,
          st.status,
          st.adoptedAt,
          recorded.recordedAt,
          Number(recorded.revision),
          Number(recorded.position),
          st.meetingId,
        ).lastInsertRowid,
      );
      this.s.recText.run(id, json(st.text), searchable(st.number, st.text as Record<string, string>));
    } else {
      // The deciders never write this; a row to change does not exist, so there is nothing to show.
      if (!known) return;
      seq = known.seq;
    }
    const current = { seq, state: st };
    this.states.delete(id);
    this.states.set(id, current);
    if (this.states.size > STATE_CACHE) this.states.delete(this.states.keys().next().value!);
    if (event.type !== 'RecommendationAdopted') {
      // Only what the row records of the last event: holding the event itself would hold its data.
      const last = { recordedAt: recorded.recordedAt, revision: Number(recorded.revision), position: Number(recorded.position) };
      this.dirty.set(id, { stored: this.dirty.get(id)?.stored ?? before, current, last });
    }
    if (!this.deriveLater) this.keepDerived(seq, event, before, st);
    if (event.type !== 'CommentAdded') {
      this.s.recVersion.run(
        seq,
        Number(recorded.position),
        recorded.recordedAt,
        st.status,
        st.leadUnitId,
        unitListJson(st.coExecutorUnitIds),
        st.dueDate,
        st.percent,
        st.extensions,
        st.closedAt,
      );
    }
  }
}

const STATE_CACHE = 50_000;

/** A recommendation's decider state and the integer key its versions refer to. */
interface Known {
  seq: number;
  state: RecommendationState;
}

/** What a recommendation row keeps of the last event applied to it. */
interface LastChange {
  recordedAt: string;
  revision: number;
  position: number;
}

/** The running-count tables: the bucket a recommendation is in, read off its state or (to derive) its row. */
const COUNTS: Array<{ table: string; columns: string; bucketOf: (s: RecommendationState) => string[]; fromRow: string }> = [
  {
    table: 'rec_counts_month',
    columns: 'body_id, month, status',
    bucketOf: (s) => [s.bodyId!, s.adoptedAt!.slice(0, 7), s.status],
    fromRow: 'body_id, substr(adopted_at, 1, 7), status',
  },
  {
    table: 'rec_counts_unit',
    columns: 'body_id, lead_unit_id, status',
    bucketOf: (s) => [s.bodyId!, s.leadUnitId ?? '', s.status],
    fromRow: "body_id, coalesce(lead_unit_id, ''), status",
  },
];

/**
 * The groups whose medians rec_medians keeps: the key read off a state or a row ('' for none), and
 * the column it is matched on (bound as NULL for '' where the column itself may be NULL).
 */
interface MedianGroup {
  dim: 'MONTH' | 'BODY' | 'UNIT' | 'STATUS' | 'NONE';
  keyOf: (s: RecommendationState) => string;
  keyOfRow: string;
  column: string;
  bind: (key: string) => string | null;
}
const same = (key: string) => key;
const MEDIAN_GROUPS: MedianGroup[] = [
  {
    dim: 'MONTH',
    keyOf: (s) => s.adoptedAt!.slice(0, 7),
    keyOfRow: 'substr(adopted_at, 1, 7)',
    column: 'substr(adopted_at, 1, 7)',
    bind: same,
  },
  { dim: 'BODY', keyOf: (s) => s.bodyId!, keyOfRow: 'body_id', column: 'body_id', bind: same },
  {
    dim: 'UNIT',
    keyOf: (s) => s.leadUnitId ?? '',
    keyOfRow: "coalesce(lead_unit_id, '')",
    column: 'lead_unit_id',
    bind: (key) => key || null,
  },
  { dim: 'STATUS', keyOf: (s) => s.status, keyOfRow: 'status', column: 'status', bind: same },
  { dim: 'NONE', keyOf: () => '', keyOfRow: "''", column: "''", bind: same },
];
function mapGroups<T>(make: (g: MedianGroup) => T): Record<MedianGroup['dim'], T> {
  return Object.fromEntries(MEDIAN_GROUPS.map((g) => [g.dim, make(g)])) as Record<MedianGroup['dim'], T>;
}

/** The due date a unit is held to while the recommendation is open; none once it is closed. */
const openDue = (s: RecommendationState) => (isClosed(s.status) ? null : s.dueDate);
const OPEN_DUE_OF_ROW = `CASE WHEN status IN (${CLOSED_STATUSES.map((c) => `'${c}'`).join(', ')}) THEN NULL ELSE due_date END`;

/** evolve keeps a unit list by reference until it is reassigned: each list is serialised once. */
const unitListJsons = new WeakMap<readonly string[], string>();
function unitListJson(units: readonly string[]): string {
  let text = unitListJsons.get(units);
  if (text === undefined) unitListJsons.set(units, (text = JSON.stringify(units)));
  return text;
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

/** Whole days from adoption to a decision (implemented or not); withdrawn ones are not decided. */
export function daysToClose(s: Pick<RecommendationState, 'status' | 'adoptedAt' | 'closedAt'>): number | null {
  if (!s.closedAt || (s.status !== 'CLOSED_IMPLEMENTED' && s.status !== 'CLOSED_NOT_IMPLEMENTED')) return null;
  return Math.floor((Date.parse(s.closedAt) - Date.parse(s.adoptedAt!)) / 86_400_000);
}

interface RecommendationRow {
  seq: number;
  id: string;
  body_id: string;
  meeting_id: string;
  agenda_item_id: string;
  number: string;
  origin: RecommendationState['origin'];
  priority: RecommendationState['priority'];
  status: RecommendationState['status'];
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
}

/** The row holds the whole decider state but the text, which evolve never changes. */
function rowToState(r: RecommendationRow): RecommendationState {
  return {
    status: r.status,
    id: r.id,
    bodyId: r.body_id,
    meetingId: r.meeting_id,
    agendaItemId: r.agenda_item_id,
    number: r.number,
    text: null,
    origin: r.origin,
    priority: r.priority,
    adoptedAt: r.adopted_at,
    leadUnitId: r.lead_unit_id,
    coExecutorUnitIds: JSON.parse(r.co_executor_unit_ids),
    originalDueDate: r.original_due_date,
    dueDate: r.due_date,
    extensions: r.extensions,
    pendingExtension: r.pending_extension ? JSON.parse(r.pending_extension) : null,
    percent: r.percent,
    implementationReportedBy: r.implementation_reported_by,
    closedAt: r.closed_at,
  };
}
