import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Decider, DomainCommand, DomainEvent, governanceMetadata, nameUuid, readGovernanceMetadata, upcasters } from '@gov/domain';
import { EventStore, RecordedEvent, WrongExpectedRevisionError } from '@gov/event-store';
import { CommandContext } from './actor';
import { Grant } from './authorization';
import { GovernanceError } from './errors';

export const EVENT_STORE = Symbol('EVENT_STORE');

/**
 * Retries for conflicts the client did not ask to see: another writer got in first. A writer loses a
 * round only to another command landing on the stream, so this many attempts always succeed for up
 * to this many writers racing on one stream, however loaded the machine.
 */
export const MAX_ATTEMPTS = 32;
/** Jittered backoff between retries, so racing writers stop arriving in lockstep (one group commit each). */
const backoff = (attempt: number) => new Promise((r) => setTimeout(r, Math.random() * Math.min(2 ** attempt, 50)));

export interface Loaded<S> {
  state: S;
  /** Revision of the last event, or null when the stream does not exist. */
  revision: bigint | null;
  events: RecordedEvent[];
}

export interface CommandResult {
  streamId: string;
  revision: bigint;
  position: bigint;
  /** True when the commandId had already been handled: nothing new was written. */
  replayed: boolean;
}

export interface Execution<S, C extends DomainCommand, E extends DomainEvent, G extends Grant = Grant> {
  decider: Decider<S, C, E>;
  streamId: string;
  commandType: string;
  ctx: CommandContext;
  /** Throws FORBIDDEN/UNAUTHENTICATED; returns what it granted. Runs on every attempt. */
  authorize(state: S): G;
  /** Builds the domain command from the state and the grant, loading any facts from other aggregates it needs. */
  toDomain(state: S, grant: G): C | Promise<C>;
}

@Injectable()
export class AggregateStore {
  constructor(@Inject(EVENT_STORE) readonly events: EventStore) {}

  async load<S, E extends DomainEvent>(
    decider: Pick<Decider<S, never, E>, 'initialState' | 'evolve'>,
    streamId: string,
  ): Promise<Loaded<S>> {
    const events = await this.events.readStream(streamId);
    let state = decider.initialState();
    for (const e of events) state = decider.evolve(state, upcasters.upcastStored<E>(e));
    return { state, revision: events.at(-1)?.revision ?? null, events };
  }

  /** load -> authorize -> decide -> append at the loaded revision, retrying when someone raced us. */
  async execute<S, C extends DomainCommand, E extends DomainEvent, G extends Grant>(x: Execution<S, C, E, G>): Promise<CommandResult> {
    for (let attempt = 1; ; attempt++) {
      const loaded = await this.load(x.decider, x.streamId);
      const replay = this.findCommand(loaded.events, x);
      if (replay) return replay;
      const grant = x.authorize(loaded.state);
      if (x.ctx.expectedRevision !== undefined && x.ctx.expectedRevision !== (loaded.revision ?? -1n)) {
        throw conflict(x.streamId, x.ctx.expectedRevision, loaded.revision);
      }
      const domainEvents = x.decider.decide(await x.toDomain(loaded.state, grant), loaded.state);
      const cause = {
        actor: { sub: x.ctx.actor.sub, name: x.ctx.actor.name, roles: x.ctx.actor.roles, role: grant.role },
        commandId: x.ctx.commandId ?? null,
        commandType: x.commandType,
        correlationId: x.ctx.correlationId,
        causationId: x.ctx.causationId ?? x.ctx.commandId ?? x.ctx.correlationId,
        occurredAt: x.ctx.occurredAt,
      };
      try {
        const result = await this.events.appendToStream(
          x.streamId,
          domainEvents.map((e, i) => ({
            // With a commandId the event ids are derived from it, so even a retry that races past
            // the check above is caught by the store's idempotency.
            id: x.ctx.commandId ? nameUuid(`${x.ctx.commandId}:${x.streamId}:${i}`) : randomUUID(),
            type: e.type,
            data: e.data as Record<string, unknown>,
            metadata: governanceMetadata(cause, e.type),
          })),
          { expectedRevision: loaded.revision ?? 'no_stream' },
        );
        return {
          streamId: x.streamId,
          revision: result.nextExpectedRevision,
          position: result.position,
          replayed: result.idempotentReplay,
        };
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
        if (x.ctx.expectedRevision !== undefined)
          throw conflict(x.streamId, x.ctx.expectedRevision, error.actual === 'no_stream' ? null : error.actual);
        if (attempt >= MAX_ATTEMPTS)
          throw new GovernanceError('CONFLICT', `too many concurrent changes to ${x.streamId}; try again`, { streamId: x.streamId });
        await backoff(attempt);
      }
    }
  }

  /** A command already handled on this stream returns its first result instead of running again. */
  private findCommand(events: RecordedEvent[], x: { ctx: CommandContext; commandType: string; streamId: string }): CommandResult | null {
    if (!x.ctx.commandId) return null;
    const mine = events.filter((e) => readGovernanceMetadata(e.metadata).commandId === x.ctx.commandId);
    if (mine.length === 0) return null;
    if (mine.some((e) => readGovernanceMetadata(e.metadata).commandType !== x.commandType)) {
      throw new GovernanceError('CONFLICT', `commandId ${x.ctx.commandId} was already used for a different command`, {
        commandId: x.ctx.commandId,
      });
    }
    const last = mine[mine.length - 1]!;
    return { streamId: x.streamId, revision: last.revision, position: last.position, replayed: true };
  }
}

function conflict(streamId: string, expected: bigint, actual: bigint | null): GovernanceError {
  return new GovernanceError(
    'CONFLICT',
    `${streamId} changed since you read it: expected revision ${expected}, it is at ${actual ?? 'none'}`,
    {
      streamId,
      expectedRevision: expected.toString(),
      actualRevision: actual === null ? null : actual.toString(),
    },
  );
}

/** The id of a new entity: the client's, or one derived from the commandId so a retry names the same entity. */
export function newEntityId(kind: string, given: string | undefined, ctx: CommandContext): string {
  return given ?? (ctx.commandId ? nameUuid(`${kind}:${ctx.commandId}`) : randomUUID());
}
