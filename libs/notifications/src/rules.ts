import {
  DAY_MS,
  nameUuid,
  MeetingEvent,
  RecommendationEvent,
  RecommendationState,
  dueDeadline,
  isClosed,
  recommendationDecider,
} from '@gov/domain';

/*
 * Who is told what, and when: pure functions from what the log says about a recommendation or a
 * meeting to the reminders it calls for. No clock here: every moment is derived from the events.
 */

export const UNIT_RULES = [
  'ASSIGNED',
  'DUE_SOON',
  'DUE_TOMORROW',
  'OVERDUE',
  'RETURNED',
  'EXTENSION_GRANTED',
  'EXTENSION_REFUSED',
] as const;
export const SECRETARY_RULES = [
  'DISPUTED',
  'EXTENSION_REQUESTED',
  'VERIFICATION_WAITING',
  'MINUTES_NOT_APPROVED',
  'OVERDUE_ESCALATION',
] as const;
export type Rule = (typeof UNIT_RULES)[number] | (typeof SECRETARY_RULES)[number];

/** The deployment's defaults; each can be changed (see README, "Reminders and notifications"). */
export interface RuleConfig {
  dueSoonDays: number;
  overdueRepeatDays: number;
  escalationDays: number;
  verificationReminderDays: number[];
  minutesApprovalDays: number;
}

export const DEFAULT_RULES: RuleConfig = {
  dueSoonDays: 7,
  overdueRepeatDays: 7,
  escalationDays: 14,
  verificationReminderDays: [3, 7],
  minutesApprovalDays: 7,
};

/** Recipients: `unit:<id>` (the lead unit and co-executors) or `body:<id>` (the body's secretary). */
export const unitRecipient = (id: string) => `unit:${id}`;
export const bodyRecipient = (id: string) => `body:${id}`;

type Trigger = 'assigned' | 'returned' | 'extensionGranted' | 'extensionRefused' | 'disputed' | 'extensionRequested' | 'reported';

export interface TrackedRecommendation {
  kind: 'recommendation';
  state: RecommendationState;
  /** Reopenings so far: a reopened recommendation's reminders are new ones. */
  cycle: number;
  /** When the events that call for a message happened (business time), in the current cycle. */
  at: Partial<Record<Trigger, string>>;
  /**
   * When each of them can be told: the later of the business time and the moment it was recorded,
   * so a fact recorded late is told when recorded (absent in records kept before it was: `at`).
   */
  told?: Partial<Record<Trigger, string>>;
  /** When the current due date was set, as told: reminders before the due date whose moment had passed then are skipped. */
  scheduled?: string;
  /** Due moment of the last overdue reminder recorded: the weekly series continues from it. */
  lastOverdue: string | null;
  /** The secretary's reason for the last return and refusal, told to the units (absent in records kept before it was). */
  reasons?: Partial<Record<'returned' | 'extensionRefused', string>>;
}

export interface TrackedMeeting {
  kind: 'meeting';
  meetingId: string;
  bodyId: string;
  number: string;
  status: 'SCHEDULED' | 'HELD' | 'MINUTES_APPROVED' | 'CANCELLED';
  heldAt: string | null;
  /** When the holding was recorded (absent in records kept before it was). */
  heldRecordedAt?: string;
}

export type Tracked = TrackedRecommendation | TrackedMeeting;

export interface PlannedNotification {
  /** Derived from `seed` when asked for (a hash): comparing plans needs only the seeds. */
  readonly id: string;
  /** What the id is derived from: recipient, rule, subject, due moment, cycle. */
  seed: string;
  recipient: string;
  rule: Rule;
  subjectId: string;
  subjectKind: Tracked['kind'];
  /** ISO instant from which it is due. */
  dueAt: string;
}

/** The deterministic identity of one notification: a restart, a replay or a second replica computes the same. */
export function notificationId(recipient: string, rule: Rule, subjectId: string, dueAt: string, cycle = 0): string {
  return nameUuid(notificationSeed(recipient, rule, subjectId, dueAt, cycle));
}

const notificationSeed = (recipient: string, rule: Rule, subjectId: string, dueAt: string, cycle: number) =>
  `${recipient}\n${rule}\n${subjectId}\n${dueAt}\n${cycle}`;

