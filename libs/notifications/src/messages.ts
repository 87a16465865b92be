import { Language, MultilingualText } from '@gov/domain';
import { DEFAULT_RULES, Rule, RuleConfig } from './rules';

/** What a message is about, as the notifier knows it from the log. */
export interface MessageSubject {
  kind: 'recommendation' | 'meeting';
  id: string;
  number: string;
  text: MultilingualText | null;
  dueDate: string | null;
  /** The secretary's reason, on a returned implementation or a refused extension. */
  reason?: string | null;
}

export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
}

type Phrases = Record<Rule, (s: MessageSubject, r: RuleConfig) => string> & {
  open: string;
  recommendation: string;
  meeting: string;
  reason: string;
};

const PHRASES: Record<Language, Phrases> = {
  en: {
    recommendation: 'Recommendation',
    meeting: 'Meeting',
    open: 'Open in the app',
    reason: 'Reason',
    ASSIGNED: () => 'has been assigned to your unit',
    DUE_SOON: (s, r) => `is due in ${r.dueSoonDays} days (${s.dueDate})`,
    DUE_TOMORROW: (s) => `is due tomorrow (${s.dueDate})`,
    OVERDUE: (s) => `is overdue (due ${s.dueDate})`,
    RETURNED: () => 'was returned by the secretary: the implementation was not accepted',
    EXTENSION_GRANTED: (s) => `deadline extended to ${s.dueDate}`,
    EXTENSION_REFUSED: (s) => `deadline extension refused; still due ${s.dueDate}`,
    DISPUTED: () => 'was disputed by the responsible unit',
    EXTENSION_REQUESTED: () => 'a deadline extension is requested and waits for your decision',
    VERIFICATION_WAITING: () => 'an implementation report waits for verification',
    MINUTES_NOT_APPROVED: () => 'minutes are not approved yet',
    OVERDUE_ESCALATION: (s, r) => `is overdue for more than ${r.escalationDays} days (due ${s.dueDate})`,
  },
  ru: {
    recommendation: 'Рекомендация',
    meeting: 'Заседание',
    open: 'Открыть в приложении',
    reason: 'Причина',
    ASSIGNED: () => 'поручена вашему подразделению',
    DUE_SOON: (s, r) => `срок исполнения через ${r.dueSoonDays} дн. (${s.dueDate})`,
    DUE_TOMORROW: (s) => `срок исполнения завтра (${s.dueDate})`,
    OVERDUE: (s) => `просрочена (срок ${s.dueDate})`,
    RETURNED: () => 'возвращена секретарём: исполнение не принято',
    EXTENSION_GRANTED: (s) => `срок продлён до ${s.dueDate}`,
    EXTENSION_REFUSED: (s) => `в продлении срока отказано; срок ${s.dueDate}`,
    DISPUTED: () => 'оспорена ответственным подразделением',
    EXTENSION_REQUESTED: () => 'запрошено продление срока, ожидается ваше решение',
    VERIFICATION_WAITING: () => 'отчёт об исполнении ожидает проверки',
    MINUTES_NOT_APPROVED: () => 'протокол ещё не утверждён',
    OVERDUE_ESCALATION: (s, r) => `просрочена более чем на ${r.escalationDays} дн. (срок ${s.dueDate})`,
  },
  kk: {
    recommendation: 'Ұсыным',
    meeting: 'Отырыс',
    open: 'Қосымшада ашу',
    reason: 'Себебі',
    ASSIGNED: () => 'сіздің бөлімшеңізге тапсырылды',
    DUE_SOON: (s, r) => `орындау мерзіміне ${r.dueSoonDays} күн қалды (${s.dueDate})`,
    DUE_TOMORROW: (s) => `орындау мерзімі ертең (${s.dueDate})`,
    OVERDUE: (s) => `мерзімі өтіп кетті (мерзімі ${s.dueDate})`,
    RETURNED: () => 'хатшы қайтарды: орындалуы қабылданбады',
    EXTENSION_GRANTED: (s) => `мерзімі ${s.dueDate} дейін ұзартылды`,
    EXTENSION_REFUSED: (s) => `мерзімді ұзартудан бас тартылды; мерзімі ${s.dueDate}`,
    DISPUTED: () => 'жауапты бөлімше дау айтты',
    EXTENSION_REQUESTED: () => 'мерзімді ұзарту сұралды, сіздің шешіміңіз күтілуде',
    VERIFICATION_WAITING: () => 'орындалуы туралы есеп тексеруді күтуде',
    MINUTES_NOT_APPROVED: () => 'хаттама әлі бекітілмеді',
    OVERDUE_ESCALATION: (s, r) => `мерзімі ${r.escalationDays} күннен астам өтіп кетті (мерзімі ${s.dueDate})`,
  },
};

export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The text in the recipient's language, or the first language the text has. */
export function pick(text: MultilingualText | null, language: Language): string {
  if (!text) return '';
  return text[language] ?? text.ru ?? text.kk ?? text.en ?? '';
}

export function linkTo(publicUrl: string, subject: Pick<MessageSubject, 'kind' | 'id'>): string {
  return `${publicUrl.replace(/\/+$/, '')}/${subject.kind === 'meeting' ? 'meetings' : 'recommendations'}/${subject.id}`;
}

/** A reason longer than this is cut in the title (a mail's subject, the app's list) and given whole in the body. */
const TITLE_REASON_MAX = 160;

/** One message in the recipient's language, as plain text and HTML, with a link into the web app. */
export function renderMessage(
  rule: Rule,
  subject: MessageSubject,
  language: Language,
  publicUrl: string,
  rules: RuleConfig = DEFAULT_RULES,
): RenderedMessage {
  const p = PHRASES[language];
  const reason = subject.reason?.trim() ?? '';
  const cut = reason.length > TITLE_REASON_MAX;
  const said = `${subject.kind === 'meeting' ? p.meeting : p.recommendation} ${subject.number}: ${p[rule](subject, rules)}`;
  const title = reason ? `${said}. ${p.reason}: ${cut ? `${reason.slice(0, TITLE_REASON_MAX - 1)}…` : reason}` : said;
  const body = pick(subject.text, language);
  const whole = cut ? `${p.reason}: ${reason}` : '';
  const link = linkTo(publicUrl, subject);
  const text = [title, whole, body, `${p.open}: ${link}`].filter(Boolean).join('\n\n');
  const html =
    `<p><strong>${escapeHtml(title)}</strong></p>` +
    (whole ? `<p>${escapeHtml(whole)}</p>` : '') +
    (body ? `<p>${escapeHtml(body)}</p>` : '') +
    `<p><a href="${escapeHtml(link)}">${escapeHtml(p.open)}</a></p>`;
  return { subject: title, text, html };
}
