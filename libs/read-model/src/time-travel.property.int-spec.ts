import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RecommendationEvent, fold, recommendationDecider, timeliness, upcasters } from '@gov/domain';
import { SqliteEventStore } from '@gov/event-store';
import { Projector } from './projector';
import { ReadModelDb } from './read-model-db';
import { RecommendationQueries } from './projections/recommendation-rows.queries';
import { actorOf, timelineDetails } from './projections/timeline.projection';
import { TimelineQueries } from './projections/timeline.queries';
import { T0, historySteps, unitIds, writeHistory } from './testing/recommendation-histories';

describe('time travel', () => {
  it('recommendations(asOf) agrees exactly with replaying the log up to that moment', async () => {
    await fc.assert(
      fc.asyncProperty(historySteps, fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 3, maxLength: 3 }), async (steps, probes) => {
        const dir = mkdtempSync(join(tmpdir(), 'gov-tt-'));
        const clock = { now: T0 };
        const events = new SqliteEventStore({ dataDir: dir, now: () => new Date(clock.now) });
        const readModel = new ReadModelDb(dir);
        try {
          const { ids, log, publishedMeetingId } = await writeHistory(events, clock, steps);
          const projector = new Projector(events, readModel);
          await projector.start();
          await projector.stop();
          const queries = new RecommendationQueries(readModel.db);
          const end = clock.now;
          for (const probe of probes) {
            const asOf = new Date(T0 + Math.floor(((end - T0) * probe) / 100));
            for (const id of ids) {
              const replayed = fold(
                recommendationDecider,
                log.filter((l) => l.id === id && l.recordedAt <= asOf.getTime()).map((l) => l.event),
              );
              const view = queries.byId(id, new Date(end), asOf);
              if (replayed.status === 'NONE') {
                expect(view).toBeNull();
                continue;
              }
              expect(view).toMatchObject({
                status: replayed.status,
                dueDate: replayed.dueDate,
                leadUnitId: replayed.leadUnitId,
                percent: replayed.percent,
                extensions: replayed.extensions,
                closedAt: replayed.closedAt,
                ...timeliness(replayed, asOf.getTime()),
              });
            }
            // The timeline as of then is the stream's events recorded by then, in log order, with their actors.
            const timeline = new TimelineQueries(readModel.db);
            for (const id of ids) {
              const stream = await events.readStream(`recommendation-${id}`);
              const told = (upTo: typeof stream) =>
                upTo.map((e) => {
                  const { at, unitId, details } = timelineDetails(upcasters.upcastStored<RecommendationEvent>(e));
                  return {
                    ...details,
                    at,
                    unitId,
                    recommendationId: id,
                    position: String(e.position),
                    recordedAt: e.recordedAt,
                    actor: actorOf(e.metadata),
                  };
                });
              expect(timeline.forRecommendation(id, { recordedAt: asOf })).toEqual(
                told(stream.filter((e) => Date.parse(e.recordedAt) <= asOf.getTime())),
              );
              // A report-back item's cut-off is a log position: the entries at or before it.
              const cut = stream[Math.floor((stream.length * probe) / 101)]?.position ?? 0n;
              expect(timeline.forRecommendation(id, { position: cut })).toEqual(told(stream.filter((e) => e.position <= cut)));
              expect(timeline.forRecommendation(id).map((e) => e.kind)).toHaveLength(log.filter((l) => l.id === id).length);
            }
            // The projector's running counts give the same stats as grouping the rows.
            for (const groupBy of ['NONE', 'STATUS', 'UNIT', 'MONTH', 'BODY'] as const) {
              const now = asOf;
              expect(queries.stats({ groupBy, now })).toEqual(queries.stats({ groupBy, now, scan: true }));
              expect(queries.stats({ groupBy, now, filter: { unitId: unitIds[0], leadOnly: true } })).toEqual(
                queries.stats({ groupBy, now, filter: { unitId: unitIds[0], leadOnly: true }, scan: true }),
              );
            }
            // Stats for the public count the published meeting's recommendations and no others, now and as of then.
            for (const groupBy of ['NONE', 'STATUS', 'UNIT', 'MONTH', 'BODY'] as const) {
              for (const when of [{}, { asOf }]) {
                const now = asOf;
                const published = queries.stats({ groupBy, now, ...when, filter: { publishedOnly: true } });
                expect(published).toEqual(queries.stats({ groupBy, now, ...when, filter: { meetingIds: [publishedMeetingId] } }));
                const adoptedBy = 'asOf' in when ? log.filter((l) => l.recordedAt <= asOf.getTime()) : log;
                const total = adoptedBy.some((l) => l.id === ids[0]) ? 1 : 0;
                expect(published.reduce((sum, g) => sum + g.total, 0)).toBe(total);
              }
            }
            // A unit's overdue recommendations, found through its links' open due dates, are the ones its rows say.
            for (const unitId of unitIds) {
              const overdue = (asOfPosition?: bigint) =>
                queries.list({ filter: { unitId, overdue: true }, now: asOf, first: 200, asOfPosition });
              expect(overdue().nodes.map((n) => n.node.id)).toEqual(overdue(readModel.checkpoint().position).nodes.map((n) => n.node.id));
              expect(overdue().totalCount()).toBe(overdue(readModel.checkpoint().position).totalCount());
            }
            const listed = queries
              .list({ asOf, now: new Date(end), first: 10 })
              .nodes.map((n) => n.node.id)
              .sort();
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
