import { describe, expect, it } from 'vitest';
import {
  absoluteRange,
  dataRange,
  defaultRangeEnd,
  describeTimeRange,
  instantText,
  parseRelative,
  zoomOut,
} from './time-range-model';

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
    ).toBe('2026-01-10 08:00:00 → 2026-01-11 12:00:05 UTC');
    // Both ends in one format: a histogram drag ends at .999, so the start shows .000 too.
    expect(
      describeTimeRange({
        kind: 'absolute',
        from: Date.UTC(2021, 6, 21, 6, 46),
        to: Date.UTC(2021, 6, 21, 7, 15, 59, 999),
      }),
    ).toBe('2021-07-21 06:46:00.000 → 2021-07-21 07:15:59.999 UTC');
    expect(describeTimeRange({ kind: 'relative', last: '1h', end: 'data' })).toBe(
      'Last 1 hour of data',
    );
    expect(instantText(Date.UTC(2026, 0, 1, 0, 0, 0, 7))).toBe('2026-01-01 00:00:00.007');
    expect(instantText(Date.UTC(2026, 0, 1))).toBe('2026-01-01 00:00:00');
  });

  it('zooms out around the middle and to the data', () => {
    expect(zoomOut({ from: 10_000, to: 20_000 })).toEqual({
      kind: 'absolute',
      from: 5_000,
      to: 25_000,
    });
    expect(dataRange(1_500, 7_250)).toEqual({ kind: 'absolute', from: 1_000, to: 7_999 });
    const now = Date.UTC(2026, 11, 7);
    expect(defaultRangeEnd(null, now)).toBe('now');
    expect(defaultRangeEnd(now - 60_000, now)).toBe('now');
    expect(defaultRangeEnd(Date.UTC(2018, 2, 24), now)).toBe('data');
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
