/**
 * The percentile reduce [ext]: `{ type: 'percentile', field, p }` answers one of the group's
 * numeric values, the one at a rank fixed below (a discrete, nearest-rank percentile, as
 * DuckDB's `quantile_disc`). Discrete because the answer is then exact, a real value of the
 * data, and the same from every engine: an interpolated percentile would add a rounding of
 * its own, which two engines can do differently.
 */

/**
 * The 1-based rank, among a group's `n` numeric values sorted ascending, of the value that is
 * its percentile `p`: n - floor(n - n * p), at least 1, computed in doubles. That is
 * ceil(n * p) (nearest rank) whenever n * p is exact, and the very formula DuckDB's
 * quantile_disc uses: when n * p rounds to a hair above a whole number (100 * 0.07 is
 * 7.000000000000001) the subtraction rounds it back, so p = 0.07 of 100 values is the 7th, not
 * the 8th. The SQLite engine's el_percentile (query/percentile-function.ts) uses this function.
 */
export function percentileRank(n: number, p: number): number {
  return Math.max(1, n - Math.floor(n - n * p));
}

/** The percentiles the app offers first. */
export const percentilePresets = [0.5, 0.9, 0.95, 0.99] as const;

/** A percentile's short name: 0.99 → "p99", 0.5 → "p50", 0.999 → "p99.9". */
export function percentileName(p: number): string {
  return `p${Number((p * 100).toPrecision(12))}`;
}

/** What an aggregation computes, for labels: "avg", "count", "p99". */
export function reduceName(r: { type: string; p?: number }): string {
  if (r.type === 'percentile' && r.p !== undefined) return percentileName(r.p);
  return r.type;
}
