import {
  elementScroll,
  observeElementOffset,
  observeElementRect,
  Virtualizer,
} from '@tanstack/react-virtual';
import { useLayoutEffect, useRef, useState } from 'react';

export interface RowVirtualizerOptions {
  count: number;
  getScrollElement: () => HTMLDivElement | null;
  rowHeight: number;
  overscan: number;
  scrollPaddingStart: number;
  /** The rows in view changed: called from the scroll event, before the frame is drawn. */
  onChange: (virtualizer: Virtualizer<HTMLDivElement, Element>) => void;
}

/**
 * TanStack Virtual's virtualizer without a React re-render per change: `useVirtualizer`
 * re-renders its component whenever the rows in view change (every frame of a scroll), and the
 * table's body is drawn by a RowPainter instead. Mounting and updating follow useVirtualizer.
 */
export function useRowVirtualizer(
  options: RowVirtualizerOptions,
): Virtualizer<HTMLDivElement, Element> {
  const latest = useRef(options);
  latest.current = options;
  const resolved = {
    count: options.count,
    getScrollElement: options.getScrollElement,
    estimateSize: () => latest.current.rowHeight,
    overscan: options.overscan,
    scrollPaddingStart: options.scrollPaddingStart,
    observeElementRect,
    observeElementOffset,
    scrollToFn: elementScroll,
    onChange: (instance: Virtualizer<HTMLDivElement, Element>) => latest.current.onChange(instance),
  };
  const [virtualizer] = useState(() => new Virtualizer<HTMLDivElement, Element>(resolved));
  virtualizer.setOptions(resolved);
  useLayoutEffect(() => virtualizer._didMount(), [virtualizer]);
  useLayoutEffect(() => virtualizer._willUpdate());
  return virtualizer;
}
