import { DEFAULT_RULES, RuleConfig } from '@gov/notifications';

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

/** Every variable that is wrong, in one message, so an operator fixes them in one go. */
export function notifyRulesFromEnv(env: NodeJS.ProcessEnv): NotifyRulesConfig {
  const problems: string[] = [];
  const days = (name: string, fallback: number): number => {
    const raw = env[name]?.trim();
    if (!raw) return fallback;
    const value = Number(raw);
    if (/^\d+$/.test(raw) && value >= 1 && value <= MAX_DAYS) return value;
    problems.push(`${name} must be a whole number of days from 1 to ${MAX_DAYS}, got "${env[name]}"`);
    return fallback;
  };
  const dayList = (name: string, fallback: number[]): number[] => {
    const raw = env[name]?.trim();
    if (!raw) return fallback;
    const values = raw.split(',').map((s) => s.trim());
    const ok = values.every((v) => /^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= MAX_DAYS);
    const numbers = values.map(Number);
    if (ok && numbers.every((n, i) => i === 0 || n > numbers[i - 1]!)) return numbers;
    problems.push(
      `${name} must be increasing whole numbers of days from 1 to ${MAX_DAYS}, separated by commas (e.g. 3,7), got "${env[name]}"`,
    );
    return fallback;
  };
  const rules: RuleConfig = {
    dueSoonDays: days('DUE_SOON_DAYS', DEFAULT_RULES.dueSoonDays),
    overdueRepeatDays: days('OVERDUE_REPEAT_DAYS', DEFAULT_RULES.overdueRepeatDays),
    escalationDays: days('OVERDUE_ESCALATION_DAYS', DEFAULT_RULES.escalationDays),
    verificationReminderDays: dayList('VERIFICATION_REMINDER_DAYS', DEFAULT_RULES.verificationReminderDays),
    minutesApprovalDays: days('MINUTES_APPROVAL_DAYS', DEFAULT_RULES.minutesApprovalDays),
  };
  const hourRaw = env.DIGEST_HOUR?.trim();
  let digestHour = DEFAULT_DIGEST_HOUR;
  if (hourRaw) {
    if (/^\d{1,2}$/.test(hourRaw) && Number(hourRaw) <= 23) digestHour = Number(hourRaw);
    else problems.push(`DIGEST_HOUR must be an hour from 0 to 23, got "${env.DIGEST_HOUR}"`);
  }
  const timeZone = env.NOTIFY_TIMEZONE?.trim() || DEFAULT_TIME_ZONE;
  try {
    new Intl.DateTimeFormat('en', { timeZone });
  } catch {
    problems.push(`NOTIFY_TIMEZONE must be an IANA time zone such as Asia/Almaty, got "${env.NOTIFY_TIMEZONE}"`);
  }
  if (problems.length > 0) throw new Error(`Reminder settings are wrong: ${problems.join('; ')}`);
  return { rules, digestHour, timeZone };
}
