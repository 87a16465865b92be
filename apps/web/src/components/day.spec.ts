/// <reference types="jest" />
import { dotted, dottedDateTime, isDateTime, isDay, parseDateTime, parseDay } from './day';

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

describe('a date and time typed into a form', () => {
  it('is read day first with the time on the reader’s clock', () => {
    expect(parseDateTime('10.02.2026 14:30')).toBe('2026-02-10T14:30');
    expect(parseDateTime(' 1.2.2026, 9:05 ')).toBe('2026-02-01T09:05');
    expect(parseDateTime('10.02.2026 14.30')).toBe('2026-02-10T14:30');
    expect(parseDateTime('2026-02-10T14:30')).toBe('2026-02-10T14:30');
  });

  it('is refused without a time, with a time that is none, or on no day of the calendar', () => {
    for (const text of ['10.02.2026', '10.02.2026 24:00', '10.02.2026 14:60', '31.02.2026 10:00', '10.02.2026 1430', '14:30'])
      expect(parseDateTime(text)).toBeNull();
  });

  it('is shown back the same way, and only a whole value counts as one', () => {
    expect(dottedDateTime('2026-02-10T14:30')).toBe('10.02.2026 14:30');
    expect(isDateTime('2026-02-10T14:30')).toBe(true);
    expect(isDateTime('10.02.2026 14:3')).toBe(false);
    expect(isDay('2026-02-10')).toBe(true);
    expect(isDay('10.02.2026')).toBe(false);
  });
});
