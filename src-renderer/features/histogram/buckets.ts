import { intervalMs } from '../../../src-shared/contract/query';

/**
 * Bucket intervals the histogram and the aggregation section offer, each at most about twice the
 * one before, so that for any span one of them gives between ~50 and ~120 buckets.
 */
export const niceIntervals = [
  '1s',
  '2s',
  '5s',
  '10s',
  '15s',
  '30s',
  '1m',
  '2m',
  '5m',
  '10m',
  '15m',
  '30m',
  '1h',
  '2h',
  '3h',
  '6h',
  '12h',
  '1d',
  '2d',
  '4d',
  '1w',
  '2w',
  '4w',
  '8w',
  '16w',
  '32w',
  '64w',
] as const;

export const maxBuckets = 120;

/** The smallest nice interval that cuts `spanMs` into at most `maxBuckets` buckets. */
export function pickInterval(spanMs: number, max = maxBuckets): string {
  const want = Math.max(spanMs, 1) / max;
  for (const text of niceIntervals) {
    if (intervalMs(text)! >= want) return text;
  }
  return niceIntervals[niceIntervals.length - 1]!;
}

/**
 * The start of the bucket holding `t`, as the engine aligns them: to the Unix epoch in UTC, with
 * multiples of a week starting on Mondays (the epoch was a Thursday: 4 days before is a Monday).
 */
export function bucketStart(t: number, interval: string): number {
  const ms = intervalMs(interval);
  if (ms === null) throw new Error(`not an interval: ${interval}`);
  const week = 604_800_000;
  const shift = ms % week === 0 ? 4 * 86_400_000 : 0;
  return Math.floor((t - shift) / ms) * ms + shift;
}

/** Every bucket start from the one holding `from` to the one holding `to`, inclusive. */
export function bucketStarts(from: number, to: number, interval: string): number[] {
  const ms = intervalMs(interval)!;
  const out: number[] = [];
  for (let t = bucketStart(from, interval); t <= to && out.length <= 10_000; t += ms) out.push(t);
  return out;
}

const units: [number, string][] = [
  [604_800_000, 'week'],
  [86_400_000, 'day'],
  [3_600_000, 'hour'],
  [60_000, 'minute'],
  [1_000, 'second'],
];

/** "5 minutes", "1 hour", "2 weeks". */
export function describeInterval(interval: string): string {
  const ms = intervalMs(interval);
  if (ms === null) return interval;
  for (const [size, name] of units) {
    if (ms % size === 0) {
      const n = ms / size;
      return `${n} ${name}${n === 1 ? '' : 's'}`;
    }
  }
  return `${ms} ms`;
}
