import { sql, type Sql } from '../db/sql';

/**
 * The percentile reduce over SQLite, which has no percentile function: a window numbers each
 * group's numeric values in ascending order (`rn`) beside their count (`cnt`), and the group's
 * answer is the value at rank n - floor(n - n * p), at least 1
 * (src-shared/contract/percentile.ts). The rank is computed in SQL in doubles exactly as
 * DuckDB's quantile_disc computes it (an integer times a REAL is a double product; CAST of a
 * non-negative REAL to INTEGER is its floor), so the engines agree to the last bit.
 *
 * `rows` yields the grouped columns and `fnum` (the field's number, NULL for anything else);
 * `grouping` names the grouped columns (null: one group of all the rows). The result has the
 * columns of the other aggregates: the keys, `n` (events in the group) and `v`.
 */
export function percentileOverRows(rows: Sql, grouping: Sql | null, p: number): Sql {
  const partition = grouping ? sql`PARTITION BY ${grouping} ` : sql``;
  const ranked = sql`SELECT *, row_number() OVER (${partition}ORDER BY fnum NULLS LAST) AS rn,
    count(fnum) OVER (${partition}) AS cnt FROM (${rows})`;
  const rank = sql`max(1, cnt - CAST(cnt - cnt * ${p} AS INTEGER))`;
  const value = sql`min(CASE WHEN rn = ${rank} THEN fnum END)`;
  return grouping
    ? sql`SELECT ${grouping}, count(*) AS n, ${value} AS v FROM (${ranked}) GROUP BY ${grouping}`
    : sql`SELECT count(*) AS n, ${value} AS v FROM (${ranked})`;
}
