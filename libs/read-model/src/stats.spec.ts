import { medianOfHistogram } from './projections/stats.queries';
import { daysToClose } from '@gov/domain';
import { middleOf } from './sql';

describe('stats arithmetic', () => {
  it('reads the median off a histogram of days to close', () => {
    expect(medianOfHistogram([])).toBeNull();
    expect(medianOfHistogram([{ d: 5, n: 1 }])).toBe(5);
    expect(
      medianOfHistogram([
        { d: 1, n: 1 },
        { d: 3, n: 1 },
      ]),
    ).toBe(2);
    expect(
      medianOfHistogram([
        { d: 1, n: 3 },
        { d: 10, n: 1 },
        { d: 40, n: 1 },
      ]),
    ).toBe(1);
    expect(
      medianOfHistogram([
        { d: 2, n: 2 },
        { d: 9, n: 2 },
      ]),
    ).toBe(5.5);
  });

  it('reads the middle one of an odd count and the middle two of an even one', () => {
    expect(middleOf(1)).toEqual({ take: 1, skip: 0 });
    expect(middleOf(5)).toEqual({ take: 1, skip: 2 });
    expect(middleOf(2)).toEqual({ take: 2, skip: 0 });
    expect(middleOf(6)).toEqual({ take: 2, skip: 2 });
  });

  it('counts days to close only for decided recommendations', () => {
    expect(daysToClose({ status: 'CLOSED_IMPLEMENTED', adoptedAt: '2026-01-01T10:00:00Z', closedAt: '2026-01-31T09:00:00Z' })).toBe(29);
    expect(daysToClose({ status: 'WITHDRAWN', adoptedAt: '2026-01-01T10:00:00Z', closedAt: '2026-01-31T09:00:00Z' })).toBeNull();
    expect(daysToClose({ status: 'IN_PROGRESS', adoptedAt: '2026-01-01T10:00:00Z', closedAt: null })).toBeNull();
  });
});
