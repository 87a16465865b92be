import Database from 'better-sqlite3';
import { BodyEvent, MeetingEvent, MultilingualText } from '@gov/domain';
import { eventProjection } from '../projection';
import { searchable } from './recommendation-rows.projection';

type Handled =
  | Extract<BodyEvent, { type: 'MemberAppointed' | 'MemberRoleChanged' | 'MemberLeft' }>
  | Extract<MeetingEvent, { type: 'MeetingScheduled' | 'MeetingRescheduled' | 'MeetingTitleChanged' | 'MeetingHeld' }>;

/**
 * Meetings as people read them: who of the body attended and who did not (names and roles as they
 * were when the meeting was held), and the lower-cased text a meeting is found by.
 *
 * Attendance keeps its own roster of each body's current members rather than reading the members
 * table: projections take a batch each in turn, so that table may already hold members who joined,
 * left or changed role after the meeting; the roster here moves in log order with MeetingHeld.
 * A meeting's body and number never change once scheduled, so those are read from meetings; its
 * search text is rewritten from the changed title or place and the other parts as meetings holds them
 * (at the end of a batch that changed both, either order leaves the final title and place).
 */
export const meetingViewsProjection = eventProjection<Handled, ReturnType<typeof prepare>>({
  name: 'meeting-views',
  tables: {
    meeting_attendance: `CREATE TABLE meeting_attendance (
      meeting_id TEXT NOT NULL, member_id TEXT NOT NULL, full_name TEXT NOT NULL, role TEXT NOT NULL, present INTEGER NOT NULL,
      PRIMARY KEY (meeting_id, member_id)
    ) WITHOUT ROWID;`,
    meeting_roster: `CREATE TABLE meeting_roster (
      body_id TEXT NOT NULL, member_id TEXT NOT NULL, full_name TEXT NOT NULL, role TEXT NOT NULL, PRIMARY KEY (body_id, member_id)
    ) WITHOUT ROWID;`,
    meeting_texts: `CREATE TABLE meeting_texts (id TEXT PRIMARY KEY, search TEXT NOT NULL) WITHOUT ROWID;`,
  },
  prepare,
  on: {
    MemberAppointed: ({ event: { data: d } }, s) => s.appointed.run(d.bodyId, d.memberId, d.fullName, d.role),
    MemberRoleChanged: ({ event: { data: d } }, s) => s.role.run(d.role, d.bodyId, d.memberId),
    MemberLeft: ({ event: { data: d } }, s) => s.left.run(d.bodyId, d.memberId),
    MeetingScheduled: ({ event: { data: d } }, s) => s.text.run(d.meetingId, searchable(d.number, d.title, d.place)),
    MeetingRescheduled: ({ event: { data: d } }, s) => {
      const row = s.meeting.get(d.meetingId) as MeetingRow | undefined;
      if (row) s.text.run(d.meetingId, searchable(row.number, row.title ? (JSON.parse(row.title) as MultilingualText) : null, d.place));
    },
    MeetingTitleChanged: ({ event: { data: d } }, s) => {
      const row = s.meeting.get(d.meetingId) as MeetingRow | undefined;
      if (row) s.text.run(d.meetingId, searchable(row.number, d.title, row.place));
    },
    MeetingHeld: ({ event: { data: d } }, s) => s.attendance.run({ meetingId: d.meetingId, present: JSON.stringify(d.membersPresent) }),
  },
});

type MeetingRow = { number: string; title: string | null; place: string };

function prepare(db: Database.Database) {
  return {
    appointed: db.prepare('INSERT OR REPLACE INTO meeting_roster (body_id, member_id, full_name, role) VALUES (?, ?, ?, ?)'),
    role: db.prepare('UPDATE meeting_roster SET role = ? WHERE body_id = ? AND member_id = ?'),
    left: db.prepare('DELETE FROM meeting_roster WHERE body_id = ? AND member_id = ?'),
    // The body's members when the meeting was held: exactly the ones the write side checked attendance against.
    attendance: db.prepare(`INSERT INTO meeting_attendance (meeting_id, member_id, full_name, role, present)
      SELECT @meetingId, m.member_id, m.full_name, m.role, m.member_id IN (SELECT value FROM json_each(@present))
      FROM meeting_roster m WHERE m.body_id = (SELECT body_id FROM meetings WHERE id = @meetingId)`),
    text: db.prepare('INSERT OR REPLACE INTO meeting_texts (id, search) VALUES (?, ?)'),
    meeting: db.prepare('SELECT number, title, place FROM meetings WHERE id = ?'),
  };
}
