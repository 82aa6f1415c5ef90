import type { DuckDBConnection, DuckDBMaterializedResult } from '@duckdb/node-api';
import type { JsonValue } from '../../../src-shared/contract/json-value';
import {
  groupKeyName,
  intervalMs,
  type GroupKey,
  type Reduce,
} from '../../../src-shared/contract/query';
import type { Aggregation, AggregationGroup } from '../../../src-shared/contract/records';
import { join, raw, sql, type Sql } from '../db/sql';
import { columnsOf, materialized, num, rows } from './duck';
import { fieldOf, mirrorField, orderKeys, Uncovered, type MirrorField } from './mirror-fields';
import { valueKinds, type PathTree, type ValueKind } from './path-tree';
import { aggregationHead } from '../query/aggregation-head';

export interface MirrorAggregateInput {
  conn: DuckDBConnection;
  tree: PathTree;
  reduce: Reduce;
  /** `FROM <table> e WHERE <filter>`: the matching events. */
  from: Sql;
  /** At least the number of events there (for sizing exact sums). */
  rowsBound: number;
  /** The instance's earliest event time (time buckets take a shortcut when >= 0). */
  minTs: number;
  limit: number;
  offset: number;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** A row value of a part back to JSON (the kinds of path-tree.ts). */
function decodePart(kind: ValueKind, v: unknown): JsonValue {
  switch (kind) {
    case 'n':
      return num(v);
    case 's':
      return v as string;
    case 'b':
      return v as boolean;
    case 'j':
      return JSON.parse(v as string) as JsonValue;
  }
}

/**
 * How one group's aggregate is computed: aggregate expressions over the events (`columns`,
 * named a0, a1, ... in the grouped query) and the value from them (`value`, over those names).
 * `risky`, when set, is a column that is true for a group whose sum DuckDB cannot give to
 * within a hair of SQLite's: the query is then left to SQLite.
 */
interface AggregatePlan {
  columns: Sql[];
  value: (col: (i: number) => Sql) => Sql;
  risky?: number;
}

/** 2^32, for turning an exact HUGEINT sum into the double nearest it (exactSum). */
const twoTo32 = sql`4294967296::DOUBLE`;
/** Exact sums must stay below 2^84 (the hi/lo split below is exact up to 2^85). */
const exactBits = 84;

/**
 * Sums and averages as SQLite gives them. SQLite adds in Kahan-Babuska-Neumaier fashion,
 * which nearly always gives the double nearest the exact sum; DuckDB's fsum is Kahan's
 * (without the final correction) and its order of addition varies. So the mirror adds the
 * numbers exactly: scaled by 2^fracBits each is an integer (path-tree.ts keeps how many
 * bits after the point a path's numbers have, and their largest exponent), summed as
 * HUGEINT, and turned into the nearest double in one rounding (hi * 2^32 + lo, both exact).
 * When the numbers span too many binary orders for that (1e-7 beside 1e21), it falls back to
 * fsum and leaves the query to SQLite wherever cancellation could make the two differ by
 * more than a few units in the last place.
 */
function sumPlan(f: MirrorField, rowsBound: number, avg: boolean): AggregatePlan {
  const n = f.parts.n!;
  const stats = f.numbers;
  const rowBits = Math.ceil(Math.log2(rowsBound + 2));
  const exact =
    stats === 'integer' ||
    stats === null ||
    (stats.fracBits <= 1000 && stats.maxExp + 1 + stats.fracBits + rowBits <= exactBits);
  if (exact) {
    const scale = stats === 'integer' || stats === null ? 0 : stats.fracBits;
    const integers =
      stats === 'integer'
        ? n
        : scale === 0 && (stats === null || stats.maxExp < 62)
          ? sql`CAST(${n} AS BIGINT)`
          : sql`CAST(${n} * ${2 ** scale} AS HUGEINT)`;
    return {
      columns: [sql`sum(${integers})`, sql`count(${n})`],
      value: (c) => {
        const total = sql`((CAST(${c(0)} >> 32 AS DOUBLE) * ${twoTo32} + CAST(${c(0)} & 4294967295 AS DOUBLE)) / ${2 ** scale})`;
        return avg ? sql`(${total} / ${c(1)})` : sql`coalesce(${total}, 0::DOUBLE)`;
      },
    };
  }
  const d = sql`CAST(${n} AS DOUBLE)`;
  return {
    columns: [
      sql`fsum(${d})`,
      sql`count(${n})`,
      // Cancellation: the magnitudes added dwarf the sum (or it cancels to zero).
      sql`coalesce(sum(abs(${d})) > 0 AND (fsum(${d}) = 0 OR sum(abs(${d})) > 1e5 * abs(fsum(${d}))), FALSE)`,
    ],
    value: (c) => (avg ? sql`(${c(0)} / ${c(1)})` : sql`coalesce(${c(0)}, 0::DOUBLE)`),
    risky: 2,
  };
}

/** The aggregate over one group, as the SQLite engine computes it (query/aggregate.ts). */
function aggregatePlan(reduce: Reduce, f: MirrorField | null, rowsBound: number): AggregatePlan {
  const one = (e: Sql): AggregatePlan => ({ columns: [e], value: (c) => c(0) });
  const n = f?.parts.n;
  switch (reduce.type) {
    case 'count': {
      if (!f) return one(sql`count(*)`);
      if (!reduce.distinct) return one(sql`count(*) FILTER (WHERE NOT ${f.isNull})`);
      // Values of different kinds never equal: the distinct count is the sum per kind.
      const per = valueKinds.flatMap((k) =>
        f.parts[k] ? [sql`count(DISTINCT ${f.parts[k]})`] : [],
      );
      return one(per.length > 0 ? sql`(${join(per, ' + ')})` : sql`0`);
    }
    case 'sum':
      return n ? sumPlan(f, rowsBound, false) : one(sql`0::DOUBLE`);
    case 'avg':
      return n ? sumPlan(f, rowsBound, true) : one(sql`NULL`);
    case 'min':
      return one(n ? sql`min(${n})` : sql`NULL`);
    case 'max':
      return one(n ? sql`max(${n})` : sql`NULL`);
    case 'percentile':
      // The value at rank n - floor(n - n * p) in doubles, as the SQLite engine ranks it
      // (query/percentile-function.ts); p is bound as a DOUBLE, a constant to quantile_disc.
      return one(n ? sql`quantile_disc(${n}, ${reduce.p!})` : sql`NULL`);
    case 'collect':
      throw new Uncovered('collect is answered by SQLite');
  }
}

interface KeyPlan {
  name: string;
  field: MirrorField;
  /** The grouped expressions (one per kind of a path; one for the others). */
  exprs: Sql[];
  bucket: boolean;
}

const weekMs = 604_800_000;
/** 1970-01-05, a Monday: week buckets start on Mondays (as in query/aggregate.ts). */
const mondayOrigin = 4 * 86_400_000;

function keyPlan(key: GroupKey, tree: PathTree, minTs: number): KeyPlan {
  const name = groupKeyName(key);
  if (typeof key !== 'string') {
    // Integers the code computed from a validated interval: written into the SQL (as the
    // DuckDB baseline's own constants are), so DuckDB divides by a constant.
    const ms = intervalMs(key.interval)!;
    const from = ms % weekMs === 0 ? mondayOrigin : 0;
    const every = raw(String(ms));
    const origin = raw(String(from));
    // Every event at or after the origin (none before 1970): the plain remainder will do.
    const start =
      minTs >= from
        ? sql`(e.ts - (e.ts - ${origin}) % ${every})`
        : sql`(e.ts - (((e.ts - ${origin}) % ${every}) + ${every}) % ${every})`;
    return {
      name,
      field: { kind: 'timestamp', parts: { n: start }, isNull: sql`FALSE`, numbers: 'integer' },
      exprs: [start],
      bucket: true,
    };
  }
  const f = mirrorField(fieldOf(key), tree);
  const exprs = valueKinds.flatMap((k) => (f.parts[k] ? [f.parts[k]] : []));
  // A path no mirrored event has: one group, key null.
  return { name, field: f, exprs: exprs.length > 0 ? exprs : [sql`NULL`], bucket: false };
}

/** The same key over the grouped output columns `g.<names>` (for ordering the groups). */
function outputField(plan: KeyPlan, names: readonly string[]): MirrorField {
  const parts: MirrorField['parts'] = {};
  let i = 0;
  for (const k of valueKinds) if (plan.field.parts[k]) parts[k] = sql`g.${raw(names[i++]!)}`;
  return { ...plan.field, parts };
}

export async function mirrorAggregation(
  input: MirrorAggregateInput,
): Promise<{ aggregation: Aggregation; total: number }> {
  const { reduce, tree } = input;
  const f = reduce.field === undefined ? null : mirrorField(fieldOf(reduce.field), tree);
  const plan = aggregatePlan(reduce, f, input.rowsBound);
  const aggColumns = join(
    plan.columns.map((c, i) => sql`${c} AS a${raw(String(i))}`),
    ', ',
  );
  const value = plan.value((i) => sql`g.a${raw(String(i))}`);
  const risky = plan.risky === undefined ? sql`FALSE` : sql`g.a${raw(String(plan.risky))}`;
  if (!reduce.groupBy || reduce.groupBy.length === 0) {
    const [row] = await rows(
      input.conn,
      sql`SELECT g.n, ${value}, ${risky} FROM (SELECT count(*) AS n, ${aggColumns} ${input.from}) g`,
    );
    if (row?.[2] === true) throw new Uncovered('a sum that cancels');
    const v = row?.[1] ?? null;
    return {
      aggregation: { ...aggregationHead(reduce), value: v === null ? null : num(v) },
      total: num(row?.[0] ?? 0),
    };
  }
  const keys = reduce.groupBy.map((k) => keyPlan(k, tree, input.minTs));
  const names = keys.map((k, i) => k.exprs.map((_, j) => `k${i}_${j}`));
  const grouped = join(
    keys.flatMap((k, i) => k.exprs.map((e, j) => sql`${e} AS ${raw(names[i]![j]!)}`)),
    ', ',
  );
  const groupCols = names.flat();
  const inner = sql`SELECT ${grouped}, count(*) AS n, ${aggColumns} ${input.from}
    GROUP BY ${raw(groupCols.join(', '))}`;
  // The groups once (MATERIALIZED): the page is a top-N over them, and their number and
  // events are read from them too (a window over every group made DuckDB sort them all).
  const groups = sql`WITH g AS MATERIALIZED (SELECT *, ${value} AS v, ${risky} AS r FROM (${inner}) g)`;
  // Largest value first (NULL last), ties by the keys in the contract's order; a time series
  // by its keys (as query/aggregate.ts orders them).
  const keyOrder = keys.flatMap((k, i) => orderKeys(outputField(k, names[i]!), 'ASC'));
  const order = keys.some((k) => k.bucket) ? keyOrder : [sql`g.v DESC NULLS LAST`, ...keyOrder];
  const page = await materialized(
    input.conn,
    sql`${groups} SELECT ${raw(groupCols.map((c) => `g.${c}`).join(', '))}, g.n, g.v,
      (SELECT count(*) FROM g), (SELECT sum(n) FROM g), (SELECT bool_or(r) FROM g)
      FROM g ORDER BY ${join(order, ', ')}
      LIMIT ${BigInt(input.limit)} OFFSET ${BigInt(input.offset)}`,
  );
  let groupCount: number;
  let total: number;
  const width = groupCols.length;
  let risk: unknown;
  if (page.rowCount > 0) {
    // The same in every row: read from the first.
    const first = page.getChunk(0);
    groupCount = num(first.getColumnVector(width + 2).getItem(0));
    total = num(first.getColumnVector(width + 3).getItem(0));
    risk = first.getColumnVector(width + 4).getItem(0);
  } else {
    const [row] = await rows(
      input.conn,
      sql`${groups} SELECT count(*), coalesce(sum(g.n), 0), bool_or(g.r) FROM g`,
    );
    groupCount = num(row?.[0] ?? 0);
    total = num(row?.[1] ?? 0);
    risk = row?.[2];
  }
  if (risk === true) throw new Uncovered('a sum that cancels');
  const list = pageGroups(page, keys, width);
  return {
    aggregation: { ...aggregationHead(reduce), groupBy: reduce.groupBy, groups: list, groupCount },
    total,
  };
}

/**
 * The page's groups, read a column at a time: each key part and the count and value columns
 * converted once per row, the group-count columns (the same in every row) not at all. A
 * stacked time series has thousands of groups (2,880 for a month of hours by 4 tiers), and
 * converting every row's every value (`rows`) took a sizeable share of the answer.
 */
function pageGroups(
  page: DuckDBMaterializedResult,
  keys: readonly KeyPlan[],
  width: number,
): AggregationGroup[] {
  const [counts, values, ...keyColumns] = columnsOf(page, [
    width,
    width + 1,
    ...Array.from({ length: width }, (_, i) => i),
  ]) as [unknown[], unknown[], ...unknown[][]];
  let at = 0;
  const decoders = keys.map((k) => {
    // One column per kind of value the key has (none: one column of NULLs, `keyPlan`).
    const kinds = valueKinds.filter((kind) => k.field.parts[kind]);
    const columns = keyColumns.slice(at, at + kinds.length);
    at += k.exprs.length;
    if (k.field.kind === 'timestamp') {
      // A time series repeats each bucket once per group of the other keys, in a row: its
      // text is made once (toISOString was a tenth of the answer for 2,880 groups).
      let last: unknown = null;
      let text: JsonValue = null;
      return (row: number): JsonValue => {
        const v = columns[0]![row];
        if (v === null || v === undefined) return null;
        if (v !== last) {
          last = v;
          text = iso(num(v));
        }
        return text;
      };
    }
    return (row: number): JsonValue => {
      for (let i = 0; i < kinds.length; i++) {
        const v = columns[i]![row];
        if (v !== null && v !== undefined) return decodePart(kinds[i]!, v);
      }
      return null;
    };
  });
  const list: AggregationGroup[] = new Array<AggregationGroup>(counts.length);
  for (let row = 0; row < counts.length; row++) {
    const key: Record<string, JsonValue> = {};
    for (let i = 0; i < keys.length; i++) key[keys[i]!.name] = decoders[i]!(row);
    const v = values[row];
    list[row] = {
      key,
      value: v === null || v === undefined ? null : num(v),
      count: num(counts[row]),
    };
  }
  return list;
}