function planned(recipient: string, rule: Rule, subjectId: string, subjectKind: Tracked['kind'], dueAt: string, cycle: number) {
  const seed = notificationSeed(recipient, rule, subjectId, dueAt, cycle);
  let id: string | undefined;
  return {
    get id() {
      return (id ??= nameUuid(seed));
    },
    seed,
    recipient,
    rule,
    subjectId,
    subjectKind,
    dueAt,
  } satisfies PlannedNotification;
}

const latest = (a: string, b: string | undefined) => (b !== undefined && b > a ? b : a);

/**
 * Folds one recommendation event into what the notifier keeps about it; `recordedAt` is when the
 * log recorded it (the business time when not given).
 */
export function trackRecommendation(
  tracked: TrackedRecommendation | undefined,
  event: RecommendationEvent,
  recordedAt?: string,
): TrackedRecommendation {
  const before: TrackedRecommendation = tracked ?? {
    kind: 'recommendation',
    state: recommendationDecider.initialState(),
    cycle: 0,
    at: {},
    lastOverdue: null,
  };
  const state = recommendationDecider.evolve(before.state, event);
  const at = { ...before.at };
  const told = { ...(before.told ?? before.at) };
  let reasons = { ...before.reasons };
  let { cycle, lastOverdue, scheduled } = before;
  const happened = (trigger: Trigger, when: string) => {
    at[trigger] = when;
    told[trigger] = latest(when, recordedAt);
  };
  const forget = (...triggers: Trigger[]) => {
    for (const t of triggers) {
      delete at[t];
      delete told[t];
    }
  };
  switch (event.type) {
    case 'ResponsibilityAssigned':
      happened('assigned', event.data.at);
      scheduled = told.assigned;
      break;
    case 'RecommendationDisputed':
      happened('disputed', event.data.at);
      break;
    case 'DeadlineExtensionRequested':
      happened('extensionRequested', event.data.at);
      forget('extensionGranted', 'extensionRefused');
      break;
    case 'DeadlineExtended':
      happened('extensionGranted', event.data.at);
      scheduled = told.extensionGranted;
      forget('extensionRequested');
      break;
    case 'DeadlineExtensionRefused':
      happened('extensionRefused', event.data.at);
      reasons.extensionRefused = event.data.reason;
      forget('extensionRequested');
      break;
    case 'ImplementationReported':
      // A return stays told after a quick re-report: the unit learns why it came back either way.
      happened('reported', event.data.at);
      break;
    case 'ImplementationReturned':
      happened('returned', event.data.at);
      reasons.returned = event.data.reason;
      forget('reported');
      break;
    case 'RecommendationReopened':
      cycle += 1;
      lastOverdue = null;
      forget(...(Object.keys(at) as Trigger[]));
      reasons = {};
      scheduled = latest(event.data.at, recordedAt);
      if (event.data.status === 'ASSIGNED') happened('assigned', event.data.at);
      break;
    default:
      break;
  }
  return { kind: 'recommendation', state, cycle, at, told, scheduled, lastOverdue, reasons };
}

export function trackMeeting(tracked: TrackedMeeting | undefined, event: MeetingEvent, recordedAt?: string): TrackedMeeting | undefined {
  switch (event.type) {
    case 'MeetingScheduled':
      return {
        kind: 'meeting',
        meetingId: event.data.meetingId,
        bodyId: event.data.bodyId,
        number: event.data.number,
        status: 'SCHEDULED',
        heldAt: null,
      };
    case 'MeetingHeld':
      return tracked && { ...tracked, status: 'HELD', heldAt: event.data.heldAt, heldRecordedAt: latest(event.data.heldAt, recordedAt) };
    case 'MinutesApproved':
      return tracked && { ...tracked, status: 'MINUTES_APPROVED' };
    case 'MeetingCancelled':
      return tracked && { ...tracked, status: 'CANCELLED' };
    default:
      return tracked;
  }
}

const plus = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();
/** `moment` if it is later than `than`: a time-based reminder whose moment had passed when its fact was recorded is skipped. */
const after = (moment: string, than: string) => (moment > than ? moment : undefined);
/** Statuses in which the responsible units still owe the work (not yet reported, not closed). */
const UNIT_OWES = ['ASSIGNED', 'ACCEPTED', 'DISPUTED', 'IN_PROGRESS'];

