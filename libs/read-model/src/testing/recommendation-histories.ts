import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { DomainError, RecommendationCommand, RecommendationEvent, RecommendationState, recommendationDecider } from '@gov/domain';
import { EventStore } from '@gov/event-store';

/** Generated recommendation histories for property tests of the read model. */
export const unitIds = [randomUUID(), randomUUID()];
const units = unitIds.map((id) => ({ id, status: 'ACTIVE' as const }));
export const T0 = Date.parse('2026-01-01T00:00:00Z');
const DAY = 86_400_000;
const day = fc.integer({ min: 0, max: 400 }).map((n) => new Date(T0 + n * DAY).toISOString().slice(0, 10));
const at = '2026-01-01T00:00:00.000Z';
const evidence = fc.array(
  fc.record({
    name: fc.constantFrom('акт.pdf', 'фото.jpg'),
    sha256: fc.constantFrom('a'.repeat(64), 'B'.repeat(64)),
    uri: fc.constantFrom(null, 'https://e.kz/a'),
  }),
  { maxLength: 2 },
);

const command: fc.Arbitrary<RecommendationCommand> = fc.oneof(
  fc.record({
    type: fc.constant('AssignResponsibility' as const),
    data: fc.record({
      leadUnitId: fc.constantFrom(...unitIds),
      coExecutorUnitIds: fc.subarray(unitIds, { maxLength: 1 }),
      units: fc.constant(units),
      dueDate: day,
      at: fc.constant(at),
    }),
  }),
  fc.record({
    type: fc.constant('AcceptRecommendation' as const),
    data: fc.record({ unitId: fc.constantFrom(...unitIds), at: fc.constant(at) }),
  }),
  fc.record({
    type: fc.constant('ReportProgress' as const),
    data: fc.record({
      unitId: fc.constantFrom(...unitIds),
      percent: fc.integer({ min: 0, max: 100 }),
      note: fc.constant('ход'),
      evidence,
      at: fc.constant(at),
    }),
  }),
  fc.record({
    type: fc.constant('RequestDeadlineExtension' as const),
    data: fc.record({ unitId: fc.constantFrom(...unitIds), requestedDueDate: day, reason: fc.constant('r'), at: fc.constant(at) }),
  }),
  fc.record({
    type: fc.constant('DecideDeadlineExtension' as const),
    data: fc.record({ approve: fc.boolean(), reason: fc.constant('r'), at: fc.constant(at) }),
  }),
  fc.record({
    type: fc.constant('ReportImplementation' as const),
    data: fc.record({
      unitId: fc.constantFrom(...unitIds),
      by: fc.constant('officer'),
      summary: fc.constant('s'),
      evidence,
      at: fc.constant(at),
    }),
  }),
  fc.record({ type: fc.constant('VerifyImplementation' as const), data: fc.record({ by: fc.constant('secretary'), at: fc.constant(at) }) }),
  fc.record({
    type: fc.constant('ReturnImplementation' as const),
    data: fc.record({ by: fc.constant('secretary'), reason: fc.constant('r'), at: fc.constant(at) }),
  }),
  fc.record({
    type: fc.constant('CloseRecommendationNotImplemented' as const),
    data: fc.record({ reason: fc.constant('r'), at: fc.constant(at) }),
  }),
  fc.record({ type: fc.constant('ReopenRecommendation' as const), data: fc.record({ reason: fc.constant('r'), at: fc.constant(at) }) }),
);

/** Steps of a history: which of three recommendations, what is asked of it, and how many hours after the last step. */
export const historySteps = fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), command, fc.integer({ min: 1, max: 72 })), {
  minLength: 1,
  maxLength: 60,
});
export type HistoryStep = [number, RecommendationCommand, number];

export interface WrittenHistory {
  ids: string[];
  /** Every event written, with the log time it was recorded at. */
  log: Array<{ id: string; event: RecommendationEvent; recordedAt: number }>;
}

/**
 * Adopts three recommendations and plays the steps against them through the decider, appending
 * what it decides (refused commands write nothing). `clock` is the store's time source;
 * `afterAppend` runs after each append, before the next one.
 */
export async function writeHistory(
  events: EventStore,
  clock: { now: number },
  steps: HistoryStep[],
  afterAppend: (position: bigint) => Promise<void> = async () => undefined,
): Promise<WrittenHistory> {
  const ids = [randomUUID(), randomUUID(), randomUUID()];
  const meeting = { id: randomUUID(), bodyId: 'b', status: 'HELD' as const, startsAt: at, agendaItemIds: ['i'] };
  const log: WrittenHistory['log'] = [];
  const states = new Map<string, RecommendationState>();
  const apply = async (id: string, cmd: RecommendationCommand) => {
    const state = states.get(id) ?? recommendationDecider.initialState();
    let produced: RecommendationEvent[];
    try {
      produced = recommendationDecider.decide(cmd, state);
    } catch (e) {
      if (e instanceof DomainError) return;
      throw e;
    }
    const { position } = await events.appendToStream(
      `recommendation-${id}`,
      produced.map((e) => ({ id: randomUUID(), type: e.type, data: e.data as Record<string, unknown> })),
    );
    await afterAppend(position);
    produced.forEach((event) => log.push({ id, event, recordedAt: clock.now }));
    states.set(id, produced.reduce(recommendationDecider.evolve, state));
  };
  for (const id of ids) {
    clock.now += 3_600_000;
    await apply(id, {
      type: 'AdoptRecommendation',
      data: {
        recommendationId: id,
        bodyId: 'b',
        meeting,
        agendaItemId: 'i',
        number: '1',
        text: { ru: 'т' },
        origin: 'BODY',
        priority: 'NORMAL',
        at,
      },
    });
  }
  for (const [which, cmd, hours] of steps) {
    clock.now += hours * 3_600_000;
    await apply(ids[which], cmd);
  }
  return { ids, log };
}
