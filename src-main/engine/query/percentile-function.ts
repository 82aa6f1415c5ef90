import type Database from 'better-sqlite3';
import { percentileRank } from '../../../src-shared/contract/percentile';

interface Gathered {
  values: number[];
  p: number;
}

/**
 * `el_percentile(x, p)`: the percentile reduce over SQLite, which has no percentile function.
 * It gathers the group's numbers (NULL and anything else is skipped: the caller passes the
 * field's numeric value) and answers the one at rank n - floor(n - n * p), computed in doubles
 * exactly as DuckDB's quantile_disc does (src-shared/contract/percentile.ts), so the engine and
 * the mirror agree to the last bit; NULL when there are none.
 *
 * A JavaScript aggregate rather than window functions (row_number and count over the group):
 * measured on 200,000 events, p50 of a payload field took 240 ms this way (avg: 170 ms) and
 * 960 ms ranked by windows, which sort and buffer every row.
 */
export function registerPercentileFunction(db: Database.Database): void {
  db.aggregate('el_percentile', {
    start: (): Gathered => ({ values: [], p: 0 }),
    // (x, p); rest parameters, as better-sqlite3's types have a step of one argument.
    step: (g: Gathered, ...[x, p]: unknown[]) => {
      if (typeof x === 'number') g.values.push(x);
      else if (typeof x === 'bigint') g.values.push(Number(x));
      if (typeof p === 'number') g.p = p;
    },
    result: (g: Gathered) => {
      const n = g.values.length;
      if (n === 0) return null;
      const sorted = Float64Array.from(g.values).sort();
      return sorted[percentileRank(n, g.p) - 1]!;
    },
    varargs: true,
    deterministic: true,
    directOnly: true,
  });
}
