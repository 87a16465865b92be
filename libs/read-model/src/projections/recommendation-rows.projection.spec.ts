import { RecommendationEvent } from '@gov/domain';
import { RecommendationQueries } from './recommendation-rows.queries';
import { projectBothWays } from '../testing/project-both-ways';

const adopted = (recommendationId: string, meetingId: string): RecommendationEvent => ({
  type: 'RecommendationAdopted',
  data: {
    recommendationId,
    bodyId: 'b',
    meetingId,
    agendaItemId: 'i',
    number: `N-${recommendationId}`,
    text: { ru: 'Установить Камеры', kk: 'Бейнекамера' },
    origin: 'CITIZEN_PROPOSAL',
    priority: 'HIGH',
    adoptedAt: '2026-01-01T00:00:00.000Z',
  },
});
const meeting = (meetingId: string) =>
  ({
    type: 'MeetingScheduled',
    data: {
      meetingId,
      bodyId: 'b',
      number: '1',
      kind: 'REGULAR',
      title: null,
      startsAt: '2026-01-01T00:00:00.000Z',
      place: 'Hall',
      format: 'IN_PERSON',
      scheduledAt: '2026-01-01T00:00:00.000Z',
    },
  }) as const;
const comment = (recommendationId: string): RecommendationEvent => ({
  type: 'CommentAdded',
  data: { recommendationId, commentId: 'c', authorSub: 'x', unitId: null, text: 'c', at: '2026-01-04T00:00:00.000Z' },
});
const published = (meetingId: string) =>
  ({ type: 'MeetingPublished', data: { meetingId, publishedAt: '2026-01-02T00:00:00.000Z' } }) as const;

describe('recommendation rows projection', () => {
  it("keeps each recommendation as the domain's fold leaves it, searchable, and public once its meeting is published", async () => {
    await projectBothWays(
      async (append) => {
        await append('meeting-m', meeting('m'));
        await append('meeting-later', meeting('later'));
        await append('recommendation-before', adopted('before', 'm'));
        await append('meeting-m', published('m'));
        await append('recommendation-after', adopted('after', 'm'));
        await append('recommendation-unpublished', adopted('unpublished', 'later'));
        await append(
          'recommendation-before',
          {
            type: 'ResponsibilityAssigned',
            data: {
              recommendationId: 'before',
              leadUnitId: 'u1',
              coExecutorUnitIds: ['u2'],
              dueDate: '2026-03-01',
              originalDueDate: '2026-03-01',
              at: '2026-01-03T00:00:00.000Z',
            },
          },
          comment('before'),
        );
        // About a recommendation never adopted: the deciders never write one, and it shows nothing.
        await append('recommendation-stray', comment('stray'));
      },
      (readModel) => {
        const queries = new RecommendationQueries(readModel.db);
        const now = new Date('2026-02-01T00:00:00Z');
        expect(queries.byId('before', now)).toMatchObject({
          status: 'ASSIGNED',
          leadUnitId: 'u1',
          coExecutorUnitIds: ['u2'],
          dueDate: '2026-03-01',
          origin: 'CITIZEN_PROPOSAL',
          priority: 'HIGH',
          text: { ru: 'Установить Камеры', kk: 'Бейнекамера' },
          published: true,
          revision: '2',
        });
        expect(queries.byId('stray', now)).toBeNull();
        const ids = (filter: Parameters<RecommendationQueries['list']>[0]['filter']) =>
          queries
            .list({ filter, now, first: 10 })
            .nodes.map((n) => n.node.id)
            .sort();
        expect(ids({ publishedOnly: true })).toEqual(['after', 'before']);
        expect(ids({ text: 'КАМЕРЫ' })).toEqual(['after', 'before', 'unpublished']);
        expect(ids({ text: 'n-after' })).toEqual(['after']);
      },
    );
  });
});