/** Everything this recommendation or meeting calls for now; what was already sent is filtered out by id. */
export function plan(tracked: Tracked, rules: RuleConfig = DEFAULT_RULES): PlannedNotification[] {
  return tracked.kind === 'meeting' ? planMeeting(tracked, rules) : planRecommendation(tracked, rules);
}

function planMeeting(m: TrackedMeeting, rules: RuleConfig): PlannedNotification[] {
  if (m.status !== 'HELD' || !m.heldAt) return [];
  const dueAt = plus(m.heldAt, rules.minutesApprovalDays * DAY_MS);
  // A meeting recorded as held after the moment has passed: the secretary recording it knows.
  if (m.heldRecordedAt && dueAt <= m.heldRecordedAt) return [];
  const recipient = bodyRecipient(m.bodyId);
  return [planned(recipient, 'MINUTES_NOT_APPROVED', m.meetingId, 'meeting', dueAt, 0)];
}

function planRecommendation(t: TrackedRecommendation, rules: RuleConfig): PlannedNotification[] {
  const s = t.state;
  if (s.status === 'NONE' || isClosed(s.status) || !s.id || !s.bodyId) return [];
  const out: PlannedNotification[] = [];
  const add = (recipients: string[], rule: Rule, dueAt: string | undefined) => {
    if (!dueAt) return;
    for (const recipient of recipients) out.push(planned(recipient, rule, s.id!, 'recommendation', dueAt, t.cycle));
  };
  const units = s.leadUnitId ? [s.leadUnitId, ...s.coExecutorUnitIds].map(unitRecipient) : [];
  const body = [bodyRecipient(s.bodyId)];

  const told = t.told ?? t.at;
  // What an event tells is owed once it happened, whatever the status since (a quick re-report does
  // not drop the return); what calls the secretary to act is owed only while it waits for them.
  add(units, 'ASSIGNED', told.assigned);
  add(units, 'RETURNED', told.returned);
  add(units, 'EXTENSION_GRANTED', told.extensionGranted);
  add(units, 'EXTENSION_REFUSED', told.extensionRefused);
  add(body, 'DISPUTED', told.disputed);
  if (s.pendingExtension) add(body, 'EXTENSION_REQUESTED', told.extensionRequested);
  if (s.status === 'IMPLEMENTATION_REPORTED' && t.at.reported && told.reported) {
    add(body, 'VERIFICATION_WAITING', told.reported);
    for (const days of rules.verificationReminderDays)
      add(body, 'VERIFICATION_WAITING', after(plus(t.at.reported, days * DAY_MS), told.reported));
  }

  if (s.dueDate && UNIT_OWES.includes(s.status)) {
    const deadline = new Date(dueDeadline(s.dueDate)).toISOString();
    const scheduled = t.scheduled ?? t.at.assigned ?? '';
    // Reminders before the due date and the escalation are for moments still ahead when the due date was set.
    add(units, 'DUE_SOON', after(plus(deadline, -(rules.dueSoonDays + 1) * DAY_MS), scheduled));
    add(units, 'DUE_TOMORROW', after(plus(deadline, -2 * DAY_MS), scheduled));
    // Overdue: the day after the due date, then every week from the last one recorded.
    const next = t.lastOverdue && t.lastOverdue >= deadline ? plus(t.lastOverdue, rules.overdueRepeatDays * DAY_MS) : deadline;
    add(units, 'OVERDUE', next);
    add(body, 'OVERDUE_ESCALATION', after(plus(deadline, rules.escalationDays * DAY_MS), scheduled));
  }
  return out;
}

/**
 * The due moment of the overdue reminder to send at `nowMs` for one whose due moment has passed:
 * weeks missed while nothing ran collapse into the latest, so a unit is not sent a backlog.
 */
export function latestOccurrence(dueAt: string, nowMs: number, repeatDays: number): string {
  const step = repeatDays * DAY_MS;
  const start = Date.parse(dueAt);
  if (nowMs < start) return dueAt;
  return new Date(start + Math.floor((nowMs - start) / step) * step).toISOString();
}
