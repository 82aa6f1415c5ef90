import { useLayoutEffect, useRef, type RefObject } from 'react';
import { useLatest } from '../../components/use-latest';
import { rowsInView, scrollTopFor, type RowItem } from './row-range';

export interface RowRangeOptions {
  scrollRef: RefObject<HTMLDivElement | null>;
  count: number;
  rowHeight: number;
  /** Height of the sticky header above the first row, px. */
  offsetTop: number;
  overscan: number;
  /** The rows in view changed: called from the scroll event, before the frame is drawn. */
  onChange: (items: RowItem[]) => void;
}

export interface RowRange {
  /** Height of all rows, px. */
  totalSize: number;
  /** The rows in view now (plus overscan). */
  items(): RowItem[];
  /** Scrolls the least that shows row `index` whole. */
  scrollToIndex(index: number): void;
}

/** The rows in view now (plus overscan), from the scroll element's position. */
function rowsOf(options: RowRangeOptions): RowItem[] {
  const { scrollRef, rowHeight, offsetTop, count, overscan } = options;
  const el = scrollRef.current;
  if (!el) return [];
  return rowsInView({
    scrollTop: el.scrollTop,
    viewHeight: el.clientHeight,
    offsetTop,
    rowHeight,
    count,
    overscan,
  });
}

/**
 * The virtualiser of the event table's fixed-height rows. It calls `onChange` from the scroll
 * event (and on resize) when the rows in view change, and never re-renders its component, so
 * a scroll costs the rows the RowPainter rewrites and nothing more.
 */
export function useRowRange(options: RowRangeOptions): RowRange {
  const { scrollRef } = options;
  const latest = useLatest(options);
  const shown = useRef<{ first: number; last: number; count: number } | null>(null);

  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    // The listeners read the latest options when they fire, so they are added once.
    const update = () => {
      const items = rowsOf(latest.current);
      const first = items[0]?.index ?? -1;
      const last = items[items.length - 1]?.index ?? -1;
      const { count } = latest.current;
      const was = shown.current;
      if (was && was.first === first && was.last === last && was.count === count) return;
      shown.current = { first, last, count };
      latest.current.onChange(items);
    };
    el.addEventListener('scroll', update, { passive: true });
    const resize = new ResizeObserver(update);
    resize.observe(el);
    return () => {
      el.removeEventListener('scroll', update);
      resize.disconnect();
    };
  }, [scrollRef, latest]);

  return {
    totalSize: options.count * options.rowHeight,
    items: () => rowsOf(latest.current),
    scrollToIndex(index) {
      const el = scrollRef.current;
      if (!el) return;
      const top = scrollTopFor(index, {
        scrollTop: el.scrollTop,
        viewHeight: el.clientHeight,
        offsetTop: options.offsetTop,
        rowHeight: options.rowHeight,
      });
      if (top !== null) el.scrollTop = top;
    },
  };
}
