import { MeetingQueries } from './meetings.queries';
import { projectBothWays } from '../testing/project-both-ways';

const scheduled = (meetingId: string) =>
  ({
    type: 'MeetingScheduled',
    data: {
      meetingId,
      bodyId: 'b',
      number: '1/2026',
      kind: 'REGULAR',
      title: null,
      startsAt: '2026-02-01T10:00:00.000Z',
      place: 'Hall',
      format: 'IN_PERSON',
      scheduledAt: '2026-01-01T00:00:00.000Z',
    },
  }) as const;

const papers = [
  { name: 'Заң жобасы.pdf', sha256: 'a'.repeat(64), uri: null },
  { name: 'Доклад', sha256: 'b'.repeat(64), uri: 'https://police.kz/d.pdf' },
];

const anyPosition: unknown = expect.stringMatching(/^\d+$/);

describe('meetings projection', () => {
  it('keeps a meeting through its life and its agenda in order, with minutes, papers and report-back items', async () => {
    await projectBothWays(
      async (append) => {
        await append('meeting-old', scheduled('old'));
        await append(
          'meeting-m',
          scheduled('m'),
          {
            type: 'MeetingRescheduled',
            data: {
              meetingId: 'm',
              startsAt: '2026-02-02T10:00:00.000Z',
              place: 'Room 2',
              previousStartsAt: '2026-02-01T10:00:00.000Z',
              rescheduledAt: 'x',
            },
          },
          { type: 'AgendaItemAdded', data: { meetingId: 'm', itemId: 'a', title: { ru: 'Первый' }, speaker: 'S', addedAt: 'x' } },
          { type: 'AgendaItemAdded', data: { meetingId: 'm', itemId: 'gone', title: { ru: 'Снят' }, speaker: null, addedAt: 'x' } },
          {
            type: 'ReportBackItemAdded',
            data: { meetingId: 'm', itemId: 'r', title: { ru: 'Отчёт' }, coversMeetingIds: ['old'], asOfPosition: '1', addedAt: 'x' },
          },
          { type: 'AgendaItemRemoved', data: { meetingId: 'm', itemId: 'gone', removedAt: 'x' } },
          { type: 'AgendaReordered', data: { meetingId: 'm', itemIds: ['r', 'a'], reorderedAt: 'x' } },
          {
            type: 'MeetingHeld',
            data: { meetingId: 'm', heldAt: '2026-02-02T10:00:00.000Z', membersPresent: ['p'], membersTotal: 3, guests: [], quorum: false },
          },
          { type: 'AgendaItemDiscussed', data: { meetingId: 'm', itemId: 'a', minutes: { ru: 'Решили' }, discussedAt: 'x' } },
          { type: 'AgendaItemPaperAttached', data: { meetingId: 'm', itemId: 'a', paper: papers[0]!, attachedAt: 'y' } },
          { type: 'AgendaItemPaperAttached', data: { meetingId: 'm', itemId: 'a', paper: papers[1]!, attachedAt: 'z' } },
          { type: 'MinutesApproved', data: { meetingId: 'm', approvedAt: '2026-02-03T00:00:00.000Z' } },
          { type: 'MeetingPublished', data: { meetingId: 'm', publishedAt: '2026-02-04T00:00:00.000Z' } },
        );
        await append('meeting-old', { type: 'MeetingCancelled', data: { meetingId: 'old', reason: 'No quorum', cancelledAt: 'x' } });
      },
      (readModel) => {
        const queries = new MeetingQueries(readModel.db);
        expect(queries.meeting('m')).toMatchObject({
          startsAt: '2026-02-02T10:00:00.000Z',
          place: 'Room 2',
          status: 'MINUTES_APPROVED',
          membersPresent: ['p'],
          membersTotal: 3,
          quorum: false,
          minutesApprovedAt: '2026-02-03T00:00:00.000Z',
          published: true,
          publishedAt: '2026-02-04T00:00:00.000Z',
          revision: '12',
        });
        expect(queries.agenda('m')).toEqual([
          {
            itemId: 'r',
            order: 0,
            title: { ru: 'Отчёт' },
            speaker: null,
            minutes: null,
            reportBack: { coversMeetingIds: ['old'], asOfPosition: '1' },
            papers: [],
          },
          {
            itemId: 'a',
            order: 1,
            title: { ru: 'Первый' },
            speaker: 'S',
            minutes: { ru: 'Решили' },
            reportBack: null,
            // In the order attached, each with its business time and log position.
            papers: papers.map((p, i) => ({ ...p, attachedAt: i === 0 ? 'y' : 'z', position: anyPosition })),
          },
        ]);
        expect(queries.meeting('old')).toMatchObject({ status: 'CANCELLED', cancelReason: 'No quorum', revision: '1' });
        expect(queries.meetings({ publishedOnly: true }, 10).nodes.map((m) => m.id)).toEqual(['m']);
      },
    );
  });
});
