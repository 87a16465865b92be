import { randomUUID } from 'node:crypto';
import { BodyEvent, MeetingEvent } from '@gov/domain';
import { MeetingViewQueries } from './meeting-views.queries';
import { MeetingQueries } from './meetings.queries';
import { ReadModelDb } from '../read-model-db';
import { projectBothWays } from '../testing/project-both-ways';

const T = '2026-01-01T00:00:00.000Z';
const bodyId = randomUUID();
const [chair, secretary, member, leaver] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
const [first, second] = [randomUUID(), randomUUID()];
const appoint = (memberId: string, fullName: string, role: 'CHAIR' | 'SECRETARY' | 'MEMBER'): BodyEvent => ({
  type: 'MemberAppointed',
  data: { bodyId, memberId, fullName, role, affiliation: 'Ассоциация юристов', appointedAt: T },
});
const schedule = (meetingId: string, number: string, title: { kk: string; ru: string }, place: string): MeetingEvent => ({
  type: 'MeetingScheduled',
  data: { meetingId, bodyId, number, kind: 'REGULAR', title, startsAt: T, place, format: 'IN_PERSON', scheduledAt: T },
});
const held = (meetingId: string, membersPresent: string[]): MeetingEvent => ({
  type: 'MeetingHeld',
  data: { meetingId, heldAt: T, membersPresent, membersTotal: 3, guests: [], quorum: true },
});

const renamed = { kk: 'Кәмелетке толмағандар', ru: 'Профилактика правонарушений несовершеннолетних' };

/** The body's story in log order: the stream each event goes to, and the event. */
const story: Array<[string, BodyEvent | MeetingEvent]> = [
  [
    `body-${bodyId}`,
    {
      type: 'BodyEstablished',
      data: { bodyId, name: { ru: 'ОС' }, kind: 'PUBLIC_COUNCIL', hostUnitId: 'u', region: 'R', establishedAt: T },
    },
  ],
  [`body-${bodyId}`, appoint(chair, 'Серік Ахметов', 'CHAIR')],
  [`body-${bodyId}`, appoint(secretary, 'Айгерім Нұрланқызы', 'SECRETARY')],
  [`body-${bodyId}`, appoint(leaver, 'Ольга Ким', 'MEMBER')],
  [`meeting-${first}`, schedule(first, '1/2026', { kk: 'Жол қауіпсіздігі', ru: 'Безопасность дорог' }, 'Қарағанды')],
  [`meeting-${first}`, held(first, [chair, secretary])],
  // After the first meeting: one leaves, one joins, the chair's role changes. The first meeting's attendance stays as it was.
  [`body-${bodyId}`, { type: 'MemberLeft', data: { bodyId, memberId: leaver, reason: null, leftAt: T } }],
  [`body-${bodyId}`, appoint(member, 'Дмитрий Орлов', 'MEMBER')],
  [`body-${bodyId}`, { type: 'MemberRoleChanged', data: { bodyId, memberId: chair, role: 'MEMBER', previousRole: 'CHAIR', changedAt: T } }],
  [`meeting-${second}`, schedule(second, '2/2026', { kk: 'Жасөспірімдер', ru: 'Подростки' }, 'Алматы')],
  [
    `meeting-${second}`,
    { type: 'MeetingRescheduled', data: { meetingId: second, startsAt: T, place: 'Теміртау', previousStartsAt: T, rescheduledAt: T } },
  ],
  [`meeting-${second}`, held(second, [member])],
  [
    `meeting-${second}`,
    {
      type: 'MeetingTitleChanged',
      data: { meetingId: second, title: renamed, previousTitle: { kk: 'Жасөспірімдер', ru: 'Подростки' }, changedAt: T },
    },
  ],
  [`meeting-${second}`, { type: 'MeetingPublished', data: { meetingId: second, publishedAt: T } }],
];

/** Writes the story one event per append and checks the views live and replayed (a replay takes it in one batch). */
const tellStory = (check: (readModel: ReadModelDb) => void) =>
  projectBothWays(async (append) => {
    for (const [stream, e] of story) await append(stream, e);
  }, check);

describe('meeting views projection', () => {
  it('attendance lists the members present and absent with the names and roles they had when the meeting was held', async () => {
    await tellStory((readModel) => {
      const views = new MeetingViewQueries(readModel.db);
      expect(views.attendance(first)).toEqual({
        present: [
          { memberId: secretary, fullName: 'Айгерім Нұрланқызы', role: 'SECRETARY' },
          { memberId: chair, fullName: 'Серік Ахметов', role: 'CHAIR' },
        ],
        absent: [{ memberId: leaver, fullName: 'Ольга Ким', role: 'MEMBER' }],
      });
      expect(views.attendance(second)).toEqual({
        present: [{ memberId: member, fullName: 'Дмитрий Орлов', role: 'MEMBER' }],
        absent: [
          { memberId: secretary, fullName: 'Айгерім Нұрланқызы', role: 'SECRETARY' },
          { memberId: chair, fullName: 'Серік Ахметов', role: 'MEMBER' },
        ],
      });
    });
  });

  it('finds meetings by text in any language and case, by the published flag, and counts all matches', async () => {
    await tellStory((readModel) => {
      const queries = new MeetingQueries(readModel.db);
      const ids = (filter: Parameters<MeetingQueries['meetings']>[0]) => queries.meetings(filter, 10).nodes.map((m) => m.id);
      expect(ids({ text: 'ЖОЛ' })).toEqual([first]);
      // The title is searched as it is now, and every list and view shows the changed one.
      expect(ids({ text: 'несовершеннолетних' })).toEqual([second]);
      expect(ids({ text: 'подростки' })).toEqual([]);
      expect(queries.meeting(second)?.title).toEqual(renamed);
      expect(queries.meetings({ text: 'кәмелетке' }, 10).nodes.map((m) => m.title)).toEqual([renamed]);
      expect(ids({ text: '2/2026' })).toEqual([second]);
      // The place is searched as it is now, not as first scheduled.
      expect(ids({ text: 'теміртау' })).toEqual([second]);
      expect(ids({ text: 'алматы' })).toEqual([]);
      expect(ids({ published: true })).toEqual([second]);
      expect(ids({ published: false })).toEqual([first]);
      expect(ids({ text: 'жол', published: true })).toEqual([]);
      const page = queries.meetings({}, 1);
      expect(page.nodes).toHaveLength(1);
      expect(page.totalCount()).toBe(2);
      expect(queries.meetings({ text: 'безопасность' }, 1).totalCount()).toBe(1);
    });
  });
});
