import { Language } from '@gov/domain';
import { DateTime } from 'luxon';
import { MessageSubject, RenderedMessage, escapeHtml, linkTo, renderMessage } from './messages';
import { DEFAULT_RULES, Rule, RuleConfig, nameUuid } from './rules';

export const DIGEST_SENT = 'DigestSent';

/** When daily digests go out: an hour of the day in the deployment's time zone. */
export interface DigestSchedule {
  hour: number;
  timeZone: string;
}

export const DEFAULT_DIGEST: DigestSchedule = { hour: 8, timeZone: 'Asia/Almaty' };

/** The latest digest moment at or before `nowMs`: its local day (YYYY-MM-DD) and the instant. */
export function digestMoment(nowMs: number, schedule: DigestSchedule): { day: string; at: string } {
  let moment = DateTime.fromMillis(nowMs, { zone: schedule.timeZone }).startOf('day').set({ hour: schedule.hour });
  if (moment.toMillis() > nowMs) moment = moment.minus({ days: 1 });
  return { day: moment.toISODate()!, at: moment.toUTC().toISO()! };
}

/** One digest per recipient and local day: a restart, a replay or a second replica computes the same. */
export const digestId = (recipient: string, day: string) => nameUuid(`digest\n${recipient}\n${day}`);

/** The data of a `DigestSent` event. */
export interface DigestRecord {
  digestId: string;
  recipient: string;
  day: string;
  /** The notifications it listed (each also recorded on its own, and listed one by one in the app). */
  notificationIds: string[];
  sentAt: string;
  emails: string[];
  language: Language;
  messageId: string;
}

const DIGEST_PHRASES: Record<Language, { subject: (day: string, n: number) => string; intro: string }> = {
  en: {
    subject: (day, n) => `Daily digest for ${day}: ${n} reminder${n === 1 ? '' : 's'}`,
    intro: 'What became due since the last digest:',
  },
  ru: { subject: (day, n) => `Сводка за ${day}: напоминаний — ${n}`, intro: 'Что наступило со времени прошлой сводки:' },
  kk: { subject: (day, n) => `${day} күнгі жиынтық: ${n} еске салу`, intro: 'Соңғы жиынтықтан бері мерзімі келгендер:' },
};

/** One digest in the recipient's language, as plain text and HTML: each reminder's line with its link. */
export function renderDigest(
  day: string,
  items: Array<{ rule: Rule; subject: MessageSubject }>,
  language: Language,
  publicUrl: string,
  rules: RuleConfig = DEFAULT_RULES,
): RenderedMessage {
  const p = DIGEST_PHRASES[language];
  const lines = items.map(({ rule, subject }) => ({
    title: renderMessage(rule, subject, language, publicUrl, rules).subject,
    link: linkTo(publicUrl, subject),
  }));
  const subject = p.subject(day, items.length);
  const text = [subject, p.intro, ...lines.map((l) => `- ${l.title}\n  ${l.link}`)].join('\n\n');
  const html =
    `<p><strong>${escapeHtml(subject)}</strong></p><p>${escapeHtml(p.intro)}</p><ul>` +
    lines.map((l) => `<li><a href="${escapeHtml(l.link)}">${escapeHtml(l.title)}</a></li>`).join('') +
    '</ul>';
  return { subject, text, html };
}
