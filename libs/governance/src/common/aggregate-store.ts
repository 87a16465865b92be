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
import {
  AppendResult,
  EventStore,
  EventToAppend,
  IdempotencyMismatchError,
  RecordedEvent,
  WrongExpectedRevisionError,
} from '@gov/event-store';
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

/** A command handled on a stream: enough to answer its retry with the first result. */
interface HandledCommand {
  commandId: string;
  commandType: string | undefined;
  revision: bigint;
  position: bigint;
}

/** What execute needs of a stream: the state at a revision and the commands handled up to it. */
interface Known<S> {
  state: S;
  revision: bigint | null;
  commands: HandledCommand[];
}

interface AppendedEvents<E> {
  domainEvents: E[];
  events: EventToAppend[];
}

/** Streams whose state execute keeps between commands; past this many, the least recently used is forgotten. */
const KNOWN_STREAMS = 10_000;

@Injectable()
export class AggregateStore {
  /**
   * The state each stream was left in by the last command executed here (or its last load), so the
   * next command on it skips the load. A stream another writer (or replica) changed since is caught
   * by the append's expected revision; any answer other than success given on a remembered state is
   * given again only after a fresh load (a refusal or a conflict may be the old state's).
   */
  private readonly known = new Map<string, Known<unknown>>();

  constructor(@Inject(EVENT_STORE) readonly events: EventStore) {
    // A stream another replica changed is loaded afresh, not tried on the state remembered here.
    events.onAppendedElsewhere?.((streamId, revision) => {
      const known = this.known.get(streamId);
      if (known && (known.revision ?? -1n) < revision) this.known.delete(streamId);
    });
  }

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

  private async loadKnown<S, E extends DomainEvent>(decider: Aggregate<S, never, E>['decider'], streamId: string): Promise<Known<S>> {
    const { state, revision, events } = await this.loadStream(decider, streamId);
    const commands: HandledCommand[] = [];
    for (const e of events) {
      const { commandId, commandType } = readGovernanceMetadata(e.metadata);
      if (commandId) commands.push({ commandId, commandType, revision: e.revision, position: e.position });
    }
    const known = { state, revision, commands };
    this.remember(streamId, known);
    return known;
  }

  private remember(streamId: string, known: Known<unknown>): void {
    const current = this.known.get(streamId);
    if (current && (current.revision ?? -1n) > (known.revision ?? -1n)) return;
    this.known.delete(streamId);
    this.known.set(streamId, known);
    if (this.known.size > KNOWN_STREAMS) this.known.delete(this.known.keys().next().value!);
  }

  /**
   * load -> authorize -> decide -> append at the loaded revision, retrying when someone raced us.
   * `authorize` throws FORBIDDEN/UNAUTHENTICATED or returns what it granted; it runs on every attempt.
   * The load is skipped when this store remembers the stream (see `known`).
   */
  async execute<S, C extends DomainCommand, E extends DomainEvent, G extends Grant>(
    of: Aggregate<S, C, E>,
    id: string,
    ctx: CommandContext,
    authorize: (state: S) => G,
    toDomain: ToDomain<S, C, G>,
  ): Promise<CommandResult> {
    const x = { decider: of.decider, streamId: of.streamId(id), commandType: toDomain.type, ctx };
    let remembered = this.known.get(x.streamId) as Known<S> | undefined;
    // Said on a remembered state, an answer other than success may be the old state's: the stream is
    // loaded and the command tried again (not counted as a race).
    const forget = () => {
      this.known.delete(x.streamId);
      remembered = undefined;
    };
    for (let attempt = 1; ; attempt++) {
      const known = remembered ?? (await this.loadKnown(x.decider, x.streamId));
      let decided: CommandResult | AppendedEvents<E>;
      try {
        decided = await this.decideOn(x, known, authorize, toDomain);
      } catch (error) {
        if (!remembered) throw error;
        forget();
        attempt--;
        continue;
      }
      if (!('events' in decided)) return decided;
      try {
        const result = await this.events.appendToStream(x.streamId, decided.events, { expectedRevision: known.revision ?? 'no_stream' });
        this.learn(x, known, decided.domainEvents, result);
        return {
          streamId: x.streamId,
          revision: result.nextExpectedRevision,
          position: result.position,
          replayed: result.idempotentReplay,
        };
      } catch (error) {
        // Any other failure of the append is answered as it is (its outcome may be unknown: not retried).
        if (remembered && (error instanceof WrongExpectedRevisionError || error instanceof IdempotencyMismatchError)) {
          forget();
          attempt--;
          continue;
        }
        if (!(error instanceof WrongExpectedRevisionError)) throw error;
        if (x.ctx.expectedRevision !== undefined)
          throw conflict(x.streamId, x.ctx.expectedRevision, error.actual === 'no_stream' ? null : error.actual);
        if (attempt >= MAX_ATTEMPTS)
          throw new GovernanceError('CONFLICT', `too many concurrent changes to ${x.streamId}; try again`, { streamId: x.streamId });
        await backoff(attempt);
      }
    }
  }

