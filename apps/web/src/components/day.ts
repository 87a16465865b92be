// Days and times typed by a person, as Kazakh and Russian documents write them (10.02.2026 14:30).

/** dd.mm.yyyy (or ISO yyyy-mm-dd) to yyyy-mm-dd; null when it is not a day of the calendar. */
export function parseDay(text: string): string | null {
  const dots = /^(\d{1,2})[./](\d{1,2})[./](\d{4})$/.exec(text.trim());
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  const [y, m, d] = dots ? [dots[3], dots[2], dots[1]] : iso ? [iso[1], iso[2], iso[3]] : [];
  if (!y || !m || !d) return null;
  const day = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
  // 31.02.2026 is no day: Date rolls it over to March, and the round trip shows it.
  const date = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(day) ? day : null;
}

/**
 * dd.mm.yyyy hh:mm (or ISO yyyy-mm-ddThh:mm) to yyyy-mm-ddThh:mm, a time on the reader's clock (as a
 * datetime-local input gives it); null when it is not one.
 */
export function parseDateTime(text: string): string | null {
  const parts = /^(\S+?)(?:,?\s+|T)(\d{1,2})[:.](\d{2})$/.exec(text.trim());
  const day = parts ? parseDay(parts[1]!) : null;
  if (!parts || !day || Number(parts[2]) > 23 || Number(parts[3]) > 59) return null;
  return `${day}T${parts[2]!.padStart(2, '0')}:${parts[3]}`;
}

export const isDay = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value);
export const isDateTime = (value: string) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value);

/** yyyy-mm-dd as dd.mm.yyyy. */
export const dotted = (day: string) => day.split('-').reverse().join('.');

/** yyyy-mm-ddThh:mm as dd.mm.yyyy hh:mm. */
export const dottedDateTime = (local: string) => `${dotted(local.slice(0, 10))} ${local.slice(11, 16)}`;
