import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  Decider,
  DomainCommand,
  DomainEvent,
  StreamKind,
  bodyDecider,
  governanceMetadata,
  meetingDecider,
  nameUuid,
  readGovernanceMetadata,
  recommendationDecider,
  streamIds,
  unitDecider,
  upcasters,
} from '@gov/domain';
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

/** One aggregate as the write side addresses it: its decider and the stream an id names. */
export interface Aggregate<S, C extends DomainCommand, E extends DomainEvent> {
  decider: Decider<S, C, E>;
  streamId(id: string): string;
}

export const aggregate = {
  unit: { decider: unitDecider, streamId: streamIds.unit },
  body: { decider: bodyDecider, streamId: streamIds.body },
  meeting: { decider: meetingDecider, streamId: streamIds.meeting },
  recommendation: { decider: recommendationDecider, streamId: streamIds.recommendation },
} satisfies Record<StreamKind, unknown>;

/**
 * The command a use case sends, its type named once: the data is built from the loaded state and
 * the grant, loading any facts from other aggregates it needs.
 */
export type ToDomain<S, C extends DomainCommand, G> =
  C extends DomainCommand<infer T, infer D> ? { type: T; data(state: S, grant: G): D | Promise<D> } : never;

@Injectable()
export class AggregateStore {
  constructor(@Inject(EVENT_STORE) readonly events: EventStore) {}

  /** The aggregate's state as its stream holds it now. */
  async load<S, E extends DomainEvent>(of: Aggregate<S, never, E>, id: string): Promise<Loaded<S>> {
    return this.loadStream(of.decider, of.streamId(id));
  }

  private async loadStream<S, E extends DomainEvent>(decider: Aggregate<S, never, E>['decider'], streamId: string): Promise<Loaded<S>> {
    const events = await this.events.readStream(streamId);
    let state = decider.initialState();
    for (const e of events) state = decider.evolve(state, upcasters.upcastStored<E>(e));
    return { state, revision: events.at(-1)?.revision ?? null, events };
  }

  /**
   * load -> authorize -> decide -> append at the loaded revision, retrying when someone raced us.
   * `authorize` throws FORBIDDEN/UNAUTHENTICATED or returns what it granted; it runs on every attempt.
   */
  async execute<S, C extends DomainCommand, E extends DomainEvent, G extends Grant>(
    of: Aggregate<S, C, E>,
    id: string,
    ctx: CommandContext,
    authorize: (state: S) => G,
    toDomain: ToDomain<S, C, G>,
  ): Promise<CommandResult> {
    const x = { decider: of.decider, streamId: of.streamId(id), commandType: toDomain.type, ctx };
    for (let attempt = 1; ; attempt++) {
      const loaded = await this.loadStream(x.decider, x.streamId);
      const replay = this.findCommand(loaded.events, x);
      if (replay) return replay;
      const grant = authorize(loaded.state);
      if (x.ctx.expectedRevision !== undefined && x.ctx.expectedRevision !== (loaded.revision ?? -1n)) {
        throw conflict(x.streamId, x.ctx.expectedRevision, loaded.revision);
      }
      // ToDomain pairs each command type with its own data, so this is one of C.
      const command = { type: toDomain.type, data: await toDomain.data(loaded.state, grant) } as C;
      const domainEvents = x.decider.decide(command, loaded.state);
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
