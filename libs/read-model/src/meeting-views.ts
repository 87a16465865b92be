import Database from 'better-sqlite3';
import { MeetingEvent } from '@gov/domain';
import { RecordedEvent } from '@gov/event-store';
import { searchable } from './projection';

/**
 * Meetings as people read them: who of the body attended and who did not (names and roles as they
 * were when the meeting was held), and the lower-cased text a meeting is found by.
 */
export const MEETING_VIEW_TABLES = `
  CREATE TABLE meeting_attendance (
    meeting_id TEXT NOT NULL, member_id TEXT NOT NULL, full_name TEXT NOT NULL, role TEXT NOT NULL, present INTEGER NOT NULL,
    PRIMARY KEY (meeting_id, member_id)
  ) WITHOUT ROWID;
  CREATE TABLE meeting_texts (id TEXT PRIMARY KEY, search TEXT NOT NULL) WITHOUT ROWID;
`;
export const MEETING_VIEW_TABLE_NAMES = ['meeting_attendance', 'meeting_texts'];

export interface AttendeeView {
  memberId: string;
  fullName: string;
  role: string;
}
export interface AttendanceView {
  present: AttendeeView[];
  absent: AttendeeView[];
}

export class MeetingViewsProjection {
  private readonly s;

  constructor(db: Database.Database) {
    this.s = {
      // The body's members when the meeting was held: the member list is projected in log order,
      // so at this event it holds exactly the members the write side checked attendance against.
      attendance: db.prepare(`INSERT INTO meeting_attendance (meeting_id, member_id, full_name, role, present)
        SELECT @meetingId, m.member_id, m.full_name, m.role, m.member_id IN (SELECT value FROM json_each(@present))
        FROM members m WHERE m.body_id = (SELECT body_id FROM meetings WHERE id = @meetingId) AND m.left_at IS NULL`),
      text: db.prepare('INSERT OR REPLACE INTO meeting_texts (id, search) VALUES (?, ?)'),
      meeting: db.prepare('SELECT number, title FROM meetings WHERE id = ?'),
    };
  }

  /** Runs before the main projection applies the same event, inside the projector's transaction. */
  apply(recorded: RecordedEvent, event: { type: string }): void {
    if (!recorded.streamId.startsWith('meeting-')) return;
    const e = event as MeetingEvent;
    switch (e.type) {
      case 'MeetingScheduled':
        this.s.text.run(e.data.meetingId, searchable(e.data.number, e.data.title as Record<string, string> | null, e.data.place));
        return;
      case 'MeetingRescheduled': {
        const row = this.s.meeting.get(e.data.meetingId) as { number: string; title: string | null } | undefined;
        if (row)
          this.s.text.run(
            e.data.meetingId,
            searchable(row.number, row.title ? (JSON.parse(row.title) as Record<string, string>) : null, e.data.place),
          );
        return;
      }
      case 'MeetingHeld':
        this.s.attendance.run({ meetingId: e.data.meetingId, present: JSON.stringify(e.data.membersPresent) });
        return;
      default:
        return;
    }
  }
}

export class MeetingViewQueries {
  private readonly attendanceOf: Database.Statement;

  constructor(db: Database.Database) {
    this.attendanceOf = db.prepare(
      'SELECT member_id, full_name, role, present FROM meeting_attendance WHERE meeting_id = ? ORDER BY full_name, member_id',
    );
  }

  /** Members present and absent as the body stood when the meeting was held (none before it is held). */
  attendance(meetingId: string): AttendanceView {
    const rows = this.attendanceOf.all(meetingId) as Array<{ member_id: string; full_name: string; role: string; present: number }>;
    const view: AttendanceView = { present: [], absent: [] };
    for (const r of rows) (r.present ? view.present : view.absent).push({ memberId: r.member_id, fullName: r.full_name, role: r.role });
    return view;
  }
}
