// Days typed by a person, as Kazakh and Russian documents write them (10.02.2026).

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

/** yyyy-mm-dd as dd.mm.yyyy. */
export const dotted = (day: string) => day.split('-').reverse().join('.');
