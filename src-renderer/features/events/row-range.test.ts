import { describe, expect, it } from 'vitest';
import { rowsInView, scrollTopFor, type RowRangeInput } from './row-range';

const rowHeight = 24;
const offsetTop = 28;

/** Rows whose box shows in the view (below the sticky header), found row by row. */
function seenByScan(input: RowRangeInput): number[] {
  const top = input.scrollTop + input.offsetTop;
  const bottom = input.scrollTop + input.viewHeight;
  const seen: number[] = [];
  for (let i = 0; i < input.count; i++) {
    const y = input.offsetTop + i * input.rowHeight;
    if (y + input.rowHeight > top && y < bottom) seen.push(i);
  }
  return seen;
}

/** Deterministic pseudo-random integers (a linear congruential generator). */
function numbers(seed: number) {
  let state = seed;
  return (below: number) => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state % below;
  };
}

describe('rowsInView', () => {
  it('draws the rows in view plus overscan on each side, placed by index', () => {
    // 10 rows fit below the header; row 100 at the top.
    const items = rowsInView({
      scrollTop: 100 * rowHeight,
      viewHeight: offsetTop + 10 * rowHeight,
      offsetTop,
      rowHeight,
      count: 1_000_000,
      overscan: 3,
    });
    expect(items.map((item) => item.index)).toEqual(Array.from({ length: 16 }, (_, i) => 97 + i));
    for (const item of items) expect(item.start).toBe(item.index * rowHeight);
  });

  it('stops at the ends of the list, and draws nothing for no rows', () => {
    const view = { viewHeight: 300, offsetTop, rowHeight, overscan: 8 };
    expect(rowsInView({ ...view, scrollTop: 0, count: 5 }).map((i) => i.index)).toEqual([
      0, 1, 2, 3, 4,
    ]);
    expect(rowsInView({ ...view, scrollTop: 0, count: 0 })).toEqual([]);
    const end = rowsInView({ ...view, scrollTop: 90 * rowHeight, count: 100 });
    expect(end[end.length - 1]!.index).toBe(99);
  });

  it('covers exactly the rows a row-by-row scan sees, whatever the scroll and sizes', () => {
    const next = numbers(7);
    for (let n = 0; n < 1_000; n++) {
      const input: RowRangeInput = {
        scrollTop: next(50_000),
        viewHeight: offsetTop + next(900),
        offsetTop,
        rowHeight,
        count: next(2_500),
        overscan: next(10),
      };
      const seen = seenByScan(input);
      const drawn = rowsInView(input).map((item) => item.index);
      const drawnSet = new Set(drawn);
      expect(seen.filter((index) => !drawnSet.has(index))).toEqual([]);
      if (seen.length > 0) {
        // No more than the overscan beyond what is seen, and no gaps.
        expect(drawn[0]).toBe(Math.max(0, seen[0]! - input.overscan));
        expect(drawn[drawn.length - 1]).toBe(
          Math.min(input.count - 1, seen[seen.length - 1]! + input.overscan),
        );
        expect(drawn.length).toBe(drawn[drawn.length - 1]! - drawn[0]! + 1);
      }
    }
  });
});

describe('scrollTopFor', () => {
  const view = { scrollTop: 100 * rowHeight, viewHeight: offsetTop + 10 * rowHeight };

  it('leaves a row in view where it is', () => {
    for (let i = 100; i < 110; i++)
      expect(scrollTopFor(i, { ...view, offsetTop, rowHeight })).toBeNull();
  });

  it('scrolls up to put a row above the view at the top, below the header', () => {
    expect(scrollTopFor(99, { ...view, offsetTop, rowHeight })).toBe(99 * rowHeight);
    expect(scrollTopFor(0, { ...view, offsetTop, rowHeight })).toBe(0);
  });

  it('scrolls down to put a row below the view at the bottom', () => {
    const top = scrollTopFor(110, { ...view, offsetTop, rowHeight })!;
    expect(top).toBe(101 * rowHeight);
    // Row 110 is then the last row seen, whole.
    const seen = seenByScan({
      ...view,
      scrollTop: top,
      offsetTop,
      rowHeight,
      count: 200,
      overscan: 0,
    });
    expect(seen[seen.length - 1]).toBe(110);
    expect(seen[0]).toBe(101);
  });
});
