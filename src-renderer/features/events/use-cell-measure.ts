import { useState } from 'react';
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
