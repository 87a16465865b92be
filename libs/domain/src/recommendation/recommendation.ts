import { Decider, DomainCommand, DomainEvent } from '../common/decider';
import { DomainErrorCode, fail, invalidTransition } from '../common/domain-error';
import { Evidence, requireEvidenceItem } from '../common/evidence';
import { requireId } from '../common/ids';
import { MultilingualText, requireString, requireText } from '../common/text';
import { DAY_MS, dueDeadline, requireDate, wholeDaysBetween } from '../common/time';
import { MeetingFact, requireHeldMeeting } from '../meeting/meeting';
import { UnitFact, requireActiveUnit } from '../unit/unit';

export const RECOMMENDATION_STATUSES = [
  'ADOPTED',
  'ASSIGNED',
  'ACCEPTED',
  'DISPUTED',
  'IN_PROGRESS',
  'IMPLEMENTATION_REPORTED',
  'CLOSED_IMPLEMENTED',
  'CLOSED_NOT_IMPLEMENTED',
  'WITHDRAWN',
] as const;
export type RecommendationStatus = (typeof RECOMMENDATION_STATUSES)[number];
export const ORIGINS = ['BODY', 'CITIZEN_PROPOSAL', 'MEDIA_REQUEST'] as const;
export type Origin = (typeof ORIGINS)[number];
export const PRIORITIES = ['CRITICAL', 'HIGH', 'NORMAL'] as const;
export type Priority = (typeof PRIORITIES)[number];

export const CLOSED_STATUSES: readonly RecommendationStatus[] = ['CLOSED_IMPLEMENTED', 'CLOSED_NOT_IMPLEMENTED', 'WITHDRAWN'];
export const isClosed = (status: RecommendationStatus | 'NONE') => (CLOSED_STATUSES as readonly string[]).includes(status);

type Common = { recommendationId: string; at: string };
export type RecommendationEvent =
  | DomainEvent<
      'RecommendationAdopted',
      {
        recommendationId: string;
        bodyId: string;
        meetingId: string;
        agendaItemId: string;
        number: string;
        text: MultilingualText;
        origin: Origin;
        priority: Priority;
        adoptedAt: string;
      }
    >
  | DomainEvent<
      'ResponsibilityAssigned',
      Common & { leadUnitId: string; coExecutorUnitIds: string[]; dueDate: string; originalDueDate: string }
    >
  | DomainEvent<'RecommendationAccepted', Common & { unitId: string; note: string | null }>
  | DomainEvent<'RecommendationDisputed', Common & { unitId: string; justification: string }>
  | DomainEvent<'ProgressReported', Common & { unitId: string; percent: number; note: string; evidence: Evidence[] }>
  | DomainEvent<'DeadlineExtensionRequested', Common & { unitId: string; requestedDueDate: string; reason: string }>
  | DomainEvent<'DeadlineExtended', Common & { dueDate: string; previousDueDate: string; reason: string | null }>
  | DomainEvent<'DeadlineExtensionRefused', Common & { requestedDueDate: string; reason: string }>
  | DomainEvent<'ImplementationReported', Common & { unitId: string; reportedBy: string; summary: string; evidence: Evidence[] }>
  | DomainEvent<'ImplementationVerified', Common & { verifiedBy: string; note: string | null }>
  | DomainEvent<'ImplementationReturned', Common & { returnedBy: string; reason: string }>
  | DomainEvent<'RecommendationClosedNotImplemented', Common & { reason: string }>
  | DomainEvent<'RecommendationWithdrawn', Common & { reason: string }>
  | DomainEvent<'RecommendationReopened', Common & { reason: string; status: 'ASSIGNED' | 'ADOPTED' }>
  | DomainEvent<'CommentAdded', Common & { commentId: string; authorSub: string; unitId: string | null; text: string }>;

