import { describe, expect, it } from 'vitest';
import { layoutColumns } from './column-layout';

const columns = [
  { id: 'timestamp', size: 180, minSize: 120, keep: true },
  { id: 'summary', size: 600, minSize: 120 },
  { id: 'stream_id', size: 140, minSize: 60 },
];

describe('layoutColumns', () => {
  it('gives the flexible column what the pane leaves', () => {
    expect(layoutColumns(columns, 'summary', 1000)).toEqual({
      widths: [180, 680, 140],
      total: 1000,
    });
    expect(layoutColumns(columns, 'summary', 500.6)).toEqual({
      widths: [180, 180, 140],
      total: 500,
    });
  });
  it('in a narrow pane the others give up width so the summary keeps 25% of it', () => {
    // The event table at 1024 px with the detail open: 567 px for time, stream, type, seq.
    const table = [
      { id: 'timestamp', size: 185, minSize: 120, keep: true },
      { id: 'stream_id', size: 130, minSize: 60 },
      { id: 'event_type', size: 140, minSize: 60 },
      { id: 'sequence_number', size: 60, minSize: 44 },
      { id: 'summary', size: 600, minSize: 120 },
    ];
    const { widths, total } = layoutColumns(table, 'summary', 567);
    expect(total).toBe(567);
    expect(widths[0]).toBe(185); // the time is kept whole
    expect(widths[4]).toBeGreaterThanOrEqual(Math.floor(567 * 0.25));
    // Stream and type shrink alike, in proportion to what they have above their minimum.
    expect(widths[1]).toBeGreaterThan(60);
    expect(widths[1]).toBeLessThan(130);
    expect(widths[2]).toBeLessThan(140);
    expect((130 - widths[1]!) / 70).toBeCloseTo((140 - widths[2]!) / 80, 1);
  });
  it('never below the minimums: then the table is wider than the pane', () => {
    expect(layoutColumns(columns, 'summary', 300)).toEqual({ widths: [180, 120, 60], total: 360 });
    expect(layoutColumns(columns, 'summary', 0).total).toBe(360);
  });
  it('leaves the columns as they are without a flexible one', () => {
    expect(layoutColumns(columns, 'none', 2000)).toEqual({ widths: [180, 600, 140], total: 920 });
  });
});
