import { Controller, UseGuards } from '@nestjs/common';
import { Ctx, GrpcMethod, Payload } from '@nestjs/microservices';
import { Metadata } from '@grpc/grpc-js';
import * as g from '@gov/governance';
import { Actor, CommandClass, CommandPayload, GovernanceError, canReadAll, scopedIds } from '@gov/governance';
import { MAX_PAGE, RecommendationQueries, RecommendationView } from '@gov/read-model';
import { RecommendationStatus, parseStreamId } from '@gov/domain';
import { randomUUID } from 'node:crypto';
import { AuthenticationGuard, CurrentActor } from '../auth/authentication';
import { CommandDispatcher } from '../commands/command-dispatcher';
import { commandPayload } from '../commands/command-payload';
import { toRpcException } from './grpc-errors';

const SERVICE = 'UnitRecommendationService';

interface Options {
  commandId?: string;
  expectedRevision?: string;
  occurredAt?: string;
  actingUnitId?: string;
}

/** proto3 sends "" for unset strings; the payloads want them absent. */
const present = (v: string | undefined) => (v === undefined || v === '' ? undefined : v);

function withoutEmptyStrings(value: unknown): unknown {
  if (typeof value === 'string') return present(value);
  if (Array.isArray(value)) return value.map(withoutEmptyStrings);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutEmptyStrings(v)]));
  return value;
}

function toMessage(v: RecommendationView) {
  return {
    id: v.id,
    bodyId: v.bodyId,
    meetingId: v.meetingId,
    number: v.number,
    text: v.text,
    origin: v.origin,
    priority: v.priority,
    status: v.status,
    leadUnitId: v.leadUnitId ?? '',
    coExecutorUnitIds: v.coExecutorUnitIds,
    dueDate: v.dueDate ?? '',
    originalDueDate: v.originalDueDate ?? '',
    extensions: v.extensions,
    percent: v.percent,
    adoptedAt: v.adoptedAt,
    closedAt: v.closedAt ?? '',
    overdue: v.overdue,
    daysOverdue: v.daysOverdue,
    revision: v.revision ?? '',
  };
}

/** Thin: authenticated by the guard, map the message to the command's payload, validate it as GraphQL does, dispatch. */
@Controller()
@UseGuards(AuthenticationGuard)
export class GrpcController {
  constructor(
    private readonly dispatcher: CommandDispatcher,
    private readonly recommendations: RecommendationQueries,
  ) {}

  /** The answer, or the error as a gRPC status with its stable code. */
  private async answer<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw toRpcException(error);
    }
  }

  private payload<P extends CommandPayload>(
    Command: CommandClass<P>,
    plain: Record<string, unknown>,
    options: Options | undefined,
  ): Promise<P> {
    return commandPayload(Command, {
      ...(withoutEmptyStrings(plain) as Record<string, unknown>),
      commandId: present(options?.commandId),
      expectedRevision: present(options?.expectedRevision),
      occurredAt: present(options?.occurredAt),
      actingUnitId: present(options?.actingUnitId),
    });
  }

  private async command<P extends CommandPayload>(
    actor: Actor,
    metadata: Metadata,
    Command: CommandClass<P>,
    request: { options?: Options } & Record<string, unknown>,
  ) {
    return this.answer(async () => {
      const { options, ...fields } = request;
      const payload = await this.payload(Command, fields, options);
      const correlation = metadata.get('x-correlation-id')[0];
      const result = await this.dispatcher.dispatch(
        Command,
        payload,
        actor,
        typeof correlation === 'string' ? correlation.slice(0, 100) : randomUUID(),
      );
      const id = parseStreamId(result.streamId)?.id;
      const view = id === undefined ? null : this.recommendations.byId(id, new Date());
      return { outcome: { recommendation: view && toMessage(view), position: result.position.toString(), replayed: result.replayed } };
    });
  }

  @GrpcMethod(SERVICE, 'AcceptRecommendation')
  accept(@Payload() request: Record<string, unknown>, @Ctx() metadata: Metadata, @CurrentActor() actor: Actor) {
    return this.command(actor, metadata, g.AcceptRecommendationCommand, request);
  }

  @GrpcMethod(SERVICE, 'DisputeRecommendation')
  dispute(@Payload() request: Record<string, unknown>, @Ctx() metadata: Metadata, @CurrentActor() actor: Actor) {
    return this.command(actor, metadata, g.DisputeRecommendationCommand, request);
  }

  @GrpcMethod(SERVICE, 'ReportProgress')
  reportProgress(@Payload() request: Record<string, unknown>, @Ctx() metadata: Metadata, @CurrentActor() actor: Actor) {
    return this.command(actor, metadata, g.ReportProgressCommand, request);
  }

  @GrpcMethod(SERVICE, 'RequestDeadlineExtension')
  requestExtension(@Payload() request: Record<string, unknown>, @Ctx() metadata: Metadata, @CurrentActor() actor: Actor) {
    return this.command(actor, metadata, g.RequestDeadlineExtensionCommand, request);
  }

  @GrpcMethod(SERVICE, 'ReportImplementation')
  reportImplementation(@Payload() request: Record<string, unknown>, @Ctx() metadata: Metadata, @CurrentActor() actor: Actor) {
    return this.command(actor, metadata, g.ReportImplementationCommand, request);
  }

  @GrpcMethod(SERVICE, 'GetRecommendation')
  get(@Payload() request: { recommendationId: string }, @CurrentActor() actor: Actor) {
    return this.answer(async () => {
      if (!canReadAll(actor)) throw new GovernanceError('UNAUTHENTICATED', 'a token with a role is required');
      const view = this.recommendations.byId(request.recommendationId, new Date());
      if (!view) throw new GovernanceError('NOT_FOUND', `recommendation ${request.recommendationId} was not found`);
      return { recommendation: toMessage(view) };
    });
  }

  @GrpcMethod(SERVICE, 'ListAssignedRecommendations')
  list(
    @Payload() request: { unitId?: string; statuses?: string[]; overdueOnly?: boolean; pageSize?: number; pageToken?: string },
    @CurrentActor() actor: Actor,
  ) {
    return this.answer(async () => {
      if (!canReadAll(actor)) throw new GovernanceError('UNAUTHENTICATED', 'a token with a role is required');
      const units = scopedIds(actor, 'unit');
      const unitId = present(request.unitId) ?? (units.length === 1 ? units[0] : undefined);
      if (!unitId) throw new GovernanceError('BAD_USER_INPUT', 'unit_id is required when the token does not carry exactly one unit');
      if (!actor.roles.includes('oversight') && !actor.roles.includes('admin') && !units.includes(unitId)) {
        throw new GovernanceError('FORBIDDEN', `your token does not act for unit ${unitId}`);
      }
      const page = this.recommendations.list({
        filter: {
          unitId,
          statuses: request.statuses?.length ? (request.statuses as RecommendationStatus[]) : undefined,
          overdue: request.overdueOnly || undefined,
        },
        orderBy: 'DUE_DATE_ASC',
        first: Math.min(request.pageSize || 50, MAX_PAGE),
        after: present(request.pageToken),
        now: new Date(),
      });
      return {
        recommendations: page.nodes.map((n) => toMessage(n.node)),
        nextPageToken: page.hasNextPage ? (page.nodes.at(-1)?.cursor ?? '') : '',
      };
    });
  }
}
