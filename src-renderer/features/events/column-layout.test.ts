import { describe, expect, it } from 'vitest';
import { layoutColumns } from './column-layout';

const columns = [
  { id: 'timestamp', size: 180, minSize: 120 },
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
  it('never below its minimum: then the table is wider than the pane', () => {
    expect(layoutColumns(columns, 'summary', 300)).toEqual({ widths: [180, 120, 140], total: 440 });
    expect(layoutColumns(columns, 'summary', 0).total).toBe(440);
  });
  it('leaves the columns as they are without a flexible one', () => {
    expect(layoutColumns(columns, 'none', 2000)).toEqual({ widths: [180, 600, 140], total: 920 });
  });
});
