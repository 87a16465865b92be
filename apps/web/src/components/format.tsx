// Dates, numbers and content texts in the reader's language.
import { useTranslation } from 'react-i18next';

export type Multilingual = { kk?: string | null; ru?: string | null; en?: string | null } | null | undefined;

const ORDER: Record<string, Array<'kk' | 'ru' | 'en'>> = { kk: ['kk', 'ru', 'en'], ru: ['ru', 'kk', 'en'], en: ['en', 'ru', 'kk'] };

/** The text in the reader's language, or the first other language that has it (marked as such). */
export function pickText(value: Multilingual, lang: string): { text: string; lang: string; fallback: boolean } {
  const order = ORDER[lang] ?? ORDER.kk!;
  for (const candidate of order) {
    const text = value?.[candidate];
    if (text) return { text, lang: candidate, fallback: candidate !== lang };
  }
  return { text: '', lang, fallback: false };
}

export function LocalText({ value }: { value: Multilingual }) {
  const { i18n, t } = useTranslation();
  const picked = pickText(value, i18n.language);
  if (!picked.fallback) return <>{picked.text}</>;
  return (
    <span lang={picked.lang}>
      {picked.text} <span className="fallback">{t('fallbackLanguage', { lang: picked.lang.toUpperCase() })}</span>
    </span>
  );
}

/** Names in the reader's language, comma-separated; a dash when there are none. */
export function LocalNames({ items }: { items: ReadonlyArray<{ id: string; name: Multilingual }> }) {
  if (items.length === 0) return <>—</>;
  return (
    <>
      {items.map((item, i) => (
        <span key={item.id}>
          {i ? ', ' : ''}
          <LocalText value={item.name} />
        </span>
      ))}
    </>
  );
}

/**
 * Chromium ships no Kazakh locale data (kk-KZ prints ISO dates 2026-02-10 and "2026 M02" months).
 * Kazakh documents write 10.02.2026 and numbers as Russian ones do (space thousands, decimal comma):
 * Kazakh is formatted by the Russian rules, always numerically (so no Russian month names show).
 */
const locale = (lang: string) => (lang === 'en' ? 'en-GB' : 'ru-RU');

const dateStyle = (lang: string): Intl.DateTimeFormatOptions =>
  lang === 'kk' ? { day: '2-digit', month: '2-digit', year: 'numeric' } : { dateStyle: 'medium' };

// A formatter is costly to make (tens of milliseconds for a register page on a slow phone when made
// per cell) and cheap to reuse: one per locale and options.
const formatters = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();
function formatter<T extends Intl.DateTimeFormat | Intl.NumberFormat>(
  make: new (l: string, o: object) => T,
  loc: string,
  options: object,
): T {
  const key = `${make.name} ${loc} ${JSON.stringify(options)}`;
  let found = formatters.get(key) as T | undefined;
  if (!found) formatters.set(key, (found = new make(loc, options)));
  return found;
}

export function useFormat() {
  const { i18n } = useTranslation();
  const loc = locale(i18n.language);
  const numeric = i18n.language === 'kk';
  const dates = (options: Intl.DateTimeFormatOptions) => formatter(Intl.DateTimeFormat, loc, options);
  const numbers = (options: Intl.NumberFormatOptions) => formatter(Intl.NumberFormat, loc, options);
  return {
    date: (iso: string | null | undefined) =>
      iso ? dates({ ...dateStyle(i18n.language), timeZone: 'UTC' }).format(new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso)) : '—',
    dateTime: (iso: string | null | undefined) =>
      iso
        ? dates(numeric ? { ...dateStyle('kk'), hour: '2-digit', minute: '2-digit' } : { dateStyle: 'medium', timeStyle: 'short' }).format(
            new Date(iso),
          )
        : '—',
    number: (n: number | null | undefined, digits = 0) =>
      n === null || n === undefined ? '—' : numbers({ maximumFractionDigits: digits }).format(n),
    percent: (ratio: number | null | undefined) =>
      ratio === null || ratio === undefined ? '—' : numbers({ style: 'percent', maximumFractionDigits: 1 }).format(ratio),
    month: (yyyyMm: string) =>
      dates({ month: numeric ? '2-digit' : 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${yyyyMm}-01T00:00:00Z`)),
  };
}
