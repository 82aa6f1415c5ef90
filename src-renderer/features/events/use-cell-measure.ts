import { useLayoutEffect, useState, type RefObject } from 'react';
import { canvasMeasure, type Measure } from './fit-text';

/** Measures text in the font of the table's cells (`.tr` in app.css: the mono token, small). */
export function useCellMeasure(): Measure {
  const [measure] = useState(() => {
    const tokens = getComputedStyle(document.documentElement);
    const family = tokens.getPropertyValue('--font-mono').trim() || 'monospace';
    const size = tokens.getPropertyValue('--fs-sm').trim() || '12px';
    return canvasMeasure(`${size} ${family}`);
  });
  return measure;
}

/** The client width of an element (px), kept current as it resizes; read before the first paint. */
export function useClientWidth(ref: RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    setWidth(el.clientWidth);
    const observer = new ResizeObserver(() => setWidth(el.clientWidth));
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}
