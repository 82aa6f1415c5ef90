import { describe, expect, it } from 'vitest';
import { formatBucket, formatTick, niceTicks } from './time-format';

describe('bucket labels', () => {
  it('are as precise as the interval, in UTC', () => {
    const t = Date.UTC(2026, 0, 14, 15, 45);
    expect(formatTick(t, '15m')).toBe('15:45');
    expect(formatTick(Date.UTC(2026, 0, 14), '1h')).toBe('01-14');
    expect(formatTick(t, '1d')).toBe('01-14');
    expect(formatTick(t + 5000, '5s')).toBe('15:45:05');
    expect(formatBucket(t, '15m')).toBe('2026-01-14 15:45:00 – 16:00:00 UTC');
    expect(formatBucket(Date.UTC(2026, 0, 14), '1d')).toBe(
      '2026-01-14 00:00:00 – 2026-01-15 00:00:00 UTC',
    );
  });

  it('puts ticks on round times', () => {
    const h = 3_600_000;
    const day0 = Date.UTC(2026, 0, 1);
    const sixHourly = Array.from({ length: 120 }, (_, i) => day0 + 6 * h * i); // 30 days
    const ticks = niceTicks(sixHourly, '6h');
    expect(ticks.length).toBeGreaterThanOrEqual(2);
    expect(ticks.length).toBeLessThanOrEqual(8);
    expect(ticks.every((t) => new Date(t).getUTCHours() === 0)).toBe(true);
    const tenSeconds = Array.from({ length: 90 }, (_, i) => day0 + 7 * h + 10_000 * i);
    const small = niceTicks(tenSeconds, '10s');
    expect(small.length).toBeGreaterThanOrEqual(2);
    expect(small.every((t) => t % 60_000 === 0)).toBe(true);
  });

  it('puts ticks on week buckets too (Mondays), with the year when they are weeks apart', () => {
    // Two years of weekly buckets, as the engine aligns them (Mondays): one label before.
    const week = 7 * 86_400_000;
    const monday = Date.UTC(2020, 1, 10); // 2020-02-10, a Monday
    const weekly = Array.from({ length: 106 }, (_, i) => monday + week * i);
    const ticks = niceTicks(weekly, '1w');
    expect(ticks.length).toBeGreaterThanOrEqual(4);
    expect(ticks.length).toBeLessThanOrEqual(8);
    expect(ticks.every((t) => new Date(t).getUTCDay() === 1)).toBe(true);
    const step = ticks[1]! - ticks[0]!;
    expect(formatTick(ticks[0]!, '1w', step)).toMatch(/^20\d\d-\d\d$/u);
    // Days or weeks apart, the month and day are enough.
    expect(formatTick(monday, '1d', 2 * 86_400_000)).toBe('02-10');
    expect(formatTick(monday, '2d', 4 * week)).toBe('02-10');
  });
});
