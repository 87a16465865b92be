/// <reference types="jest" />
import { dotted, parseDay } from './day';

describe('a day typed into the as-of field', () => {
  it('is read as Kazakh and Russian documents write it, day first', () => {
    expect(parseDay('10.02.2026')).toBe('2026-02-10');
    expect(parseDay(' 1.2.2026 ')).toBe('2026-02-01');
    expect(parseDay('2026-02-10')).toBe('2026-02-10');
  });

  it('is refused when it is no day of the calendar or not a date at all', () => {
    for (const text of ['31.02.2026', '10.13.2026', '02/30/2026', '2026-2-10', 'вчера', '']) expect(parseDay(text)).toBeNull();
  });

  it('is shown back the same way', () => {
    expect(dotted('2026-02-10')).toBe('10.02.2026');
  });
});
