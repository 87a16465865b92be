import { Language, SentDigest, nameUuid } from '@gov/domain';
import { DateTime } from 'luxon';
import { MessageSubject, RenderedMessage, escapeHtml, linkTo, renderMessage } from './messages';
import { DEFAULT_RULES, Rule, RuleConfig } from './rules';

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

/** One catch-up summary per recipient and set of rules: whichever notifier's first pass claims it sends it. */
export const catchUpId = (recipient: string, rules: RuleConfig) => nameUuid(`catch-up\n${recipient}\n${JSON.stringify(rules)}`);

/** The data of a `DigestSent` event. */
export type DigestRecord = SentDigest;

const DIGEST_PHRASES: Record<Language, { subject: (day: string, n: number) => string; intro: string }> = {
  en: {
    subject: (day, n) => `Daily digest for ${day}: ${n} reminder${n === 1 ? '' : 's'}`,
    intro: 'What became due since the last digest:',
  },
  ru: { subject: (day, n) => `Сводка за ${day}: напоминаний — ${n}`, intro: 'Что наступило со времени прошлой сводки:' },
  kk: { subject: (day, n) => `${day} күнгі жиынтық: ${n} еске салу`, intro: 'Соңғы жиынтықтан бері мерзімі келгендер:' },
};

/** A message that lists several reminders, each with its link: plain text and HTML. */
function renderList(
  subject: string,
  intro: string,
  items: Array<{ rule: Rule; subject: MessageSubject }>,
  tail: string | null,
  language: Language,
  publicUrl: string,
  rules: RuleConfig,
): RenderedMessage {
  const lines = items.map(({ rule, subject: s }) => ({
    title: renderMessage(rule, s, language, publicUrl, rules).subject,
    link: linkTo(publicUrl, s),
  }));
  const text = [subject, intro, ...lines.map((l) => `- ${l.title}\n  ${l.link}`), ...(tail ? [tail] : [])].join('\n\n');
  const html =
    `<p><strong>${escapeHtml(subject)}</strong></p><p>${escapeHtml(intro)}</p><ul>` +
    lines.map((l) => `<li><a href="${escapeHtml(l.link)}">${escapeHtml(l.title)}</a></li>`).join('') +
    '</ul>' +
    (tail ? `<p>${escapeHtml(tail)}</p>` : '');
  return { subject, text, html };
}

/** One digest in the recipient's language, as plain text and HTML: each reminder's line with its link. */
export function renderDigest(
  day: string,
  items: Array<{ rule: Rule; subject: MessageSubject }>,
  language: Language,
  publicUrl: string,
  rules: RuleConfig = DEFAULT_RULES,
): RenderedMessage {
  const p = DIGEST_PHRASES[language];
  return renderList(p.subject(day, items.length), p.intro, items, null, language, publicUrl, rules);
}

const CATCH_UP_PHRASES: Record<Language, { subject: (n: number) => string; intro: string; more: (n: number) => string }> = {
  en: {
    subject: (n) => `Reminders switched on: ${n} already due`,
    intro: 'Reminders start from today. What was already due, in one message instead of one each:',
    more: (n) => `…and ${n} more (see the app)`,
  },
  ru: {
    subject: (n) => `Напоминания включены: уже наступило — ${n}`,
    intro: 'Напоминания приходят с сегодняшнего дня. Что уже наступило — одним письмом, а не по одному:',
    more: (n) => `…и ещё ${n} (см. в приложении)`,
  },
  kk: {
    subject: (n) => `Еске салулар қосылды: мерзімі келгені — ${n}`,
    intro: 'Еске салулар бүгіннен бастап келеді. Мерзімі келіп қойғандары — әрқайсысы бөлек емес, бір хатпен:',
    more: (n) => `…және тағы ${n} (қосымшада қараңыз)`,
  },
};

/** The one summary a recipient gets after a first pass over a history: how many are due by rule, the latest by name. */
export function renderCatchUp(
  counts: Record<string, number>,
  listed: Array<{ rule: Rule; subject: MessageSubject }>,
  language: Language,
  publicUrl: string,
  rules: RuleConfig = DEFAULT_RULES,
): RenderedMessage {
  const p = CATCH_UP_PHRASES[language];
  const total = Object.values(counts).reduce((n, count) => n + count, 0);
  const rest = total - listed.length;
  return renderList(p.subject(total), p.intro, listed, rest > 0 ? p.more(rest) : null, language, publicUrl, rules);
}
