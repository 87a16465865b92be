import Database from 'better-sqlite3';
import { MeetingEvent } from '@gov/domain';
import { eventProjection, json } from '../projection';

/** Meetings, their agendas and the agenda items' papers. Every event moves the meeting's revision. */
export const meetingsProjection = eventProjection<MeetingEvent, ReturnType<typeof prepare>>({
  name: 'meetings',
  tables: {
    meetings: `CREATE TABLE meetings (
      id TEXT PRIMARY KEY, body_id TEXT NOT NULL, number TEXT NOT NULL, kind TEXT NOT NULL, title TEXT, starts_at TEXT NOT NULL,
      place TEXT NOT NULL, format TEXT NOT NULL, status TEXT NOT NULL, held_at TEXT, members_present TEXT, members_total INTEGER,
      guests TEXT, quorum INTEGER, minutes_approved_at TEXT, published INTEGER NOT NULL DEFAULT 0, published_at TEXT,
      cancel_reason TEXT, revision INTEGER NOT NULL
    );`,
    agenda_items: `CREATE TABLE agenda_items (
      meeting_id TEXT NOT NULL, item_id TEXT NOT NULL, ord INTEGER NOT NULL, title TEXT NOT NULL, speaker TEXT,
      covers_meeting_ids TEXT, as_of_position TEXT, minutes TEXT, PRIMARY KEY (meeting_id, item_id)
    );`,
    // Papers are files in the evidence store: found by hash when one is downloaded (who may read it).
    agenda_item_papers: `CREATE TABLE agenda_item_papers (
      meeting_id TEXT NOT NULL, item_id TEXT NOT NULL, sha256 TEXT NOT NULL, name TEXT NOT NULL, uri TEXT, attached_at TEXT NOT NULL,
      position INTEGER NOT NULL, PRIMARY KEY (meeting_id, item_id, sha256)
    ) WITHOUT ROWID;`,
  },
  queryIndexes: `
    CREATE INDEX IF NOT EXISTS meetings_body ON meetings (body_id, starts_at);
    CREATE INDEX IF NOT EXISTS meetings_starts ON meetings (starts_at, id);
    CREATE INDEX IF NOT EXISTS agenda_item_papers_sha256 ON agenda_item_papers (sha256);
  `,
  prepare,
  on: {
    MeetingScheduled: ({ event: { data: d }, revision }, s) =>
      s.insert.run(d.meetingId, d.bodyId, d.number, d.kind, json(d.title), d.startsAt, d.place, d.format, revision),
    MeetingRescheduled: ({ event: { data: d }, revision }, s) =>
      s.rescheduled.run({ id: d.meetingId, revision, startsAt: d.startsAt, place: d.place }),
    MeetingCancelled: ({ event: { data: d }, revision }, s) => s.cancelled.run({ id: d.meetingId, revision, reason: d.reason }),
    MeetingTitleChanged: ({ event: { data: d }, revision }, s) => s.titled.run({ id: d.meetingId, revision, title: json(d.title) }),
    AgendaItemAdded: ({ event: { data: d }, revision }, s) => {
      s.agendaInsert.run(d.meetingId, d.itemId, d.meetingId, json(d.title), d.speaker, null, null);
      s.touched.run({ id: d.meetingId, revision });
    },
    ReportBackItemAdded: ({ event: { data: d }, revision }, s) => {
      s.agendaInsert.run(d.meetingId, d.itemId, d.meetingId, json(d.title), null, json(d.coversMeetingIds), d.asOfPosition);
      s.touched.run({ id: d.meetingId, revision });
    },
    AgendaItemRemoved: ({ event: { data: d }, revision }, s) => {
      s.agendaRemove.run(d.meetingId, d.itemId);
      s.papersRemove.run(d.meetingId, d.itemId);
      s.touched.run({ id: d.meetingId, revision });
    },
    AgendaReordered: ({ event: { data: d }, revision }, s) => {
      d.itemIds.forEach((itemId, ord) => s.agendaOrder.run(ord, d.meetingId, itemId));
      s.touched.run({ id: d.meetingId, revision });
    },
    MeetingHeld: ({ event: { data: d }, revision }, s) =>
      s.held.run({
        id: d.meetingId,
        revision,
        heldAt: d.heldAt,
        present: json(d.membersPresent),
        total: d.membersTotal,
        guests: json(d.guests),
        quorum: d.quorum ? 1 : 0,
      }),
    AgendaItemPaperAttached: ({ event: { data: d }, revision, position }, s) => {
      s.paperInsert.run(d.meetingId, d.itemId, d.paper.sha256, d.paper.name, d.paper.uri, d.attachedAt, position);
      s.touched.run({ id: d.meetingId, revision });
    },
    AgendaItemDiscussed: ({ event: { data: d }, revision }, s) => {
      s.agendaMinutes.run(json(d.minutes), d.meetingId, d.itemId);
      s.touched.run({ id: d.meetingId, revision });
    },
    MinutesApproved: ({ event: { data: d }, revision }, s) => s.approved.run({ id: d.meetingId, revision, at: d.approvedAt }),
    MeetingPublished: ({ event: { data: d }, revision }, s) => s.published.run({ id: d.meetingId, revision, at: d.publishedAt }),
  },
});

function prepare(db: Database.Database) {
  const p = (sql: string) => db.prepare(sql);
  const set = (cols: string) => p(`UPDATE meetings SET ${cols}, revision = @revision WHERE id = @id`);
  return {
    insert: p(`INSERT OR REPLACE INTO meetings (id, body_id, number, kind, title, starts_at, place, format, status, revision)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'SCHEDULED', ?)`),
    rescheduled: set('starts_at = @startsAt, place = @place'),
    cancelled: set("status = 'CANCELLED', cancel_reason = @reason"),
    titled: set('title = @title'),
    held: set("status = 'HELD', held_at = @heldAt, members_present = @present, members_total = @total, guests = @guests, quorum = @quorum"),
    approved: set("status = 'MINUTES_APPROVED', minutes_approved_at = @at"),
    published: set('published = 1, published_at = @at'),
    touched: set('id = id'),
    agendaInsert: p(`INSERT OR REPLACE INTO agenda_items (meeting_id, item_id, ord, title, speaker, covers_meeting_ids, as_of_position)
                     VALUES (?, ?, (SELECT coalesce(max(ord), -1) + 1 FROM agenda_items WHERE meeting_id = ?), ?, ?, ?, ?)`),
    agendaRemove: p('DELETE FROM agenda_items WHERE meeting_id = ? AND item_id = ?'),
    agendaOrder: p('UPDATE agenda_items SET ord = ? WHERE meeting_id = ? AND item_id = ?'),
    papersRemove: p('DELETE FROM agenda_item_papers WHERE meeting_id = ? AND item_id = ?'),
    paperInsert: p(`INSERT OR REPLACE INTO agenda_item_papers (meeting_id, item_id, sha256, name, uri, attached_at, position)
                    VALUES (?, ?, ?, ?, ?, ?, ?)`),
    agendaMinutes: p('UPDATE agenda_items SET minutes = ? WHERE meeting_id = ? AND item_id = ?'),
  };
}
