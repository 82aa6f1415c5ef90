import { describe, expect, it } from 'vitest';
import { bucketAt, barPaths, countTicks, timeX } from './plot-geometry';
import type { HistogramRow } from './histogram-model';

describe('countTicks', () => {
  it('starts at 0 and ends at or above the maximum on round, whole steps', () => {
    expect(countTicks(17)).toEqual([0, 10, 20]);
    expect(countTicks(20)).toEqual([0, 10, 20]);
    expect(countTicks(1)).toEqual([0, 1]);
    expect(countTicks(3)).toEqual([0, 2, 4]);
    expect(countTicks(5)).toEqual([0, 5]);
    expect(countTicks(12_000)).toEqual([0, 10_000, 20_000]);
    expect(countTicks(9_400)).toEqual([0, 5_000, 10_000]);
  });
  it('has one tick for nothing counted', () => {
    expect(countTicks(0)).toEqual([0]);
  });
  it('keeps every step whole for any maximum', () => {
    for (let max = 1; max < 5_000; max += 7) {
      const ticks = countTicks(max);
      expect(ticks.every(Number.isInteger)).toBe(true);
      expect(ticks.at(-1)!).toBeGreaterThanOrEqual(max);
      expect(ticks.length).toBeLessThanOrEqual(4);
    }
  });
});

describe('bucketAt', () => {
  const box = { left: 40, top: 0, width: 100, height: 50 };
  it('maps x to the bucket whose band it falls in', () => {
    expect(bucketAt(40, box, 10)).toBe(0);
    expect(bucketAt(49.9, box, 10)).toBe(0);
    expect(bucketAt(50, box, 10)).toBe(1);
    expect(bucketAt(139.9, box, 10)).toBe(9);
  });
  it('is null outside the bars', () => {
    expect(bucketAt(39, box, 10)).toBeNull();
    expect(bucketAt(140, box, 10)).toBeNull();
    expect(bucketAt(50, box, 0)).toBeNull();
  });
  it('clamped, gives the nearest end outside the bars', () => {
    expect(bucketAt(-500, box, 10, true)).toBe(0);
    expect(bucketAt(500, box, 10, true)).toBe(9);
    expect(bucketAt(75, box, 10, true)).toBe(3);
  });
});

describe('barPaths', () => {
  const row = (t: number, counts: Record<string, number>): HistogramRow => ({
    t,
    total: Object.values(counts).reduce((a, b) => a + b, 0),
    counts: new Map(Object.entries(counts)),
  });
  const box = { left: 0, top: 0, width: 20, height: 100 };

  it('stacks the series from the bottom, one subpath per non-empty segment', () => {
    const rows = [row(0, { a: 10, b: 30 }), row(1, { a: 0, b: 50 })];
    const [a, b] = barPaths(rows, ['a', 'b'], box, 100);
    // Bands are 10 px wide with a 1 px gap; heights are counts out of 100.
    expect(a).toBe('M0.5 90h9V100h-9z');
    expect(b).toBe('M0.5 60h9V90h-9zM10.5 50h9V100h-9z');
  });
  it('draws totals as one path when not stacked', () => {
    const rows = [row(0, { total: 25 }), row(1, { total: 0 })];
    expect(barPaths(rows, [], box, 50)).toEqual(['M0.5 50h9V100h-9z']);
  });
  it('draws nothing when the top is 0', () => {
    expect(barPaths([row(0, { a: 0 })], ['a'], box, 0)).toEqual(['']);
  });
});

describe('timeX', () => {
  const box = { left: 40, top: 0, width: 100, height: 50 };
  it('places an instant by its share of the buckets’ span; null outside', () => {
    expect(timeX(1_000, 1_000, 10, box, 10)).toBe(40);
    expect(timeX(1_050, 1_000, 10, box, 10)).toBe(90);
    expect(timeX(1_100, 1_000, 10, box, 10)).toBe(140);
    expect(timeX(999, 1_000, 10, box, 10)).toBeNull();
    expect(timeX(1_101, 1_000, 10, box, 10)).toBeNull();
    expect(timeX(1_000, 1_000, 10, box, 0)).toBeNull();
  });
});
