/** The width of a text in the table's cell font, in CSS px. */
export interface Measure {
  (text: string): number;
  /**
   * The width of every printable ASCII character and of "…" when the font is monospaced: such
   * text is then fitted by arithmetic (most cells, on every frame of a scroll).
   */
  readonly charWidth?: number;
}

const ellipsis = '…';
const printableAscii = /^[\x20-\x7e…]*$/u;

/**
 * `text` cut to fit `width` px, ending in "…" when it had to be cut. The event table fits the
 * text of its fixed-width cells here instead of letting CSS clip each cell (overflow and
 * text-overflow): a clip per cell is a paint property node per cell, and with 25 rows changing
 * a frame while scrolling those clips made paint, layerize and layout about a fifth of each
 * frame's main-thread work. Never splits a surrogate pair.
 */
export function fitText(text: string, width: number, measure: Measure): string {
  const char = measure.charWidth;
  if (char !== undefined && printableAscii.test(text)) {
    // A hair of slack: the width is a sum of the same float the page lays out with.
    const fit = Math.floor((width + 0.001) / char);
    if (text.length <= fit) return text;
    return fit < 1 ? '' : text.slice(0, fit - 1).trimEnd() + ellipsis;
  }
  if (measure(text) <= width) return text;
  if (measure(ellipsis) > width) return '';
  // The longest prefix that fits with the ellipsis after it (widths grow with the prefix).
  let fits = 0;
  let tooLong = text.length;
  while (tooLong - fits > 1) {
    const mid = (fits + tooLong) >> 1;
    if (measure(text.slice(0, mid) + ellipsis) <= width) fits = mid;
    else tooLong = mid;
  }
  const code = text.charCodeAt(fits - 1);
  if (code >= 0xd800 && code <= 0xdbff) fits--;
  return text.slice(0, fits).trimEnd() + ellipsis;
}

/**
 * A Measure for `font` (a CSS font shorthand), by a canvas, which resolves fallback fonts for
 * other scripts and wide characters as the page does. It has a charWidth when the font is
 * monospaced (checked, not assumed: a missing font falls back to another).
 */
export function canvasMeasure(font: string): Measure {
  const context = document.createElement('canvas').getContext('2d');
  if (!context) return (text) => text.length * 8;
  context.font = font;
  const narrow = context.measureText('i'.repeat(20)).width;
  const wide = context.measureText('M'.repeat(20)).width;
  const ellipsisWidth = context.measureText(ellipsis).width;
  const char = narrow / 20;
  const monospaced = Math.abs(narrow - wide) < 0.01 && Math.abs(ellipsisWidth - char) < 0.01;
  const measure = (text: string) => context.measureText(text).width;
  return monospaced ? Object.assign(measure, { charWidth: char }) : measure;
}
