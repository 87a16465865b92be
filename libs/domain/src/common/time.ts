import { DomainErrorCode, fail } from './domain-error';

/** Business time arrives on the command as an ISO-8601 instant; the domain never reads a clock. */
export function requireInstant(field: string, value: string | undefined): string {
  if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) {
    fail(DomainErrorCode.VALIDATION_FAILED, `${field} must be an ISO-8601 date-time`, { field });
  }
  return new Date(value).toISOString();
}

/** Due dates are calendar days (YYYY-MM-DD): a recommendation is due by the end of that day. */
export function requireDate(field: string, value: string | undefined): string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
    fail(DomainErrorCode.VALIDATION_FAILED, `${field} must be a date as YYYY-MM-DD`, { field });
  }
  if (new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value) {
    fail(DomainErrorCode.VALIDATION_FAILED, `${field} is not a calendar date`, { field });
  }
  return value;
}

export const DAY_MS = 86_400_000;

/** How far ahead of the server's clock a time said to have passed may be: the client's clock differs. */
export const CLOCK_SKEW_MS = 5 * 60_000;

/** The instant after which a due date has passed (end of the due day, UTC). */
export function dueDeadline(dueDate: string): number {
  return Date.parse(`${dueDate}T00:00:00Z`) + DAY_MS;
}

export function wholeDaysBetween(fromIso: string, toMs: number): number {
  return Math.max(0, Math.floor((toMs - Date.parse(fromIso)) / DAY_MS));
}
