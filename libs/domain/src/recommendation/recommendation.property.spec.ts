import fc from 'fast-check';
import { fold } from '../common/decider';
import { DomainError } from '../common/domain-error';
import { uuid } from '../testing/decider-spec';
import {
  RECOMMENDATION_TRANSITIONS,
  RecommendationCommand,
  RecommendationEvent,
  RecommendationState,
  isClosed,
  recommendationDecider,
} from './recommendation';

const bodyId = uuid(50);
const meetingId = uuid(51);
const itemId = uuid(52);
const unitIds = [uuid(53), uuid(54), uuid(55)];
const units = unitIds.map((id) => ({ id, status: 'ACTIVE' as const }));
const subs = ['secretary', 'officer-a', 'officer-b'];

const day = fc.integer({ min: 0, max: 720 }).map((n) => new Date(Date.UTC(2026, 1, 6) + n * 86_400_000).toISOString().slice(0, 10));
const unit = fc.constantFrom(...unitIds);
const sub = fc.constantFrom(...subs);
const words = fc.constantFrom('сделано', 'жасалды', 'done', '');
const at = fc.constant('2026-02-05T12:00:00.000Z');

const command: fc.Arbitrary<RecommendationCommand> = fc.oneof(
  fc.record({
    type: fc.constant('AssignResponsibility' as const),
    data: fc.record({ leadUnitId: unit, coExecutorUnitIds: fc.subarray(unitIds), units: fc.constant(units), dueDate: day, at }),
  }),
  fc.record({ type: fc.constant('AcceptRecommendation' as const), data: fc.record({ unitId: unit, at }) }),
  fc.record({ type: fc.constant('DisputeRecommendation' as const), data: fc.record({ unitId: unit, justification: words, at }) }),
  fc.record({
    type: fc.constant('ReportProgress' as const),
    data: fc.record({ unitId: unit, percent: fc.integer({ min: -5, max: 105 }), note: words, at }),
  }),
  fc.record({
    type: fc.constant('RequestDeadlineExtension' as const),
    data: fc.record({ unitId: unit, requestedDueDate: day, reason: words, at }),
  }),
  fc.record({ type: fc.constant('DecideDeadlineExtension' as const), data: fc.record({ approve: fc.boolean(), reason: words, at }) }),
  fc.record({ type: fc.constant('ReportImplementation' as const), data: fc.record({ unitId: unit, by: sub, summary: words, at }) }),
  fc.record({ type: fc.constant('VerifyImplementation' as const), data: fc.record({ by: sub, at }) }),
  fc.record({ type: fc.constant('ReturnImplementation' as const), data: fc.record({ by: sub, reason: words, at }) }),
  fc.record({ type: fc.constant('CloseRecommendationNotImplemented' as const), data: fc.record({ reason: words, at }) }),
  fc.record({ type: fc.constant('WithdrawRecommendation' as const), data: fc.record({ reason: words, at }) }),
  fc.record({ type: fc.constant('ReopenRecommendation' as const), data: fc.record({ reason: words, at }) }),
  fc.record({
    type: fc.constant('AddComment' as const),
    data: fc.record({ commentId: fc.uuid({ version: 4 }), by: sub, text: words, at }),
  }),
);

const adopt: RecommendationCommand = {
  type: 'AdoptRecommendation',
  data: {
    recommendationId: uuid(56),
    bodyId,
    meeting: { id: meetingId, bodyId, status: 'HELD', startsAt: null, agendaItemIds: [itemId] },
    agendaItemId: itemId,
    number: '1',
    text: { ru: 'т' },
    origin: 'BODY',
    priority: 'NORMAL',
    at: '2026-02-05T12:00:00.000Z',
  },
};

/** Runs commands through decide, keeping accepted events and checking each rejection is a DomainError. */
function run(commands: RecommendationCommand[]) {
  let state = recommendationDecider.initialState();
  const events: RecommendationEvent[] = [];
  const steps: Array<{ command: RecommendationCommand; before: RecommendationState; after: RecommendationState }> = [];
  for (const cmd of [adopt, ...commands]) {
    let produced: RecommendationEvent[];
    try {
      produced = recommendationDecider.decide(cmd, state);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      continue;
    }
    for (const event of produced) {
      const before = state;
      state = recommendationDecider.evolve(state, event);
      events.push(event);
      steps.push({ command: cmd, before, after: state });
    }
  }
  return { state, events, steps };
}

describe('recommendation decider properties', () => {
  it('every accepted command starts where the status graph allows and leads only where it says', () =>
    fc.assert(
      fc.property(fc.array(command, { maxLength: 40 }), (commands) => {
        for (const { command, before, after } of run(commands).steps.slice(1)) {
          const transition = RECOMMENDATION_TRANSITIONS[command.type as keyof typeof RECOMMENDATION_TRANSITIONS];
          expect(transition.from).toContain(before.status);
          if (transition.to.length === 0) expect(after.status).toBe(before.status);
          else expect(transition.to).toContain(after.status);
        }
      }),
      { numRuns: 500 },
    ));

  it('an assigned recommendation never loses its original due date, and extensions only move it later', () =>
    fc.assert(
      fc.property(fc.array(command, { maxLength: 40 }), (commands) => {
        const { state, events } = run(commands);
        const firstAssignment = events.find((e) => e.type === 'ResponsibilityAssigned');
        if (!firstAssignment) return;
        expect(state.originalDueDate).toBe((firstAssignment.data as { dueDate: string }).dueDate);
        expect(state.dueDate).not.toBeNull();
        for (const e of events) if (e.type === 'DeadlineExtended') expect(e.data.dueDate > e.data.previousDueDate).toBe(true);
        if (isClosed(state.status)) expect(state.originalDueDate).not.toBeNull();
      }),
      { numRuns: 500 },
    ));

  it('replaying the events gives the same state', () =>
    fc.assert(
      fc.property(fc.array(command, { maxLength: 40 }), (commands) => {
        const { state, events } = run(commands);
        expect(fold(recommendationDecider, events)).toEqual(state);
        expect(fold(recommendationDecider, JSON.parse(JSON.stringify(events)) as RecommendationEvent[])).toEqual(state);
      }),
      { numRuns: 300 },
    ));

  it('nobody verifies an implementation they reported', () =>
    fc.assert(
      fc.property(fc.array(command, { maxLength: 40 }), (commands) => {
        const { events } = run(commands);
        let reporter: string | null = null;
        for (const e of events) {
          if (e.type === 'ImplementationReported') reporter = e.data.reportedBy;
          if (e.type === 'ImplementationVerified') expect(e.data.verifiedBy).not.toBe(reporter);
        }
      }),
      { numRuns: 300 },
    ));
});
