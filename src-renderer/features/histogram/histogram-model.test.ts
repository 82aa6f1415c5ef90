import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { intervalMs } from '../../../src-shared/contract/query';
import { bucketStart, describeInterval, pickInterval } from './buckets';
import { dragRange, histogramQuery, histogramSeries, otherSeries } from './histogram-model';

const hour = 3_600_000;

describe('histogram buckets', () => {
  it('picks an interval giving 50 to 120 buckets for any span from 1 minute to 20 years', () => {
    fc.assert(
      fc.property(fc.integer({ min: 60_000, max: 20 * 365 * 86_400_000 }), (span) => {
        const n = span / intervalMs(pickInterval(span))!;
        expect(n).toBeLessThanOrEqual(120);
        expect(n).toBeGreaterThanOrEqual(48);
      }),
      { numRuns: 2000 },
    );
    expect(pickInterval(15 * 60_000)).toBe('10s');
    expect(pickInterval(24 * hour)).toBe('15m');
    expect(pickInterval(30 * 24 * hour)).toBe('6h');
  });

  it('aligns buckets to the epoch in UTC, weeks to Mondays', () => {
    const t = Date.UTC(2026, 0, 14, 15, 47, 12); // a Wednesday
    expect(bucketStart(t, '1h')).toBe(Date.UTC(2026, 0, 14, 15));
    expect(bucketStart(t, '15m')).toBe(Date.UTC(2026, 0, 14, 15, 45));
    expect(bucketStart(t, '1d')).toBe(Date.UTC(2026, 0, 14));
    expect(new Date(bucketStart(t, '1w')).toISOString()).toBe('2026-01-12T00:00:00.000Z');
    expect(new Date(bucketStart(t, '1w')).getUTCDay()).toBe(1);
    expect(bucketStart(-1, '1h')).toBe(-hour);
    expect(describeInterval('15m')).toBe('15 minutes');
    expect(describeInterval('1w')).toBe('1 week');
  });

  it('fills empty buckets, stacks the top types, and widens to late buckets', () => {
    const t0 = Date.UTC(2026, 0, 1);
    const groups = [
      { key: { timestamp: new Date(t0).toISOString(), event_type: 'a' }, value: 5, count: 5 },
      {
        key: { timestamp: new Date(t0 + 2 * hour).toISOString(), event_type: 'b' },
        value: 2,
        count: 2,
      },
      {
        key: { timestamp: new Date(t0 + 5 * hour).toISOString(), event_type: 'a' },
        value: 1,
        count: 1,
      },
    ];
    const s = histogramSeries(groups, '1h', { from: t0, to: t0 + 3 * hour }, true);
    expect(s.rows.map((r) => r.total)).toEqual([5, 0, 2, 0, 0, 1]);
    expect(s.series).toEqual(['a', 'b']);
    expect(s.rows[0]!.counts.get('a')).toBe(5);
    expect(s.counted).toBe(8);
    expect(s.maxTotal).toBe(5);
    const many = Array.from({ length: 10 }, (_, i) => ({
      key: { timestamp: new Date(t0).toISOString(), event_type: `t${i}` },
      value: 10 - i,
      count: 10 - i,
    }));
    const stacked = histogramSeries(many, '1h', { from: t0, to: t0 }, true);
    expect(stacked.series).toHaveLength(9);
    expect(stacked.series.at(-1)).toBe(otherSeries);
    expect(stacked.rows[0]!.counts.get(otherSeries)).toBe(2 + 1);
  });

  it('queries a count by bucket (and type), and a drag selects whole buckets', () => {
    expect(histogramQuery({ from: { instance: 'x' } }, '5m', true)).toEqual({
      from: { instance: 'x' },
      reduce: { type: 'count', groupBy: [{ field: 'timestamp', interval: '5m' }, 'event_type'] },
      limit: 10_000,
    });
    expect(dragRange(3 * hour, hour, '1h')).toEqual({ from: hour, to: 4 * hour - 1 });
  });
});
