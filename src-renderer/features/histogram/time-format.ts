import { intervalMs } from '../../../src-shared/contract/query';

const iso = (t: number) => new Date(t).toISOString();

const tickSteps = [
  1_000,
  5_000,
  10_000,
  30_000,
  60_000,
  300_000,
  600_000,
  1_800_000,
  3_600_000,
  3 * 3_600_000,
  6 * 3_600_000,
  12 * 3_600_000,
  86_400_000,
  2 * 86_400_000,
  7 * 86_400_000,
  14 * 86_400_000,
  28 * 86_400_000,
  91 * 86_400_000,
  182 * 86_400_000,
  364 * 86_400_000,
];

/**
 * Axis ticks among the bucket starts: on round times (whole hours, midnights...), about
 * `want` of them, so labels read as a clock rather than as arbitrary bucket edges.
 */
export function niceTicks(starts: readonly number[], interval: string, want = 8): number[] {
  if (starts.length === 0) return [];
  const ms = intervalMs(interval) ?? 1;
  const span = starts[starts.length - 1]! - starts[0]! + ms;
  const step =
    tickSteps.find((s) => s >= ms && span / s <= want) ?? tickSteps[tickSteps.length - 1]!;
  // Steps of whole weeks fall on Mondays, as the engine's week buckets do (bucketStart): the
  // epoch was a Thursday, so `t % step` alone never hit a week bucket and a two-year histogram
  // had one label.
  const shift = step % week === 0 ? 4 * 86_400_000 : 0;
  const ticks = starts.filter((t) => (t - shift) % step === 0);
  return ticks.length >= 2 ? ticks : [starts[0]!];
}

const week = 7 * 86_400_000;

/** A tick label as precise as the ticks need (UTC): dates for day steps, times below. */
export function formatTick(t: number, interval: string, stepHint?: number): string {
  const ms = intervalMs(interval) ?? 1;
  const s = iso(t);
  const step = stepHint ?? ms;
  // A quarter apart or more, the ticks span years: the year and month say where they are.
  if (step >= 13 * week) return s.slice(0, 7); // 2026-01
  if (step >= 86_400_000 || ms >= 86_400_000) return s.slice(5, 10); // 01-14
  if (ms >= 60_000) {
    // midnight ticks carry the date, others the time
    return s.slice(11, 16) === '00:00' ? s.slice(5, 10) : s.slice(11, 16);
  }
  return s.slice(11, 19);
}

/** `2026-01-14 15:45:00 – 16:00:00 UTC`: the span of one bucket, for tooltips. */
export function formatBucket(t: number, interval: string): string {
  const ms = intervalMs(interval) ?? 0;
  const a = iso(t).replace('T', ' ');
  const b = iso(t + ms).replace('T', ' ');
  const precise = 19; // seconds always: one format for instants across the app
  const from = a.slice(0, precise);
  const to = a.slice(0, 10) === b.slice(0, 10) ? b.slice(11, precise) : b.slice(0, precise);
  return `${from} – ${to} UTC`;
}
