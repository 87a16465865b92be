import { DEFAULT_RULES, RuleConfig } from '@gov/notifications';
import { Settings } from '../settings';

/** Reminder rules and the digest's hour: the deployment's choice, read from the environment once at start. */
export interface NotifyRulesConfig {
  rules: RuleConfig;
  /** Hour of the day (0-23, in `timeZone`) at which daily digests go out. */
  digestHour: number;
  /** IANA time zone of the deployment: the digest's hour and day are counted in it. */
  timeZone: string;
}

export const DEFAULT_TIME_ZONE = 'Asia/Almaty';
export const DEFAULT_DIGEST_HOUR = 8;
const MAX_DAYS = 365;

/** The reminder settings, read with every other setting (a wrong one is noted in `settings`). */
export function notifyRulesFrom(settings: Settings): NotifyRulesConfig {
  const days = (name: string, fallback: number): number =>
    settings.integer(name, fallback, 1, MAX_DAYS, `a whole number of days from 1 to ${MAX_DAYS}`);
  const dayList = (name: string, fallback: number[]): number[] => {
    const raw = settings.text(name);
    if (raw === undefined) return fallback;
    const values = raw.split(',').map((s) => s.trim());
    const ok = values.every((v) => /^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= MAX_DAYS);
    const numbers = values.map(Number);
    if (ok && numbers.every((n, i) => i === 0 || n > numbers[i - 1]!)) return numbers;
    settings.wrong(name, `increasing whole numbers of days from 1 to ${MAX_DAYS}, separated by commas (e.g. 3,7)`);
    return fallback;
  };
  const rules: RuleConfig = {
    dueSoonDays: days('DUE_SOON_DAYS', DEFAULT_RULES.dueSoonDays),
    overdueRepeatDays: days('OVERDUE_REPEAT_DAYS', DEFAULT_RULES.overdueRepeatDays),
    escalationDays: days('OVERDUE_ESCALATION_DAYS', DEFAULT_RULES.escalationDays),
    verificationReminderDays: dayList('VERIFICATION_REMINDER_DAYS', DEFAULT_RULES.verificationReminderDays),
    minutesApprovalDays: days('MINUTES_APPROVAL_DAYS', DEFAULT_RULES.minutesApprovalDays),
  };
  const digestHour = settings.integer('DIGEST_HOUR', DEFAULT_DIGEST_HOUR, 0, 23, 'an hour from 0 to 23');
  // Intl throws a RangeError for a zone it does not know.
  const knownZone = (zone: string) => new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone.length > 0;
  const timeZone = settings.checked('NOTIFY_TIMEZONE', DEFAULT_TIME_ZONE, 'an IANA time zone such as Asia/Almaty', knownZone);
  return { rules, digestHour, timeZone };
}
