import type { HistogramRow } from './histogram-model';

/**
 * The histogram's geometry, apart from React: the count axis and the bars as one SVG path per
 * series. A path per series instead of an element per bar segment keeps a redraw to a handful of
 * DOM nodes (120 buckets × 9 series were ~1,100 elements, drawn in a long task).
 */

/** Count-axis ticks from 0 on whole, round steps (1, 2, 2.5, 5 × 10ⁿ), about `count` of them. */
export function countTicks(max: number, count = 3): number[] {
  if (!(max > 0)) return [0];
  const raw = max / Math.max(1, count - 1);
  const power = 10 ** Math.floor(Math.log10(raw));
  // Counts are whole: so are the steps (no 2.5, no 0.5).
  const step = [1, 2, 2.5, 5, 10]
    .map((m) => m * power)
    .find((s) => s >= raw && s >= 1 && Number.isInteger(s))!;
  const ticks = [0];
  while (ticks[ticks.length - 1]! < max) ticks.push(ticks.length * step);
  return ticks;
}

export interface PlotBox {
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * The bucket under x (px in the plot's coordinates): null outside the bars, or with `clamp`
 * the nearest end (a drag that leaves the plot keeps its last bucket).
 */
export function bucketAt(x: number, box: PlotBox, buckets: number, clamp = false): number | null {
  if (buckets === 0 || box.width <= 0) return null;
  const i = Math.floor(((x - box.left) / box.width) * buckets);
  if (clamp) return Math.min(buckets - 1, Math.max(0, i));
  return i >= 0 && i < buckets ? i : null;
}

/** The left edge and width of bucket i's band (the bar leaves a 1 px gap when there is room). */
export function band(i: number, box: PlotBox, buckets: number): { x: number; width: number } {
  const w = box.width / buckets;
  return { x: box.left + i * w, width: w };
}

const r2 = (n: number) => Math.round(n * 100) / 100;

/**
 * One path per series (bottom segment first, in `series` order); unstacked, one path of the
 * totals. `top` is the count at the top of the plot.
 */
export function barPaths(
  rows: readonly HistogramRow[],
  series: readonly string[],
  box: PlotBox,
  top: number,
): string[] {
  const names = series.length > 0 ? series : null;
  const paths: string[][] = (names ?? ['total']).map(() => []);
  if (top <= 0) return paths.map(() => '');
  const bottom = box.top + box.height;
  rows.forEach((row, i) => {
    const b = band(i, box, rows.length);
    const gap = b.width > 3 ? 1 : 0;
    const x = r2(b.x + gap / 2);
    const w = r2(Math.max(0.5, b.width - gap));
    let y = bottom;
    const counts = names ? names.map((s) => row.counts.get(s) ?? 0) : [row.total];
    counts.forEach((count, s) => {
      if (count <= 0) return;
      const h = (box.height * count) / top;
      const next = y - h;
      paths[s]!.push(`M${x} ${r2(next)}h${w}V${r2(y)}h${-w}z`);
      y = next;
    });
  });
  return paths.map((p) => p.join(''));
}

/**
 * The x (px) of instant `t` on a plot of `buckets` consecutive buckets of `ms` each, the first
 * starting at `first`; null outside them.
 */
export function timeX(
  t: number,
  first: number,
  ms: number,
  box: PlotBox,
  buckets: number,
): number | null {
  if (buckets === 0 || ms <= 0) return null;
  const f = (t - first) / (ms * buckets);
  return f >= 0 && f <= 1 ? box.left + f * box.width : null;
}
