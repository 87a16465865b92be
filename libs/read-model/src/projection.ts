import Database from 'better-sqlite3';
import { MeetingEvent, RecommendationEvent, RecommendationState, BodyEvent, UnitEvent, recommendationDecider } from '@gov/domain';
import { RecordedEvent } from '@gov/event-store';

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

  constructor(private readonly db: Database.Database) {
    const p = (sql: string) => db.prepare(sql);
    this.s = {
      unitInsert: p('INSERT OR REPLACE INTO units (id, name, kind, parent_unit_id, status, registered_at, revision) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      unitName: p('UPDATE units SET name = ?, revision = ? WHERE id = ?'),
      unitStatus: p('UPDATE units SET status = ?, revision = ? WHERE id = ?'),
      bodyInsert: p('INSERT OR REPLACE INTO bodies (id, name, kind, host_unit_id, region, status, established_at, revision) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
      bodyStatus: p('UPDATE bodies SET status = ?, revision = ? WHERE id = ?'),
      bodyRevision: p('UPDATE bodies SET revision = ? WHERE id = ?'),
      memberInsert: p('INSERT OR REPLACE INTO members (body_id, member_id, full_name, role, affiliation, appointed_at, left_at) VALUES (?, ?, ?, ?, ?, ?, NULL)'),
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
      recInsert: p(`INSERT INTO recommendations (id, body_id, meeting_id, agenda_item_id, number, origin, priority, status, adopted_at, updated_at, revision, position, published)
                    VALUES (@id, @bodyId, @meetingId, @agendaItemId, @number, @origin, @priority, @status, @adoptedAt, @updatedAt, @revision, @position,
                      coalesce((SELECT published FROM meetings WHERE id = @meetingId), 0))`),
      recText: p('INSERT OR REPLACE INTO recommendation_texts (id, text, search) VALUES (?, ?, ?)'),
      recUpdate: (columns: string[]) =>
        p(`UPDATE recommendations SET ${[...columns, 'updated_at', 'revision', 'position'].map((c) => `${c} = @${c}`).join(', ')} WHERE id = @id`),
      countAdd: p(`INSERT INTO rec_counts (body_id, lead_unit_id, month, status, n) VALUES (?, ?, ?, ?, ?)
                   ON CONFLICT (body_id, lead_unit_id, month, status) DO UPDATE SET n = n + excluded.n`),
      recUnitsClear: p('DELETE FROM recommendation_units WHERE recommendation_id = ?'),
      recUnitInsert: p('INSERT OR REPLACE INTO recommendation_units (unit_id, recommendation_id, lead) VALUES (?, ?, ?)'),
      recVersion: p(`INSERT INTO recommendation_versions (recommendation_id, position, recorded_at, status, lead_unit_id, co_executor_unit_ids, due_date, percent, extensions, closed_at)
                     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    };
    this.meetingUpdates = {
      rescheduled: this.s.meetingSet('starts_at = @startsAt, place = @place'),
      cancelled: this.s.meetingSet("status = 'CANCELLED', cancel_reason = @reason"),
      held: this.s.meetingSet("status = 'HELD', held_at = @heldAt, members_present = @present, members_total = @total, guests = @guests, quorum = @quorum"),
      approved: this.s.meetingSet("status = 'MINUTES_APPROVED', minutes_approved_at = @at"),
      published: this.s.meetingSet('published = 1, published_at = @at'),
      touched: this.s.meetingSet('id = id'),
    };
  }

  private readonly meetingUpdates;

  apply(recorded: RecordedEvent, event: AnyEvent): void {
    const revision = Number(recorded.revision);
    const s = this.s;
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
        s.agendaInsert.run(id, event.data.itemId, id, json(event.data.title), null, json(event.data.coversMeetingIds), event.data.asOfPosition);
        break;
      case 'AgendaItemRemoved':
        s.agendaRemove.run(id, event.data.itemId);
        break;
      case 'AgendaReordered':
        event.data.itemIds.forEach((itemId, ord) => s.agendaOrder.run(ord, id, itemId));
        break;
      case 'MeetingHeld': {
        const d = event.data;
        u.held.run({ id, revision, heldAt: d.heldAt, present: json(d.membersPresent), total: d.membersTotal, guests: json(d.guests), quorum: d.quorum ? 1 : 0 });
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
  private readonly states = new Map<string, RecommendationState>();

  /** Forgets cached state: after a rolled-back batch the tables, not the cache, are the truth. */
  reset(): void {
    this.states.clear();
  }

  private stateOf(id: string): RecommendationState {
    const cached = this.states.get(id);
    if (cached) return cached;
    const row = this.s.recRow.get(id) as RecommendationRow | undefined;
    return row ? rowToState(row) : recommendationDecider.initialState();
  }

  /** Moves a recommendation between the running-count buckets (-1 out of the old, +1 into the new). */
  private count(s: RecommendationState, delta: 1 | -1): void {
    if (s.status === 'NONE') return;
    const month = s.adoptedAt!.slice(0, 7);
    const lead = s.leadUnitId ?? '';
    this.s.countAdd.run(s.bodyId, lead, month, s.status, delta);
  }

  private readonly updates = new Map<string, Database.Statement>();

  /** Writes only the columns that changed, so indexes on unchanged ones are left alone. */
  private update(id: string, before: RecommendationState, after: RecommendationState, recorded: RecordedEvent): void {
    const values: Record<string, unknown> = { id, updated_at: recorded.recordedAt, revision: Number(recorded.revision), position: Number(recorded.position) };
    const columns: string[] = [];
    for (const [column, read] of COLUMNS) {
      const value = read(after);
      if (value !== read(before)) {
        columns.push(column);
        values[column] = value;
      }
    }
    const key = columns.join(',');
    let statement = this.updates.get(key);
    if (!statement) this.updates.set(key, (statement = this.s.recUpdate(columns)));
    statement.run(values);
  }

  private applyRecommendation(recorded: RecordedEvent, event: RecommendationEvent): void {
    const id = recorded.streamId.slice('recommendation-'.length);
    const before = this.stateOf(id);
    const st = recommendationDecider.evolve(before, event);
    this.states.delete(id);
    this.states.set(id, st);
    if (this.states.size > STATE_CACHE) this.states.delete(this.states.keys().next().value!);
    if (event.type === 'RecommendationAdopted') {
      const common = { id, status: st.status, updatedAt: recorded.recordedAt, revision: Number(recorded.revision), position: Number(recorded.position) };
      this.s.recInsert.run({ ...common, bodyId: st.bodyId, meetingId: st.meetingId, agendaItemId: st.agendaItemId, number: st.number, origin: st.origin, priority: st.priority, adoptedAt: st.adoptedAt });
      this.s.recText.run(id, json(st.text), searchable(st.number, st.text as Record<string, string>));
    } else {
      this.update(id, before, st, recorded);
    }
    if (before.status !== st.status || before.leadUnitId !== st.leadUnitId) {
      this.count(before, -1);
      this.count(st, 1);
    }
    if (event.type === 'ResponsibilityAssigned') {
      this.s.recUnitsClear.run(id);
      this.s.recUnitInsert.run(st.leadUnitId, id, 1);
      for (const unitId of st.coExecutorUnitIds) this.s.recUnitInsert.run(unitId, id, 0);
    }
    if (event.type !== 'CommentAdded') {
      this.s.recVersion.run(id, Number(recorded.position), recorded.recordedAt, st.status, st.leadUnitId, json(st.coExecutorUnitIds), st.dueDate, st.percent, st.extensions, st.closedAt);
    }
  }
}

const STATE_CACHE = 50_000;

/** Mutable columns of a recommendation row and how each is read off the decider state. */
const COLUMNS: Array<[string, (s: RecommendationState) => string | number | null]> = [
  ['status', (s) => s.status],
  ['lead_unit_id', (s) => s.leadUnitId],
  ['co_executor_unit_ids', (s) => json(s.coExecutorUnitIds)],
  ['due_date', (s) => s.dueDate],
  ['original_due_date', (s) => s.originalDueDate],
  ['extensions', (s) => s.extensions],
  ['pending_extension', (s) => json(s.pendingExtension)],
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
  id: string; body_id: string; meeting_id: string; agenda_item_id: string; number: string; origin: RecommendationState['origin']; priority: RecommendationState['priority'];
  status: RecommendationState['status']; lead_unit_id: string | null; co_executor_unit_ids: string; due_date: string | null; original_due_date: string | null;
  extensions: number; pending_extension: string | null; percent: number; implementation_reported_by: string | null; adopted_at: string; closed_at: string | null;
}

/** The row holds the whole decider state but the text, which evolve never changes. */
function rowToState(r: RecommendationRow): RecommendationState {
  return {
    status: r.status, id: r.id, bodyId: r.body_id, meetingId: r.meeting_id, agendaItemId: r.agenda_item_id, number: r.number, text: null, origin: r.origin,
    priority: r.priority, adoptedAt: r.adopted_at, leadUnitId: r.lead_unit_id, coExecutorUnitIds: JSON.parse(r.co_executor_unit_ids), originalDueDate: r.original_due_date,
    dueDate: r.due_date, extensions: r.extensions, pendingExtension: r.pending_extension ? JSON.parse(r.pending_extension) : null, percent: r.percent,
    implementationReportedBy: r.implementation_reported_by, closedAt: r.closed_at,
  };
}
