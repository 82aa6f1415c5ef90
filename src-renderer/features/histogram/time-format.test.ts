import { describe, expect, it } from 'vitest';
import { formatBucket, formatTick, niceTicks } from './time-format';

describe('bucket labels', () => {
  it('are as precise as the interval, in UTC', () => {
    const t = Date.UTC(2026, 0, 14, 15, 45);
    expect(formatTick(t, '15m')).toBe('15:45');
    expect(formatTick(Date.UTC(2026, 0, 14), '1h')).toBe('01-14');
    expect(formatTick(t, '1d')).toBe('01-14');
    expect(formatTick(t + 5000, '5s')).toBe('15:45:05');
    expect(formatBucket(t, '15m')).toBe('2026-01-14 15:45 – 16:00 UTC');
    expect(formatBucket(Date.UTC(2026, 0, 14), '1d')).toBe(
      '2026-01-14 00:00 – 2026-01-15 00:00 UTC',
    );
  });
});
