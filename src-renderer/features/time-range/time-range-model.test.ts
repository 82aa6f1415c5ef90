import { describe, expect, it } from 'vitest';
import { absoluteRange, describeTimeRange, parseRelative, shortInstant } from './time-range-model';

describe('time range', () => {
  it('describes ranges', () => {
    expect(describeTimeRange(null)).toBe('All time');
    expect(describeTimeRange({ kind: 'relative', last: '15m' })).toBe('Last 15 minutes');
    expect(describeTimeRange({ kind: 'relative', last: '3h' })).toBe('Last 3 hours');
    expect(
      describeTimeRange({
        kind: 'absolute',
        from: Date.UTC(2026, 0, 10, 8),
        to: Date.UTC(2026, 0, 11, 12, 0, 5),
      }),
    ).toBe('2026-01-10 08:00 → 2026-01-11 12:00:05 UTC');
    expect(shortInstant(Date.UTC(2026, 0, 1, 0, 0, 0, 7))).toBe('2026-01-01 00:00:00.007');
  });

  it('reads relative and absolute input', () => {
    expect(parseRelative('last 3 hours')).toBe('3h');
    expect(parseRelative('90m')).toBe('90m');
    expect(parseRelative('2 weeks')).toBe('2w');
    expect(parseRelative('0m')).toBeNull();
    expect(parseRelative('soon')).toBeNull();
    expect(absoluteRange('2026-01-10 08:00', '2026-01-10T09:00:00Z')).toEqual({
      kind: 'absolute',
      from: Date.UTC(2026, 0, 10, 8),
      to: Date.UTC(2026, 0, 10, 9),
    });
    expect(absoluteRange('2026-01-11', '2026-01-10')).toBeNull();
    expect(absoluteRange('1767225600000', '1767312000000')).not.toBeNull();
  });
});
