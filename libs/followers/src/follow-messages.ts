import en from '../../../apps/web/src/locales/en/follow.json';
import kk from '../../../apps/web/src/locales/kk/follow.json';
import ru from '../../../apps/web/src/locales/ru/follow.json';
import reportsEn from '../../../apps/web/src/locales/en/reports.json';
import reportsKk from '../../../apps/web/src/locales/kk/reports.json';
import reportsRu from '../../../apps/web/src/locales/ru/reports.json';
import { FollowSubjectKind, Language, MultilingualText, RecommendationState, RecommendationStatus, isClosed } from '@gov/domain';
import { escapeHtml, pick } from '@gov/notifications';

/** The web app's `follow` namespace: the messages say what the pages say, in the same three languages. */
const CATALOGUES: Record<Language, typeof en> = { kk, ru, en };
const STATUSES: Record<Language, Record<RecommendationStatus, string>> = {
  kk: reportsKk.status,
  ru: reportsRu.status,
  en: reportsEn.status,
};

/** What happened to a published recommendation that its followers are told. */
export type PublicChangeKind = 'STATUS' | 'PROGRESS' | 'DUE_DATE' | 'CLOSED' | 'PUBLISHED';

export interface PublicChange {
  kind: PublicChangeKind;
  recommendationId: string;
  number: string;
  text: MultilingualText | null;
  status: RecommendationStatus;
  percent: number;
  dueDate: string | null;
}

/** What a follower follows, as the messages name it. */
export interface FollowedSubject {
  kind: FollowSubjectKind;
  id: string;
  /** The recommendation's number, or the body's name. */
  number?: string;
  name?: MultilingualText | null;
}

/** A follower's own links: each carries the follower id and the secret from the address store. */
export interface FollowerLinks {
  confirm: string;
  unsubscribe: string;
  erase: string;
}

export interface FollowMessage {
  subject: string;
  text: string;
  html: string;
}

const fill = (template: string, values: Record<string, string | number>) =>
  template.replace(/\{\{(\w+)\}\}/g, (_, key: string) => String(values[key] ?? ''));

export function followerLinks(publicUrl: string, followerId: string, token: string): FollowerLinks {
  const base = publicUrl.replace(/\/+$/, '');
  const query = `f=${encodeURIComponent(followerId)}&t=${encodeURIComponent(token)}`;
  return {
    confirm: `${base}/follow/confirm?${query}`,
    unsubscribe: `${base}/follow/unsubscribe?${query}`,
    erase: `${base}/follow/erase?${query}`,
  };
}

const subjectPhrase = (s: FollowedSubject, language: Language) =>
  s.kind === 'recommendation'
    ? fill(CATALOGUES[language].mail.recommendation, { number: s.number ?? '' })
    : fill(CATALOGUES[language].mail.body, { name: pick(s.name ?? null, language) });

export function changeTitle(change: PublicChange, language: Language): string {
  return fill(CATALOGUES[language].mail[change.kind], {
    number: change.number,
    status: STATUSES[language][change.status],
    percent: change.percent,
    dueDate: change.dueDate ?? '',
  });
}

const recommendationLink = (publicUrl: string, id: string) => `${publicUrl.replace(/\/+$/, '')}/recommendations/${id}`;

/** Paragraphs of plain text (a link is its own line) and the same as HTML, with the footer every message carries. */
function compose(
  subject: string,
  paragraphs: Array<string | { link: string; label: string }>,
  followed: FollowedSubject,
  links: FollowerLinks,
  language: Language,
): FollowMessage {
  const m = CATALOGUES[language].mail;
  const footer = [
    fill(m.footer, { what: subjectPhrase(followed, language) }),
    { link: links.unsubscribe, label: m.unsubscribe },
    { link: links.erase, label: m.erase },
  ];
  const all = [...paragraphs, ...footer];
  const text = all.map((p) => (typeof p === 'string' ? p : `${p.label}: ${p.link}`)).join('\n\n');
  const html = all
    .map((p) => (typeof p === 'string' ? `<p>${escapeHtml(p)}</p>` : `<p><a href="${escapeHtml(p.link)}">${escapeHtml(p.label)}</a></p>`))
    .join('');
  return { subject, text, html };
}

export function renderConfirmation(followed: FollowedSubject, links: FollowerLinks, language: Language): FollowMessage {
  const m = CATALOGUES[language].mail;
  const what = subjectPhrase(followed, language);
  return compose(
    fill(m.confirmSubject, { what }),
    [fill(m.confirmBody, { what }), { link: links.confirm, label: CATALOGUES[language].page.confirmAction }, m.confirmIgnore],
    followed,
    links,
    language,
  );
}

export function renderChange(
  change: PublicChange,
  followed: FollowedSubject,
  links: FollowerLinks,
  language: Language,
  publicUrl: string,
): FollowMessage {
  const title = changeTitle(change, language);
  return compose(
    title,
    [
      title,
      pick(change.text, language),
      { link: recommendationLink(publicUrl, change.recommendationId), label: CATALOGUES[language].mail.open },
    ].filter((p) => p !== ''),
    followed,
    links,
    language,
  );
}

/** One message for a day's changes (a burst). */
export function renderDigest(
  day: string,
  changes: PublicChange[],
  followed: FollowedSubject,
  links: FollowerLinks,
  language: Language,
  publicUrl: string,
): FollowMessage {
  const m = CATALOGUES[language].mail;
  return compose(
    fill(m.digestSubject, { day, count: changes.length }),
    [m.digestIntro, ...changes.map((c) => ({ link: recommendationLink(publicUrl, c.recommendationId), label: changeTitle(c, language) }))],
    followed,
    links,
    language,
  );
}

/** Which public change an event made to a published recommendation, if any (one per event, the weightiest). */
export function changeKind(before: RecommendationState, after: RecommendationState): PublicChangeKind | null {
  if (after.status !== before.status && after.status !== 'NONE') return isClosed(after.status) ? 'CLOSED' : 'STATUS';
  if (after.dueDate !== before.dueDate) return 'DUE_DATE';
  if (after.percent !== before.percent) return 'PROGRESS';
  return null;
}

/** The public change as a message tells it. */
export function changeOf(kind: PublicChangeKind, id: string, s: RecommendationState): PublicChange {
  return {
    kind,
    recommendationId: id,
    number: s.number ?? '',
    text: s.text,
    status: s.status === 'NONE' ? 'ADOPTED' : s.status,
    percent: s.percent,
    dueDate: s.dueDate,
  };
}
