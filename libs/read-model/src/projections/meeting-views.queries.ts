import Database from 'better-sqlite3';

export interface AttendeeView {
  memberId: string;
  fullName: string;
  role: string;
}
export interface AttendanceView {
  present: AttendeeView[];
  absent: AttendeeView[];
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
