import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DomainError, RecommendationCommand, RecommendationEvent, fold, recommendationDecider, timeliness } from '@gov/domain';
import { SqliteEventStore } from '@gov/event-store';
import { Projector } from './projector';
import { ReadModelDb } from './read-model-db';
import { RecommendationQueries } from './recommendation-queries';

const unitIds = [randomUUID(), randomUUID()];
const units = unitIds.map((id) => ({ id, status: 'ACTIVE' as const }));
const T0 = Date.parse('2026-01-01T00:00:00Z');
const DAY = 86_400_000;
const day = fc.integer({ min: 0, max: 400 }).map((n) => new Date(T0 + n * DAY).toISOString().slice(0, 10));
const at = '2026-01-01T00:00:00.000Z';

const command: fc.Arbitrary<RecommendationCommand> = fc.oneof(
  fc.record({ type: fc.constant('AssignResponsibility' as const), data: fc.record({ leadUnitId: fc.constantFrom(...unitIds), coExecutorUnitIds: fc.constant<string[]>([]), units: fc.constant(units), dueDate: day, at: fc.constant(at) }) }),
  fc.record({ type: fc.constant('AcceptRecommendation' as const), data: fc.record({ unitId: fc.constantFrom(...unitIds), at: fc.constant(at) }) }),
  fc.record({ type: fc.constant('ReportProgress' as const), data: fc.record({ unitId: fc.constantFrom(...unitIds), percent: fc.integer({ min: 0, max: 100 }), note: fc.constant('ход'), at: fc.constant(at) }) }),
  fc.record({ type: fc.constant('RequestDeadlineExtension' as const), data: fc.record({ unitId: fc.constantFrom(...unitIds), requestedDueDate: day, reason: fc.constant('r'), at: fc.constant(at) }) }),
  fc.record({ type: fc.constant('DecideDeadlineExtension' as const), data: fc.record({ approve: fc.boolean(), reason: fc.constant('r'), at: fc.constant(at) }) }),
  fc.record({ type: fc.constant('ReportImplementation' as const), data: fc.record({ unitId: fc.constantFrom(...unitIds), by: fc.constant('officer'), summary: fc.constant('s'), at: fc.constant(at) }) }),
  fc.record({ type: fc.constant('VerifyImplementation' as const), data: fc.record({ by: fc.constant('secretary'), at: fc.constant(at) }) }),
  fc.record({ type: fc.constant('ReturnImplementation' as const), data: fc.record({ by: fc.constant('secretary'), reason: fc.constant('r'), at: fc.constant(at) }) }),
  fc.record({ type: fc.constant('CloseRecommendationNotImplemented' as const), data: fc.record({ reason: fc.constant('r'), at: fc.constant(at) }) }),
  fc.record({ type: fc.constant('ReopenRecommendation' as const), data: fc.record({ reason: fc.constant('r'), at: fc.constant(at) }) }),
);

/** A history: several recommendations, commands interleaved, each recorded a random number of hours after the last. */
const history = fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), command, fc.integer({ min: 1, max: 72 })), { minLength: 1, maxLength: 60 });

describe('time travel', () => {
  it('recommendations(asOf) agrees exactly with replaying the log up to that moment', async () => {
    await fc.assert(
      fc.asyncProperty(history, fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 3, maxLength: 3 }), async (steps, probes) => {
        const dir = mkdtempSync(join(tmpdir(), 'gov-tt-'));
        let clock = T0;
        const events = new SqliteEventStore({ dataDir: dir, now: () => new Date(clock) });
        const readModel = new ReadModelDb(dir);
        try {
          const ids = [randomUUID(), randomUUID(), randomUUID()];
          const meeting = { id: randomUUID(), bodyId: 'b', status: 'HELD' as const, startsAt: at, agendaItemIds: ['i'] };
          const log: Array<{ id: string; event: RecommendationEvent; recordedAt: number }> = [];
          const states = new Map<string, ReturnType<typeof recommendationDecider.initialState>>();
          const apply = async (id: string, cmd: RecommendationCommand) => {
            const state = states.get(id) ?? recommendationDecider.initialState();
            let produced: RecommendationEvent[];
            try {
              produced = recommendationDecider.decide(cmd, state);
            } catch (e) {
              if (e instanceof DomainError) return;
              throw e;
            }
            await events.appendToStream(`recommendation-${id}`, produced.map((e) => ({ id: randomUUID(), type: e.type, data: e.data as Record<string, unknown> })));
            produced.forEach((event) => log.push({ id, event, recordedAt: clock }));
            states.set(id, produced.reduce(recommendationDecider.evolve, state));
          };
          for (const id of ids) {
            clock += 3_600_000;
            await apply(id, { type: 'AdoptRecommendation', data: { recommendationId: id, bodyId: 'b', meeting, agendaItemId: 'i', number: '1', text: { ru: 'т' }, origin: 'BODY', priority: 'NORMAL', at } });
          }
          for (const [which, cmd, hours] of steps) {
            clock += hours * 3_600_000;
            await apply(ids[which], cmd);
          }
          const projector = new Projector(events, readModel);
          await projector.start();
          await projector.stop();
          const queries = new RecommendationQueries(readModel.db);
          const end = clock;
          for (const probe of probes) {
            const asOf = new Date(T0 + Math.floor(((end - T0) * probe) / 100));
            for (const id of ids) {
              const replayed = fold(recommendationDecider, log.filter((l) => l.id === id && l.recordedAt <= asOf.getTime()).map((l) => l.event));
              const view = queries.byId(id, new Date(end), asOf);
              if (replayed.status === 'NONE') {
                expect(view).toBeNull();
                continue;
              }
              expect(view).toMatchObject({
                status: replayed.status, dueDate: replayed.dueDate, leadUnitId: replayed.leadUnitId, percent: replayed.percent,
                extensions: replayed.extensions, closedAt: replayed.closedAt, ...timeliness(replayed, asOf.getTime()),
              });
            }
            // The projector's running counts give the same stats as grouping the rows.
            for (const groupBy of ['NONE', 'STATUS', 'UNIT', 'MONTH', 'BODY'] as const) {
              const now = asOf;
              expect(queries.stats({ groupBy, now })).toEqual(queries.stats({ groupBy, now, scan: true }));
              expect(queries.stats({ groupBy, now, filter: { unitId: unitIds[0], leadOnly: true } })).toEqual(queries.stats({ groupBy, now, filter: { unitId: unitIds[0], leadOnly: true }, scan: true }));
            }
            const listed = queries.list({ asOf, now: new Date(end), first: 10 }).nodes.map((n) => n.node.id).sort();
            const expected = ids.filter((id) => log.some((l) => l.id === id && l.recordedAt <= asOf.getTime())).sort();
            expect(listed).toEqual(expected);
          }
        } finally {
          readModel.close();
          await events.close();
          rmSync(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: 40 },
    );
  });
});
