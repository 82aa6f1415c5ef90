import { describe, expect, it } from 'vitest';
import type { GroupedAggregation } from '../../../src-shared/contract/records';
import { categoryData, chartKindsFor, chartTitle, drilldown, timeData } from './chart-model';

const t = (h: number) => new Date(Date.UTC(2026, 0, 1, h)).toISOString();

describe('chart model', () => {
  const byType: GroupedAggregation = {
    type: 'count',
    groupBy: ['event_type'],
    groupCount: 2,
    groups: [
      { key: { event_type: 'login' }, value: 7, count: 7 },
      { key: { event_type: null }, value: 2, count: 2 },
    ],
  };
  const series: GroupedAggregation = {
    type: 'sum',
    field: 'amount',
    groupBy: [{ field: 'timestamp', interval: '1h' }, 'country'],
    groupCount: 3,
    groups: [
      { key: { timestamp: t(0), country: 'DE' }, value: 10, count: 1 },
      { key: { timestamp: t(0), country: 'FR' }, value: 30, count: 2 },
      { key: { timestamp: t(3), country: 'DE' }, value: 5, count: 1 },
    ],
  };

  it('offers the charts that fit: time series as lines, a few categories as pie too', () => {
    expect(chartKindsFor(byType)).toEqual(['bar', 'pie', 'table']);
    expect(chartKindsFor(series)).toEqual(['line', 'area', 'bar', 'table']);
    expect(chartKindsFor({ type: 'count', value: 3 })).toEqual(['table']);
  });

  it('offers a pie for 2 to 12 groups: not for one, not for fifteen', () => {
    const groups = (n: number): GroupedAggregation => ({
      type: 'count',
      groupBy: ['event_type'],
      groupCount: n,
      groups: Array.from({ length: n }, (_, i) => ({
        key: { event_type: `t${i}` },
        value: 1,
        count: 1,
      })),
    });
    expect(chartKindsFor(groups(1))).toEqual(['bar', 'table']);
    expect(chartKindsFor(groups(2))).toEqual(['bar', 'pie', 'table']);
    expect(chartKindsFor(groups(12))).toEqual(['bar', 'pie', 'table']);
    expect(chartKindsFor(groups(15))).toEqual(['bar', 'table']);
  });

  it('titles a chart by what it measures and by what', () => {
    expect(chartTitle(byType)).toBe('Events by event_type');
    expect(chartTitle(series)).toBe('Sum of amount by country per 1h');
    expect(chartTitle({ ...byType, type: 'avg', field: 'payload.bytes' })).toBe(
      'Avg of payload.bytes by event_type',
    );
    const p99 = { ...byType, type: 'percentile', field: 'payload.durationMs', p: 0.99 };
    expect(chartTitle(p99)).toBe('P99 of payload.durationMs by event_type');
    expect(chartTitle({ ...p99, p: 0.999 })).toBe('P99.9 of payload.durationMs by event_type');
    expect(chartTitle({ ...p99, p: 0.07 })).toBe('P7 of payload.durationMs by event_type');
  });

  it('labels categories and builds one series per other key, empty buckets as zero sums', () => {
    expect(categoryData(byType).map((d) => [d.label, d.value])).toEqual([
      ['login', 7],
      ['(none)', 2],
    ]);
    const d = timeData(series);
    expect(d.series).toEqual(['FR', 'DE']);
    expect(d.points.map((p) => [p.t, p.values.get('DE'), p.values.get('FR')])).toEqual([
      [Date.parse(t(0)), 10, 30],
      [Date.parse(t(1)), 0, 0],
      [Date.parse(t(2)), 0, 0],
      [Date.parse(t(3)), 5, 0],
    ]);
  });

  it('drills into a group: its keys as conditions, its bucket as the time range', () => {
    expect(drilldown(series, series.groups[1]!)).toEqual({
      where: [{ field: 'country', operator: 'eq', value: 'FR' }],
      timeRange: { from: Date.parse(t(0)), to: Date.parse(t(1)) - 1 },
      unselectable: [],
    });
    expect(drilldown(byType, byType.groups[1]!).where).toEqual([
      { field: 'event_type', operator: 'eq', value: null },
    ]);
  });
});