  /** The command's answer on a known state: the first result of a retried commandId, or the events to append. */
  private async decideOn<S, C extends DomainCommand, E extends DomainEvent, G extends Grant>(
    x: { decider: Decider<S, C, E>; streamId: string; commandType: C['type']; ctx: CommandContext },
    known: Known<S>,
    authorize: (state: S) => G,
    toDomain: ToDomain<S, C, G>,
  ): Promise<CommandResult | AppendedEvents<E>> {
    const replay = this.findCommand(known.commands, x);
    if (replay) return replay;
    const grant = authorize(known.state);
    if (x.ctx.expectedRevision !== undefined && x.ctx.expectedRevision !== (known.revision ?? -1n)) {
      throw conflict(x.streamId, x.ctx.expectedRevision, known.revision);
    }
    // ToDomain pairs each command type with its own data, so this is one of C.
    const command = { type: toDomain.type, data: await toDomain.data(known.state, grant) } as C;
    const domainEvents = x.decider.decide(command, known.state);
    const cause = {
      actor: { sub: x.ctx.actor.sub, name: x.ctx.actor.name, roles: x.ctx.actor.roles, role: grant.role },
      commandId: x.ctx.commandId ?? null,
      commandType: x.commandType,
      correlationId: x.ctx.correlationId,
      causationId: x.ctx.causationId ?? x.ctx.commandId ?? x.ctx.correlationId,
      occurredAt: x.ctx.occurredAt,
    };
    return {
      domainEvents,
      events: domainEvents.map((e, i) => ({
        // With a commandId the event ids are derived from it, so even a retry that races past
        // the check above is caught by the store's idempotency.
        id: x.ctx.commandId ? nameUuid(`${x.ctx.commandId}:${x.streamId}:${i}`) : randomUUID(),
        type: e.type,
        data: e.data as Record<string, unknown>,
        metadata: governanceMetadata(cause, e.type),
      })),
    };
  }

  /** Remembers the state the appended events left the stream in, as a load would find it. */
  private learn<S, E extends DomainEvent>(
    x: { decider: Decider<S, never, E>; streamId: string; commandType: string; ctx: CommandContext },
    known: Known<S>,
    domainEvents: E[],
    result: AppendResult,
  ): void {
    if (result.idempotentReplay || result.nextExpectedRevision !== (known.revision ?? -1n) + BigInt(domainEvents.length)) {
      this.known.delete(x.streamId);
      return;
    }
    const { commandId } = x.ctx;
    this.remember(x.streamId, {
      // Evolved from the events as a load reads them back (stored as JSON).
      state: domainEvents.reduce(
        (s, e) => x.decider.evolve(s, { type: e.type, data: JSON.parse(JSON.stringify(e.data)) as unknown } as E),
        known.state,
      ),
      revision: result.nextExpectedRevision,
      commands:
        commandId && domainEvents.length > 0
          ? [...known.commands, { commandId, commandType: x.commandType, revision: result.nextExpectedRevision, position: result.position }]
          : known.commands,
    });
  }

  /** A command already handled on this stream returns its first result instead of running again. */
  private findCommand(commands: HandledCommand[], x: { ctx: CommandContext; commandType: string; streamId: string }): CommandResult | null {
    if (!x.ctx.commandId) return null;
    const mine = commands.filter((c) => c.commandId === x.ctx.commandId);
    if (mine.length === 0) return null;
    if (mine.some((c) => c.commandType !== x.commandType)) {
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
