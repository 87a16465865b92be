/** Stable codes: clients branch on these, so never rename one. */
export const DomainErrorCode = {
  INVALID_TRANSITION: 'INVALID_TRANSITION',
  ALREADY_EXISTS: 'ALREADY_EXISTS',
  NOT_FOUND: 'NOT_FOUND',
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  NOT_RESPONSIBLE_UNIT: 'NOT_RESPONSIBLE_UNIT',
  MEETING_NOT_HELD: 'MEETING_NOT_HELD',
  MEETING_NOT_SCHEDULED: 'MEETING_NOT_SCHEDULED',
  MEETING_NOT_STARTED: 'MEETING_NOT_STARTED',
  AGENDA_ITEM_NOT_FOUND: 'AGENDA_ITEM_NOT_FOUND',
  WRONG_BODY: 'WRONG_BODY',
  UNIT_NOT_FOUND: 'UNIT_NOT_FOUND',
  UNIT_INACTIVE: 'UNIT_INACTIVE',
  BODY_NOT_ACTIVE: 'BODY_NOT_ACTIVE',
  MEMBER_NOT_FOUND: 'MEMBER_NOT_FOUND',
  ROLE_TAKEN: 'ROLE_TAKEN',
  DUE_DATE_INVALID: 'DUE_DATE_INVALID',
  EXTENSION_PENDING: 'EXTENSION_PENDING',
  NO_PENDING_EXTENSION: 'NO_PENDING_EXTENSION',
  SELF_VERIFICATION: 'SELF_VERIFICATION',
  REPORT_BACK_INVALID: 'REPORT_BACK_INVALID',
  MINUTES_NOT_APPROVED: 'MINUTES_NOT_APPROVED',
  NOTIFICATION_ALREADY_SENT: 'NOTIFICATION_ALREADY_SENT',
  NOTIFICATION_CLAIMED: 'NOTIFICATION_CLAIMED',
  NOTIFICATION_BACKING_OFF: 'NOTIFICATION_BACKING_OFF',
  NOTIFICATION_NOT_CLAIMED: 'NOTIFICATION_NOT_CLAIMED',
} as const;
export type DomainErrorCode = (typeof DomainErrorCode)[keyof typeof DomainErrorCode];

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export function fail(code: DomainErrorCode, message: string, details?: Record<string, unknown>): never {
  throw new DomainError(code, message, details);
}

export function invalidTransition(aggregate: string, command: string, status: string): never {
  fail(DomainErrorCode.INVALID_TRANSITION, `${command} is not allowed on a ${aggregate} that is ${status}`, {
    command,
    status,
  });
}
