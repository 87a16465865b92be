import { randomUUID } from 'node:crypto';
import { RecommendationCommand, recommendationDecider, streamIds } from '@gov/domain';

/** Recommendations accepted by one unit, so every command is a progress report (as the embedded append workload). */
export function acceptedRecommendations(unitId: string, ids: string[], at: string) {
  const meeting = { id: randomUUID(), bodyId: 'b', status: 'HELD' as const, startsAt: null, agendaItemIds: ['i'] };
  return ids.map((id) => {
    const cmds: RecommendationCommand[] = [
      {
        type: 'AdoptRecommendation',
        data: {
          recommendationId: id,
          bodyId: 'b',
          meeting,
          agendaItemId: 'i',
          number: '1',
          text: { ru: 'Рекомендация' },
          origin: 'BODY',
          priority: 'NORMAL',
          at,
        },
      },
      {
        type: 'AssignResponsibility',
        data: { leadUnitId: unitId, coExecutorUnitIds: [], units: [{ id: unitId, status: 'ACTIVE' }], dueDate: '2099-01-01', at },
      },
      { type: 'AcceptRecommendation', data: { unitId, at } },
    ];
    let state = recommendationDecider.initialState();
    const events = cmds.flatMap((c) => {
      const out = recommendationDecider.decide(c, state);
      state = out.reduce((s, e) => recommendationDecider.evolve(s, e), state);
      return out;
    });
    return { streamId: streamIds.recommendation(id), events: events.map((e) => ({ id: randomUUID(), type: e.type, data: e.data })) };
  });
}

/** The progress report the append workloads write, as the peers append it (the write side decides the same one). */
export function progressReported(recommendationId: string, unitId: string, n: number, at: string) {
  return { recommendationId, unitId, percent: n % 100, note: 'Ход исполнения: проведено обучение', evidence: [], at };
}

/**
 * A progress report's row as the raw-insert baselines write it: its data and the metadata the write
 * side stores with it (fresh ids each time), as JSON text, with placeholder hashes.
 */
export function rawProgressRow(recommendationId: string, unitId: string, n: number, at: string) {
  return {
    streamId: `recommendation-${recommendationId}`,
    data: JSON.stringify(progressReported(recommendationId, unitId, n, at)),
    metadata: JSON.stringify({
      actor: { sub: 'officer', name: 'Officer', roles: [`unit:${unitId}`], role: `unit:${unitId}` },
      commandId: null,
      commandType: 'ReportProgress',
      correlationId: randomUUID(),
      causationId: randomUUID(),
      occurredAt: at,
      schemaVersion: 1,
    }),
    prevHash: '0'.repeat(64),
    hash: 'f'.repeat(64),
  };
}
