import { parseField } from '../../../src-shared/contract/fields';
import type { JsonValue } from '../../../src-shared/contract/json-value';
import {
  groupKeyName,
  intervalMs,
  type GroupKey,
  type Reduce,
} from '../../../src-shared/contract/query';
import type {
  Aggregation,
  AggregationGroup,
  GroupedAggregation,
} from '../../../src-shared/contract/records';
import { hourMs } from '../db/hour-counts';
import { join, raw, sql, type Sql } from '../db/sql';
import type { QueryContext } from './context';
import { fieldSql, type FieldSql } from './field-sql';
import type { OrderPlan } from './order';
import type { TimeSpan } from './time-only';
import { decodeTyped } from './typed-value';
import { aggregationHead } from './aggregation-head';

export interface AggregateInput {
  ctx: QueryContext;
  reduce: Reduce;
  /** The query's filter over `e` (from.stream and where). */
  where: Sql;
  order: OrderPlan;
  /** True when the order is append order (collect's "result order" is then by position). */
  appendOrder: boolean;
  limit: number;
  offset: number;
  /** An exact count of the matching events when it is known without a scan. */
  knownTotal: number | null;
  /** No stream and no where: every event of the instance matches. */
  unfiltered: boolean;
  /** The filter is only bounds on the timestamp: the instants it keeps (time-only.ts). */
  timeSpan: TimeSpan | null;
  /** The events table aliased `e`, with INDEXED BY when an index was made for this query. */
  source: Sql;
}

