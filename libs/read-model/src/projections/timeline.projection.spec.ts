import { randomUUID } from 'node:crypto';
import { RecommendationCommand, RecommendationState, recommendationDecider } from '@gov/domain';
import { ReadModelDb } from '../read-model-db';
import { projectBothWays } from '../testing/project-both-ways';
import { TimelineQueries } from './timeline.queries';

const unitA = randomUUID();
const unitB = randomUUID();
const secretary = { sub: 'sec-1', name: 'Айгерім Нұрланқызы', roles: ['secretary:b'], role: 'secretary:b' };
const officer = { sub: 'off-1', name: 'Ерлан Сапаров', roles: [`unit:${unitA}`], role: `unit:${unitA}` };
const id = randomUUID();
const evidence = [{ name: 'акт.pdf', sha256: 'a'.repeat(64), uri: null }];

/** One recommendation's story, each step decided by the domain and written with its actor. */
const story: Array<[RecommendationCommand, typeof secretary | null]> = [
  [
    {
      type: 'AdoptRecommendation',
      data: {
        recommendationId: id,
        bodyId: 'b',
        meeting: { id: 'm', bodyId: 'b', status: 'HELD', startsAt: '2026-01-01T00:00:00Z', agendaItemIds: ['i'] },
        agendaItemId: 'i',
        number: '1/2026-1',
        text: { kk: 'Жарықтандыру', ru: 'Освещение' },
        origin: 'CITIZEN_PROPOSAL',
        priority: 'HIGH',
        at: '2026-01-10T10:00:00.000Z',
      },
    },
    secretary,
  ],
  [
    {
      type: 'AssignResponsibility',
      data: {
        leadUnitId: unitA,
        coExecutorUnitIds: [unitB],
        units: [unitA, unitB].map((id) => ({ id, status: 'ACTIVE' as const })),
        dueDate: '2026-03-01',
        at: '2026-01-11T10:00:00.000Z',
      },
    },
    secretary,
  ],
  [{ type: 'AcceptRecommendation', data: { unitId: unitA, note: 'Принято', at: '2026-01-12T10:00:00.000Z' } }, officer],
  [
    {
      type: 'ReportProgress',
      data: { unitId: unitA, percent: 40, note: 'Установлено 4 фонаря', evidence, at: '2026-02-01T10:00:00.000Z' },
    },
    officer,
  ],
  [
    {
      type: 'RequestDeadlineExtension',
      data: { unitId: unitA, requestedDueDate: '2026-04-01', reason: 'Поставка опор', at: '2026-02-10T10:00:00.000Z' },
    },
    officer,
  ],
  [{ type: 'DecideDeadlineExtension', data: { approve: true, reason: 'Обосновано', at: '2026-02-11T10:00:00.000Z' } }, secretary],
  [
    {
      type: 'AddComment',
      data: { commentId: randomUUID(), by: 'off-1', unitId: unitA, text: 'Опоры в пути', at: '2026-02-12T10:00:00.000Z' },
    },
    officer,
  ],
  [
    {
      type: 'ReportImplementation',
      data: { unitId: unitA, by: 'off-1', summary: 'Освещение восстановлено', evidence, at: '2026-03-20T10:00:00.000Z' },
    },
    officer,
  ],
  [{ type: 'ReturnImplementation', data: { by: 'sec-1', reason: 'Нет фотографий', at: '2026-03-21T10:00:00.000Z' } }, secretary],
  [{ type: 'CloseRecommendationNotImplemented', data: { reason: 'Срок истёк', at: '2026-04-02T10:00:00.000Z' } }, secretary],
  [{ type: 'ReopenRecommendation', data: { reason: 'Новые сведения', at: '2026-04-03T10:00:00.000Z' } }, null],
];