type At = { at: string };
type ByUnit = At & { unitId: string };
export type RecommendationCommand =
  | DomainCommand<
      'AdoptRecommendation',
      At & {
        recommendationId: string;
        bodyId: string;
        meeting: MeetingFact | null;
        agendaItemId: string;
        number: string;
        text: MultilingualText;
        origin: Origin;
        priority: Priority;
      }
    >
  | DomainCommand<'AssignResponsibility', At & { leadUnitId: string; coExecutorUnitIds: string[]; units: UnitFact[]; dueDate: string }>
  | DomainCommand<'AcceptRecommendation', ByUnit & { note?: string | null }>
  | DomainCommand<'DisputeRecommendation', ByUnit & { justification: string }>
  | DomainCommand<'ReportProgress', ByUnit & { percent: number; note: string; evidence?: Evidence[] }>
  | DomainCommand<'RequestDeadlineExtension', ByUnit & { requestedDueDate: string; reason: string }>
  | DomainCommand<'DecideDeadlineExtension', At & { approve: boolean; reason?: string | null }>
  | DomainCommand<'ReportImplementation', ByUnit & { by: string; summary: string; evidence?: Evidence[] }>
  | DomainCommand<'VerifyImplementation', At & { by: string; note?: string | null }>
  | DomainCommand<'ReturnImplementation', At & { by: string; reason: string }>
  | DomainCommand<'CloseRecommendationNotImplemented', At & { reason: string }>
  | DomainCommand<'WithdrawRecommendation', At & { reason: string }>
  | DomainCommand<'ReopenRecommendation', At & { reason: string }>
  | DomainCommand<'AddComment', At & { commentId: string; by: string; unitId?: string | null; text: string }>;

const NOT_CLOSED = RECOMMENDATION_STATUSES.filter((s) => !isClosed(s));

/** Where a command on an existing recommendation may start, and the statuses it may lead to (none: it keeps the status). */
export interface Transition {
  from: readonly RecommendationStatus[];
  to: readonly RecommendationStatus[];
}

/** The status graph (docs/architecture.md, "Layers"), per command: `decide` allows a command only from its `from`. */
export const RECOMMENDATION_TRANSITIONS: Record<Exclude<RecommendationCommand['type'], 'AdoptRecommendation'>, Transition> = {
  AssignResponsibility: { from: ['ADOPTED', 'ASSIGNED', 'DISPUTED'], to: ['ASSIGNED'] },
  AcceptRecommendation: { from: ['ASSIGNED'], to: ['ACCEPTED'] },
  DisputeRecommendation: { from: ['ASSIGNED'], to: ['DISPUTED'] },
  ReportProgress: { from: ['ACCEPTED', 'IN_PROGRESS'], to: ['IN_PROGRESS'] },
  RequestDeadlineExtension: { from: ['ASSIGNED', 'ACCEPTED', 'IN_PROGRESS'], to: [] },
  DecideDeadlineExtension: { from: NOT_CLOSED, to: [] },
  ReportImplementation: { from: ['ACCEPTED', 'IN_PROGRESS'], to: ['IMPLEMENTATION_REPORTED'] },
  VerifyImplementation: { from: ['IMPLEMENTATION_REPORTED'], to: ['CLOSED_IMPLEMENTED'] },
  ReturnImplementation: { from: ['IMPLEMENTATION_REPORTED'], to: ['IN_PROGRESS'] },
  CloseRecommendationNotImplemented: {
    from: ['ASSIGNED', 'ACCEPTED', 'DISPUTED', 'IN_PROGRESS', 'IMPLEMENTATION_REPORTED'],
    to: ['CLOSED_NOT_IMPLEMENTED'],
  },
  WithdrawRecommendation: { from: NOT_CLOSED, to: ['WITHDRAWN'] },
  ReopenRecommendation: { from: CLOSED_STATUSES, to: ['ASSIGNED', 'ADOPTED'] },
  AddComment: { from: RECOMMENDATION_STATUSES, to: [] },
};

export interface PendingExtension {
  unitId: string;
  requestedDueDate: string;
  reason: string;
  requestedAt: string;
}