export interface AggregateOutput {
  aggregation: Aggregation;
  total: number;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Decodes a typed value of a field for output (timestamps as ISO strings). */
function outputValue(f: FieldSql | null, v: unknown): JsonValue {
  if (f?.kind === 'timestamp' && typeof v === 'number') return iso(v);
  return decodeTyped(v);
}

export function runAggregation(input: AggregateInput): AggregateOutput {
  const { reduce } = input;
  const field = reduce.field === undefined ? null : parsedField(reduce.field, input.ctx);
  if (reduce.groupBy && reduce.groupBy.length > 0) return grouped(input, field, reduce.groupBy);
  return plain(input, field);
}

function parsedField(text: string, ctx: QueryContext): FieldSql {
  const parsed = parseField(text);
  if (!parsed.ok) throw new Error(parsed.message); // validated before
  return fieldSql(parsed.field, ctx);
}

/** The one column of the rows subquery an aggregate reads (fewer columns, less work). */
function rowColumn(reduce: Reduce, f: FieldSql): Sql {
  switch (reduce.type) {
    case 'sum':
    case 'avg':
    case 'min':
    case 'max':
    case 'percentile':
      return sql`${f.numeric} AS fnum`;
    case 'count':
    case 'collect':
      return reduce.distinct ? sql`${f.value} AS fv` : sql`${f.present} AS fp`;
  }
}

/** The aggregate over the rows subquery of a grouped aggregation (its column fv, fnum or fp). */
function aggregateOverRows(reduce: Reduce, hasField: boolean): Sql {
  switch (reduce.type) {
    case 'count':
      if (!hasField) return sql`count(*)`;
      return reduce.distinct ? sql`count(DISTINCT fv)` : sql`total(fp)`;
    case 'sum':
      return sql`total(fnum)`;
    case 'avg':
      return sql`avg(fnum)`;
    case 'min':
      return sql`min(fnum)`;
    case 'max':
      return sql`max(fnum)`;
    case 'percentile':
      return sql`el_percentile(fnum, ${reduce.p!})`;
    case 'collect':
      return reduce.distinct ? sql`count(DISTINCT fv)` : sql`total(fp)`;
  }
}

/** The aggregate expression of one group (or of all matching events). */
function aggregateSql(reduce: Reduce, f: FieldSql | null): Sql {
  switch (reduce.type) {
    case 'count':
      if (!f) return sql`count(*)`;
      return reduce.distinct ? sql`count(DISTINCT ${f.value})` : sql`total(${f.present})`;
    case 'sum':
      return sql`total(${f!.numeric})`;
    case 'avg':
      return sql`avg(${f!.numeric})`;
    case 'min':
      return sql`min(${f!.numeric})`;
    case 'max':
      return sql`max(${f!.numeric})`;
    case 'percentile':
      return sql`el_percentile(${f!.numeric}, ${reduce.p!})`;
    case 'collect':
      // The number of values collected; the values themselves come from collectValues.
      return reduce.distinct ? sql`count(DISTINCT ${f!.value})` : sql`total(${f!.present})`;
  }
}

function all<T>(ctx: QueryContext, q: Sql): T[] {
  return ctx.db.prepare<unknown[], T>(q.text).all(...q.params);
}

function plain(input: AggregateInput, f: FieldSql | null): AggregateOutput {
  const { ctx, reduce } = input;
  const from = sql`FROM ${input.source} WHERE ${input.where}`;
  if (reduce.type === 'count' && !f && input.knownTotal !== null) {
    return {
      aggregation: { ...aggregationHead(reduce), value: input.knownTotal },
      total: input.knownTotal,
    };
  }
  const [row] = all<{ n: number; v: unknown }>(
    ctx,
    sql`SELECT count(*) AS n, ${aggregateSql(reduce, f)} AS v ${from}`,
  );
  const total = row?.n ?? 0;
  const value = row?.v ?? null;
  if (reduce.type !== 'collect') {
    const out = typeof value === 'bigint' ? Number(value) : (value as JsonValue);
    return { aggregation: { ...aggregationHead(reduce), value: out }, total };
  }
  const values = collectValues(input, f!, [], input.limit, input.offset);
  return {
    aggregation: {
      ...aggregationHead(reduce),
      value: values.get('[]') ?? [],
      valueCount: Number(value ?? 0),
    },
    total,
  };
}

interface KeySql {
  name: string;
  /** The grouped expression (stream and type numbers, not names). */
  expr: Sql;
  /** How a grouped value `g.kN` becomes the key's sort value and output (SQL). */
  display: (col: Sql) => Sql;
  decode: (v: unknown) => JsonValue;
  bucket: boolean;
  /** The same key read from an hour_counts row `h`, when the rollup holds it exactly. */
  fromHours: Sql | null;
}

const weekMs = 604_800_000;
/** 1970-01-05, a Monday: week buckets start on Mondays. */
const mondayOrigin = 4 * 86_400_000;

function keySql(key: GroupKey, ctx: QueryContext): KeySql {
  const name = groupKeyName(key);
  if (typeof key !== 'string') {
    const every = intervalMs(key.interval)!;
    const origin = every % weekMs === 0 ? mondayOrigin : 0;
    const start = (ts: Sql) =>
      sql`(${ts} - (((${ts} - ${origin}) % ${every}) + ${every}) % ${every})`;
    return {
      name,
      expr: start(sql`e.ts`),
      display: (c) => c,
      decode: (v) => iso(v as number),
      bucket: true,
      // Buckets of whole hours (origins are whole hours too) never split an hour: the bucket
      // of an hour's first instant is the bucket of every event in it.
      fromHours: every % hourMs === 0 ? start(sql`(h.hour * ${hourMs})`) : null,
    };
  }
  const parsed = parseField(key);
  if (!parsed.ok) throw new Error(parsed.message);
  const f = fieldSql(parsed.field, ctx);
  if (f.kind === 'stream_id') {
    return {
      name,
      expr: sql`e.sno`,
      display: (c) => sql`(SELECT name FROM streams WHERE sno = ${c})`,
      decode: (v) => v as string,
      bucket: false,
      fromHours: null,
    };
  }
  if (f.kind === 'event_type') {
    return {
      name,
      expr: sql`e.tno`,
      display: (c) => sql`(SELECT name FROM event_types WHERE tno = ${c})`,
      decode: (v) => v as string,
      bucket: false,
      fromHours: sql`h.tno`,
    };
  }
  return {
    name,
    expr: f.value,
    display: (c) => c,
    decode: (v) => outputValue(f, v),
    bucket: false,
    fromHours: null,
  };
}

/**
 * Counts that are kept on append, grouped without reading every event: of a whole instance by
 * type (type_counts), by stream (streams.last_seq), and by buckets of whole hours with or
 * without the type (hour_counts); the last also under a time-only filter, whose whole hours come
 * from hour_counts and whose two edge hours from the events. Null when the query needs the events.
 */
function countsKeptOnAppend(
  input: AggregateInput,
  f: FieldSql | null,
  keys: readonly KeySql[],
  kcols: readonly Sql[],
  grouping: Sql,
): Sql | null {
  if (input.reduce.type !== 'count' || f) return null;
  if (!input.unfiltered && !input.timeSpan) return null;
  const ino = input.ctx.instance.ino;
  if (input.unfiltered && keys.length === 1 && keys[0]!.expr.text === 'e.tno') {
    return sql`SELECT tno AS k0, n, n AS v FROM type_counts WHERE ino = ${ino}`;
  }
  if (input.unfiltered && keys.length === 1 && keys[0]!.expr.text === 'e.sno') {
    return sql`SELECT sno AS k0, last_seq AS n, last_seq AS v FROM streams WHERE ino = ${ino} AND last_seq > 0`;
  }
  if (!keys.every((k) => k.fromHours !== null)) return null;
  const hourCols = join(
    keys.map((k, i) => sql`${k.fromHours} AS ${kcols[i]!}`),
    ', ',
  );
  if (!input.timeSpan) {
    return sql`SELECT ${hourCols}, sum(h.n) AS n, sum(h.n) AS v
      FROM hour_counts h WHERE h.ino = ${ino} GROUP BY ${grouping}`;
  }
  const { lo, hi } = input.timeSpan;
  const first = Math.ceil(lo / hourMs); // whole hours: first <= hour < end
  const end = Math.floor(hi / hourMs);
  if (first >= end) return null; // under two hours: the events are few
  const eventCols = join(
    keys.map((k, i) => sql`${k.expr} AS ${kcols[i]!}`),
    ', ',
  );
  const table = raw(input.ctx.table);
  const edge = (from: number, to: number) =>
    sql`SELECT ${eventCols}, 1 AS n FROM ${table} e WHERE e.ts >= ${from} AND e.ts < ${to}`;
  return sql`SELECT ${grouping}, sum(n) AS n, sum(n) AS v FROM (
      SELECT ${hourCols}, h.n AS n FROM hour_counts h
      WHERE h.ino = ${ino} AND h.hour >= ${first} AND h.hour < ${end}
      UNION ALL ${edge(lo, first * hourMs)}
      UNION ALL ${edge(end * hourMs, hi)}
    ) GROUP BY ${grouping}`;
}

/** Groups the matching events themselves. */
function scannedGroups(
  input: AggregateInput,
  f: FieldSql | null,
  keys: readonly KeySql[],
  kcols: readonly Sql[],
  grouping: Sql,
): Sql {
  const { reduce } = input;
  const groupedCols = join(
    keys.map((k, i) => sql`${k.expr} AS ${kcols[i]!}`),
    ', ',
  );
  // The rows are read in a subquery (a co-routine, sorted by the keys) and grouped outside
  // it: SQLite reads indexed payload values from a covering index in a plain SELECT, but
  // recomputes them from the table when it feeds a GROUP BY sorter directly (measured: 2 s
  // against 60 ms for a payload group-by over 110,000 events).
  const fieldCols = f ? sql`, ${rowColumn(reduce, f)}` : sql``;
  const rowsSql = sql`SELECT ${groupedCols}${fieldCols} FROM ${input.source} WHERE ${input.where}
    ORDER BY ${grouping}`;
  return sql`SELECT ${grouping}, count(*) AS n, ${aggregateOverRows(reduce, f !== null)} AS v
    FROM (${rowsSql}) GROUP BY ${grouping}`;
}

/** A stable identity for a tuple of grouped SQL values. */
function tupleId(values: readonly unknown[]): string {
  return JSON.stringify(
    values.map((v) =>
      Buffer.isBuffer(v) ? { b: v.toString('base64') } : typeof v === 'bigint' ? Number(v) : v,
    ),
  );
}

function grouped(input: AggregateInput, f: FieldSql | null, groupBy: GroupKey[]): AggregateOutput {
  const { ctx, reduce } = input;
  const keys = groupBy.map((k) => keySql(k, ctx));
  const kcols = keys.map((_, i) => sql`${raw(`k${i}`)}`);
  const g = (i: number) => sql`g.${kcols[i]!}`;
  const displays = keys.map((k, i) => k.display(g(i)));
  const byTime = keys.some((k) => k.bucket);
  const keyOrder = join(displays, ', ');
  // Largest value first (NULL, e.g. an avg without numbers, last); ties by key. Time series
  // are ordered by their keys.
  const order = byTime ? keyOrder : sql`g.v DESC, ${keyOrder}`;
  const grouping = join(
    kcols.map((c) => sql`${c}`),
    ', ',
  );
  const inner =
    countsKeptOnAppend(input, f, keys, kcols, grouping) ??
    scannedGroups(input, f, keys, kcols, grouping);
  const page = all<Record<string, unknown>>(
    ctx,
    sql`SELECT ${join(
      displays.map((d, i) => sql`${d} AS ${raw(`d${i}`)}`),
      ', ',
    )}, ${join(
      kcols.map((c) => sql`g.${c}`),
      ', ',
    )}, g.n AS n, g.v AS v, count(*) OVER () AS groups, sum(g.n) OVER () AS events
    FROM (${inner}) g ORDER BY ${order} LIMIT ${input.limit} OFFSET ${input.offset}`,
  );
  let groupCount: number;
  let total: number;
  if (page.length > 0) {
    groupCount = page[0]!.groups as number;
    total = page[0]!.events as number;
  } else {
    const [row] = all<{ groups: number; events: number | null }>(
      ctx,
      sql`SELECT count(*) AS groups, sum(g.n) AS events FROM (${inner}) g`,
    );
    groupCount = row?.groups ?? 0;
    total = row?.events ?? 0;
  }
  const collected =
    reduce.type === 'collect'
      ? collectValues(
          input,
          f!,
          keys.map((k) => k.expr),
          input.limit,
          0,
          new Set(page.map((r) => tupleId(kcols.map((c) => r[c.text])))),
        )
      : null;
  const groups: AggregationGroup[] = page.map((r) => {
    const key: Record<string, JsonValue> = {};
    keys.forEach((k, i) => {
      key[k.name] = k.decode(r[`d${i}`]);
    });
    const raw = r.v;
    const count = r.n as number;
    if (collected) {
      return {
        key,
        value: collected.get(tupleId(kcols.map((c) => r[c.text]))) ?? [],
        count,
        valueCount: Number(raw ?? 0),
      };
    }
    return { key, value: typeof raw === 'bigint' ? Number(raw) : (raw as JsonValue), count };
  });
  const aggregation: GroupedAggregation = {
    ...aggregationHead(reduce),
    groupBy,
    groups,
    groupCount,
  };
  return { aggregation, total };
}

/**
 * collect's values, per group (keyed by tupleId of the grouped values; '[]' without groupBy),
 * in result order, at most `limit` per group after skipping `offset`. Distinct values keep the
 * order of their first appearance.
 */
function collectValues(
  input: AggregateInput,
  f: FieldSql,
  keyExprs: Sql[],
  limit: number,
  offset: number,
  onlyGroups?: Set<string>,
): Map<string, JsonValue[]> {
  const { ctx, reduce, order } = input;
  const out = new Map<string, JsonValue[]>();
  if (limit === 0 || (onlyGroups && onlyGroups.size === 0)) return out;
  const kcols = keyExprs.map((_, i) => raw(`k${i}`));
  const keyCols = keyExprs.length
    ? sql`${join(
        keyExprs.map((k, i) => sql`${k} AS ${kcols[i]!}`),
        ', ',
      )}, `
    : sql``;
  const partition = keyExprs.length
    ? sql`PARTITION BY ${join(
        kcols.map((c) => sql`${c}`),
        ', ',
      )}`
    : sql``;
  const outerKeys = keyExprs.length
    ? sql`${join(
        kcols.map((c) => sql`${c}`),
        ', ',
      )}, `
    : sql``;
  const base = sql`FROM ${input.source} WHERE ${input.where} AND ${f.value} IS NOT NULL`;
  const ordinal = input.appendOrder
    ? sql`e.pos`
    : sql`row_number() OVER (ORDER BY ${order.orderBy})`;
  // A sorted subquery (a co-routine) rather than one SQLite flattens into the GROUP BY, so
  // indexed values are read from a covering index (see grouped()).
  const inner = sql`SELECT ${keyCols}${f.value} AS v, ${ordinal} AS o ${base}
    ORDER BY ${outerKeys}v`;
  // Distinct: the first appearance of each value; then each group's values are numbered.
  const q = reduce.distinct
    ? sql`SELECT ${outerKeys}v, row_number() OVER (${partition} ORDER BY first) AS rn FROM (
        SELECT ${outerKeys}v, min(o) AS first FROM (${inner}) GROUP BY ${outerKeys}v)`
    : sql`SELECT ${outerKeys}v, row_number() OVER (${partition} ORDER BY o) AS rn FROM (${inner})`;
  const rows = all<Record<string, unknown>>(
    ctx,
    sql`SELECT * FROM (${q}) WHERE rn > ${offset} AND rn <= ${offset + limit} ORDER BY rn`,
  );
  for (const r of rows) {
    const id = tupleId(kcols.map((c) => r[c.text]));
    if (onlyGroups && !onlyGroups.has(id)) continue;
    let list = out.get(id);
    if (!list) out.set(id, (list = []));
    list.push(outputValue(f, r.v));
  }
  return out;
}