/** Writes the story decided by the domain, each step with its actor, and checks the timeline live and replayed. */
async function tellStory(check: (readModel: ReadModelDb, positions: bigint[]) => void): Promise<void> {
  const positions: bigint[] = [];
  await projectBothWays(
    async (append) => {
      let state: RecommendationState = recommendationDecider.initialState();
      for (const [command, actor] of story) {
        const produced = recommendationDecider.decide(command, state);
        positions.push(await append(`recommendation-${id}`, ...produced.map((e) => ({ ...e, metadata: actor ? { actor } : {} }))));
        state = produced.reduce((s, e) => recommendationDecider.evolve(s, e), state);
      }
    },
    (readModel) => check(readModel, positions),
  );
}

describe('timeline projection', () => {
  it('tells every event of the recommendation in log order, each kind with its own fields, actor and unit acted for', async () => {
    await tellStory((readModel, positions) => {
      const timeline = new TimelineQueries(readModel.db).forRecommendation(id);
      expect(timeline.map((e) => e.kind)).toEqual([
        'ADOPTED',
        'ASSIGNED',
        'ACCEPTED',
        'PROGRESS',
        'EXTENSION_REQUESTED',
        'EXTENSION_GRANTED',
        'COMMENT',
        'IMPLEMENTATION_REPORTED',
        'RETURNED',
        'CLOSED_NOT_IMPLEMENTED',
        'REOPENED',
      ]);
      expect(timeline.map((e) => e.position)).toEqual(positions.map(String));
      expect(timeline[0]).toMatchObject({
        number: '1/2026-1',
        origin: 'CITIZEN_PROPOSAL',
        priority: 'HIGH',
        at: '2026-01-10T10:00:00.000Z',
        actor: { sub: 'sec-1', name: 'Айгерім Нұрланқызы', role: 'secretary:b' },
        unitId: null,
      });
      expect(timeline[1]).toMatchObject({ leadUnitId: unitA, coExecutorUnitIds: [unitB], dueDate: '2026-03-01' });
      expect(timeline[2]).toMatchObject({ note: 'Принято', unitId: unitA, actor: { name: 'Ерлан Сапаров', role: `unit:${unitA}` } });
      expect(timeline[3]).toMatchObject({ percent: 40, note: 'Установлено 4 фонаря', evidence, unitId: unitA });
      expect(timeline[4]).toMatchObject({ requestedDueDate: '2026-04-01', reason: 'Поставка опор' });
      expect(timeline[5]).toMatchObject({ newDueDate: '2026-04-01', previousDueDate: '2026-03-01', note: 'Обосновано', unitId: null });
      expect(timeline[6]).toMatchObject({ text: 'Опоры в пути', unitId: unitA });
      expect(timeline[7]).toMatchObject({ summary: 'Освещение восстановлено', evidence });
      expect(timeline[8]).toMatchObject({ reason: 'Нет фотографий' });
      expect(timeline[9]).toMatchObject({ reason: 'Срок истёк' });
      // Written without an actor (e.g. imported history): the entry says so rather than inventing one.
      expect(timeline[10]).toMatchObject({ reason: 'Новые сведения', status: 'ASSIGNED', actor: null });
    });
  });

  it('as of a log position or a time, holds only the entries up to it', async () => {
    await tellStory((readModel, positions) => {
      const queries = new TimelineQueries(readModel.db);
      expect(queries.forRecommendation(id, { position: positions[3]! }).map((e) => e.kind)).toEqual([
        'ADOPTED',
        'ASSIGNED',
        'ACCEPTED',
        'PROGRESS',
      ]);
      const all = queries.forRecommendation(id);
      expect(queries.forRecommendation(id, { recordedAt: new Date(all[2]!.recordedAt) }).map((e) => e.position)).toEqual(
        all.filter((e) => e.recordedAt <= all[2]!.recordedAt).map((e) => e.position),
      );
      expect(queries.forRecommendation(id, { position: 0n })).toEqual([]);
      expect(queries.forRecommendation(randomUUID())).toEqual([]);
    });
  });
});
