import { Global, Module } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Test } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import { DomainEvent, RecommendationEvent, upcasters } from '@gov/domain';
import { EventStore, InMemoryEventStore } from '@gov/event-store';
import { Actor } from '../common/actor';
import { CommandResult, EVENT_STORE } from '../common/aggregate-store';
import { CommandClass } from '../common/command';
import { EVIDENCE_FILES, EvidenceFiles } from '../common/evidence';
import { CommandPayload } from '../common/payloads';
import { GovernanceModule } from '../governance.module';

export const AT = '2026-02-05T12:00:00.000Z';

/** History of a recommendation the body adopted and assigned to `leadUnitId`, due 2026-06-30. */
export function assignedHistory(recommendationId: string, bodyId: string, leadUnitId: string): RecommendationEvent[] {
  return [
    {
      type: 'RecommendationAdopted',
      data: {
        recommendationId,
        bodyId,
        meetingId: randomUUID(),
        agendaItemId: randomUUID(),
        number: '1',
        text: { ru: 'Улучшить работу участковых' },
        origin: 'BODY',
        priority: 'NORMAL',
        adoptedAt: AT,
      },
    },
    {
      type: 'ResponsibilityAssigned',
      data: { recommendationId, leadUnitId, coExecutorUnitIds: [], dueDate: '2026-06-30', originalDueDate: '2026-06-30', at: AT },
    },
  ];
}

export interface WhenOptions {
  commandId?: string;
  expectedRevision?: bigint;
}

/**
 * Given-when-then for the application layer: the real GovernanceModule on its CommandBus over an
 * event store in memory. `given` writes events as history; `when` sends a command as a transport would.
 */
export async function writeSideSpec(store: EventStore = new InMemoryEventStore()) {
  // The file store's port, in memory: a hash counts as uploaded (before owners were kept: anyone's) once `uploaded` names it.
  const uploaded = new Set<string>();
  const files: EvidenceFiles = { facts: async (sha256) => (uploaded.has(sha256) ? { owners: null, cited: false } : null) };
  @Global()
  @Module({
    providers: [
      { provide: EVENT_STORE, useValue: store },
      { provide: EVIDENCE_FILES, useValue: files },
    ],
    exports: [EVENT_STORE, EVIDENCE_FILES],
  })
  class StoreModule {}
  const app = await Test.createTestingModule({ imports: [StoreModule, GovernanceModule] }).compile();
  await app.init();
  const bus = app.get(CommandBus);
  return {
    store,
    uploaded,
    given: (streamId: string, events: DomainEvent[]) =>
      store.appendToStream(
        streamId,
        events.map((e) => ({
          id: randomUUID(),
          type: e.type,
          data: e.data as Record<string, unknown>,
          metadata: { schemaVersion: upcasters.currentVersion(e.type) },
        })),
      ),
    when: <P extends CommandPayload>(Command: CommandClass<P>, payload: P, actor: Actor, options: WhenOptions = {}) =>
      bus.execute<InstanceType<CommandClass<P>>, CommandResult>(
        new Command(payload, { actor, correlationId: randomUUID(), occurredAt: AT, ...options }),
      ),
    stream: (streamId: string) => store.readStream(streamId),
    close: () => app.close(),
  };
}