export interface RecommendationState {
  status: RecommendationStatus | 'NONE';
  id: string | null;
  bodyId: string | null;
  meetingId: string | null;
  agendaItemId: string | null;
  number: string | null;
  text: MultilingualText | null;
  origin: Origin | null;
  priority: Priority | null;
  adoptedAt: string | null;
  leadUnitId: string | null;
  coExecutorUnitIds: string[];
  /** Set by the first assignment and never changed: extensions move `dueDate` only. */
  originalDueDate: string | null;
  dueDate: string | null;
  extensions: number;
  pendingExtension: PendingExtension | null;
  percent: number;
  implementationReportedBy: string | null;
  closedAt: string | null;
}

const MAX_EVIDENCE = 50;
function requireEvidence(list: Evidence[] | undefined): Evidence[] {
  const items = list ?? [];
  if (items.length > MAX_EVIDENCE) fail(DomainErrorCode.VALIDATION_FAILED, `at most ${MAX_EVIDENCE} evidence files per report`);
  return items.map((e, i) => requireEvidenceItem(`evidence[${i}]`, e));
}

type Transitioning = keyof typeof RECOMMENDATION_TRANSITIONS;

function requireStatus(state: RecommendationState, command: Transitioning): string {
  if (state.status === 'NONE') fail(DomainErrorCode.NOT_FOUND, 'no such recommendation');
  if (!RECOMMENDATION_TRANSITIONS[command].from.includes(state.status)) invalidTransition('recommendation', command, state.status);
  return state.id!;
}

/** A unit may act only on recommendations it leads or co-executes. */
function isResponsible(state: Pick<RecommendationState, 'leadUnitId' | 'coExecutorUnitIds'>, unitId: string): boolean {
  return state.leadUnitId === unitId || state.coExecutorUnitIds.includes(unitId);
}

/** Unit commands check responsibility before status, so a stranger learns nothing about the state. */
function requireUnitAction(state: RecommendationState, command: Transitioning, unitId: string): string {
  if (state.status === 'NONE') fail(DomainErrorCode.NOT_FOUND, 'no such recommendation');
  requireResponsible(state, unitId);
  return requireStatus(state, command);
}

function requireResponsible(state: RecommendationState, unitId: string): void {
  if (!isResponsible(state, unitId)) {
    fail(DomainErrorCode.NOT_RESPONSIBLE_UNIT, `unit ${unitId} is neither the lead nor a co-executor of this recommendation`, { unitId });
  }
}

function decideAssign(
  state: RecommendationState,
  d: Extract<RecommendationCommand, { type: 'AssignResponsibility' }>['data'],
): RecommendationEvent {
  const recommendationId = requireStatus(state, 'AssignResponsibility');
  const coExecutorUnitIds = [...new Set(d.coExecutorUnitIds)];
  if (coExecutorUnitIds.includes(d.leadUnitId)) fail(DomainErrorCode.VALIDATION_FAILED, 'the lead unit cannot also be a co-executor');
  for (const id of [d.leadUnitId, ...coExecutorUnitIds])
    requireActiveUnit(
      d.units.find((u) => u.id === id),
      id,
    );
  const dueDate = requireDate('dueDate', d.dueDate);
  if (dueDeadline(dueDate) <= Date.parse(state.adoptedAt!))
    fail(DomainErrorCode.DUE_DATE_INVALID, 'the due date is before the recommendation was adopted');
  return {
    type: 'ResponsibilityAssigned',
    data: {
      recommendationId,
      leadUnitId: d.leadUnitId,
      coExecutorUnitIds,
      dueDate,
      originalDueDate: state.originalDueDate ?? dueDate,
      at: d.at,
    },
  };
}

export const recommendationDecider: Decider<RecommendationState, RecommendationCommand, RecommendationEvent> = {
  initialState: () => ({
    status: 'NONE',
    id: null,
    bodyId: null,
    meetingId: null,
    agendaItemId: null,
    number: null,
    text: null,
    origin: null,
    priority: null,
    adoptedAt: null,
    leadUnitId: null,
    coExecutorUnitIds: [],
    originalDueDate: null,
    dueDate: null,
    extensions: 0,
    pendingExtension: null,
    percent: 0,
    implementationReportedBy: null,
    closedAt: null,
  }),

  decide(command, state) {
    switch (command.type) {
      case 'AdoptRecommendation': {
        const d = command.data;
        if (state.status !== 'NONE') fail(DomainErrorCode.ALREADY_EXISTS, 'this recommendation is already adopted');
        requireHeldMeeting(d.meeting, d.bodyId, d.agendaItemId);
        if (!ORIGINS.includes(d.origin)) fail(DomainErrorCode.VALIDATION_FAILED, `origin must be one of ${ORIGINS.join(', ')}`);
        if (!PRIORITIES.includes(d.priority)) fail(DomainErrorCode.VALIDATION_FAILED, `priority must be one of ${PRIORITIES.join(', ')}`);
        return [
          {
            type: 'RecommendationAdopted',
            data: {
              recommendationId: requireId('recommendationId', d.recommendationId),
              bodyId: d.bodyId,
              meetingId: d.meeting!.id,
              agendaItemId: d.agendaItemId,
              number: requireString('number', d.number, 50),
              text: requireText('text', d.text),
              origin: d.origin,
              priority: d.priority,
              adoptedAt: d.at,
            },
          },
        ];
      }
      case 'AssignResponsibility':
        return [decideAssign(state, command.data)];
      case 'AcceptRecommendation': {
        const recommendationId = requireUnitAction(state, command.type, command.data.unitId);
        const note = command.data.note ? requireString('note', command.data.note) : null;
        return [{ type: 'RecommendationAccepted', data: { recommendationId, unitId: command.data.unitId, note, at: command.data.at } }];
      }
      case 'DisputeRecommendation': {
        const recommendationId = requireUnitAction(state, command.type, command.data.unitId);
        return [
          {
            type: 'RecommendationDisputed',
            data: {
              recommendationId,
              unitId: command.data.unitId,
              justification: requireString('justification', command.data.justification, 10_000),
              at: command.data.at,
            },
          },
        ];
      }
      case 'ReportProgress': {
        const d = command.data;
        const recommendationId = requireUnitAction(state, command.type, d.unitId);
        if (!Number.isInteger(d.percent) || d.percent < 0 || d.percent > 100)
          fail(DomainErrorCode.VALIDATION_FAILED, 'percent must be a whole number from 0 to 100', { field: 'percent' });
        return [
          {
            type: 'ProgressReported',
            data: {
              recommendationId,
              unitId: d.unitId,
              percent: d.percent,
              note: requireString('note', d.note, 10_000),
              evidence: requireEvidence(d.evidence),
              at: d.at,
            },
          },
        ];
      }
      case 'RequestDeadlineExtension': {
        const d = command.data;
        const recommendationId = requireUnitAction(state, command.type, d.unitId);
        if (state.pendingExtension)
          fail(
            DomainErrorCode.EXTENSION_PENDING,
            `an extension to ${state.pendingExtension.requestedDueDate} is already awaiting a decision`,
          );
        const requestedDueDate = requireDate('requestedDueDate', d.requestedDueDate);
        if (requestedDueDate <= state.dueDate!)
          fail(DomainErrorCode.DUE_DATE_INVALID, `the requested date must be after the current due date ${state.dueDate}`);
        return [
          {
            type: 'DeadlineExtensionRequested',
            data: { recommendationId, unitId: d.unitId, requestedDueDate, reason: requireString('reason', d.reason, 10_000), at: d.at },
          },
        ];
      }
      case 'DecideDeadlineExtension': {
        const d = command.data;
        const recommendationId = requireStatus(state, command.type);
        const pending = state.pendingExtension;
        if (!pending) fail(DomainErrorCode.NO_PENDING_EXTENSION, 'there is no extension request to decide on');
        if (d.approve) {
          return [
            {
              type: 'DeadlineExtended',
              data: {
                recommendationId,
                dueDate: pending.requestedDueDate,
                previousDueDate: state.dueDate!,
                reason: d.reason ? requireString('reason', d.reason) : null,
                at: d.at,
              },
            },
          ];
        }
        return [
          {
            type: 'DeadlineExtensionRefused',
            data: {
              recommendationId,
              requestedDueDate: pending.requestedDueDate,
              reason: requireString('reason', d.reason ?? undefined),
              at: d.at,
            },
          },
        ];
      }
      case 'ReportImplementation': {
        const d = command.data;
        const recommendationId = requireUnitAction(state, command.type, d.unitId);
        return [
          {
            type: 'ImplementationReported',
            data: {
              recommendationId,
              unitId: d.unitId,
              reportedBy: d.by,
              summary: requireString('summary', d.summary, 20_000),
              evidence: requireEvidence(d.evidence),
              at: d.at,
            },
          },
        ];
      }
      case 'VerifyImplementation': {
        const recommendationId = requireStatus(state, command.type);
        if (command.data.by === state.implementationReportedBy)
          fail(DomainErrorCode.SELF_VERIFICATION, 'nobody may verify an implementation they reported themselves');
        return [
          {
            type: 'ImplementationVerified',
            data: {
              recommendationId,
              verifiedBy: command.data.by,
              note: command.data.note ? requireString('note', command.data.note) : null,
              at: command.data.at,
            },
          },
        ];
      }
      case 'ReturnImplementation': {
        const recommendationId = requireStatus(state, command.type);
        if (command.data.by === state.implementationReportedBy)
          fail(DomainErrorCode.SELF_VERIFICATION, 'nobody may decide on an implementation they reported themselves');
        return [
          {
            type: 'ImplementationReturned',
            data: {
              recommendationId,
              returnedBy: command.data.by,
              reason: requireString('reason', command.data.reason, 10_000),
              at: command.data.at,
            },
          },
        ];
      }
      case 'CloseRecommendationNotImplemented': {
        const recommendationId = requireStatus(state, command.type);
        return [
          {
            type: 'RecommendationClosedNotImplemented',
            data: { recommendationId, reason: requireString('reason', command.data.reason, 10_000), at: command.data.at },
          },
        ];
      }
      case 'WithdrawRecommendation': {
        const recommendationId = requireStatus(state, command.type);
        return [
          {
            type: 'RecommendationWithdrawn',
            data: { recommendationId, reason: requireString('reason', command.data.reason, 10_000), at: command.data.at },
          },
        ];
      }
      case 'ReopenRecommendation': {
        const recommendationId = requireStatus(state, command.type);
        const status = state.leadUnitId ? 'ASSIGNED' : 'ADOPTED';
        return [
          {
            type: 'RecommendationReopened',
            data: { recommendationId, reason: requireString('reason', command.data.reason, 10_000), status, at: command.data.at },
          },
        ];
      }
      case 'AddComment': {
        const d = command.data;
        const recommendationId = requireStatus(state, command.type);
        if (d.unitId) requireResponsible(state, d.unitId);
        return [
          {
            type: 'CommentAdded',
            data: {
              recommendationId,
              commentId: requireId('commentId', d.commentId),
              authorSub: d.by,
              unitId: d.unitId ?? null,
              text: requireString('text', d.text, 10_000),
              at: d.at,
            },
          },
        ];
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'RecommendationAdopted': {
        const d = event.data;
        return {
          ...recommendationDecider.initialState(),
          status: 'ADOPTED',
          id: d.recommendationId,
          bodyId: d.bodyId,
          meetingId: d.meetingId,
          agendaItemId: d.agendaItemId,
          number: d.number,
          text: d.text,
          origin: d.origin,
          priority: d.priority,
          adoptedAt: d.adoptedAt,
        };
      }
      case 'ResponsibilityAssigned': {
        const d = event.data;
        return {
          ...state,
          status: 'ASSIGNED',
          leadUnitId: d.leadUnitId,
          coExecutorUnitIds: d.coExecutorUnitIds,
          dueDate: d.dueDate,
          originalDueDate: d.originalDueDate,
        };
      }
      case 'RecommendationAccepted':
        return { ...state, status: 'ACCEPTED' };
      case 'RecommendationDisputed':
        return { ...state, status: 'DISPUTED' };
      case 'ProgressReported':
        return { ...state, status: 'IN_PROGRESS', percent: event.data.percent };
      case 'DeadlineExtensionRequested': {
        const d = event.data;
        return {
          ...state,
          pendingExtension: { unitId: d.unitId, requestedDueDate: d.requestedDueDate, reason: d.reason, requestedAt: d.at },
        };
      }
      case 'DeadlineExtended':
        return { ...state, dueDate: event.data.dueDate, extensions: state.extensions + 1, pendingExtension: null };
      case 'DeadlineExtensionRefused':
        return { ...state, pendingExtension: null };
      case 'ImplementationReported':
        return { ...state, status: 'IMPLEMENTATION_REPORTED', implementationReportedBy: event.data.reportedBy };
      case 'ImplementationVerified':
        return { ...state, status: 'CLOSED_IMPLEMENTED', percent: 100, closedAt: event.data.at, pendingExtension: null };
      case 'ImplementationReturned':
        return { ...state, status: 'IN_PROGRESS', implementationReportedBy: null };
      case 'RecommendationClosedNotImplemented':
        return { ...state, status: 'CLOSED_NOT_IMPLEMENTED', closedAt: event.data.at, pendingExtension: null };
      case 'RecommendationWithdrawn':
        return { ...state, status: 'WITHDRAWN', closedAt: event.data.at, pendingExtension: null };
      case 'RecommendationReopened':
        return { ...state, status: event.data.status, closedAt: null, implementationReportedBy: null };
      case 'CommentAdded':
        return state;
    }
  },
};

/** The order of the minutes: by number as people read numbers ("2" before "10"), not by the ids' chance order. */
export const byRecommendationNumber = (a: { number: string | null }, b: { number: string | null }) =>
  String(a.number).localeCompare(String(b.number), 'en', { numeric: true });

/** Statuses that decide a recommendation, implemented or not (withdrawn ones are not decided). */
export const DECIDED_STATUSES: readonly RecommendationStatus[] = ['CLOSED_IMPLEMENTED', 'CLOSED_NOT_IMPLEMENTED'];

/** Whole days from adoption to a decision; null while undecided. */
export function daysToClose(state: Pick<RecommendationState, 'status' | 'adoptedAt' | 'closedAt'>): number | null {
  if (!state.closedAt || !state.adoptedAt || !(DECIDED_STATUSES as readonly string[]).includes(state.status)) return null;
  return Math.floor((Date.parse(state.closedAt) - Date.parse(state.adoptedAt)) / DAY_MS);
}

export interface Timeliness {
  overdue: boolean;
  daysOpen: number;
  daysOverdue: number;
}

/** Derived at read time, never stored: whether it is late depends on when you ask. */
export function timeliness(state: Pick<RecommendationState, 'status' | 'adoptedAt' | 'dueDate' | 'closedAt'>, nowMs: number): Timeliness {
  if (!state.adoptedAt) return { overdue: false, daysOpen: 0, daysOverdue: 0 };
  const end = state.closedAt ? Date.parse(state.closedAt) : nowMs;
  const daysOpen = wholeDaysBetween(state.adoptedAt, end);
  if (!state.dueDate || isClosed(state.status)) return { overdue: false, daysOpen, daysOverdue: 0 };
  const deadline = dueDeadline(state.dueDate);
  const overdue = nowMs >= deadline;
  return { overdue, daysOpen, daysOverdue: overdue ? Math.floor((nowMs - deadline) / DAY_MS) + 1 : 0 };
}
