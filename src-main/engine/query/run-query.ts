import type Database from 'better-sqlite3';
import { queryLimits } from '../../../src-shared/contract/limits';
import type { Query } from '../../../src-shared/contract/query';
import type { QueryResult } from '../../../src-shared/contract/records';
import { allSegments } from '../db/event-table';
import { raw, sql, type Sql } from '../db/sql';
import type { InstanceStore } from '../instances';
import { runAggregation } from './aggregate';
import { queryContext, type QueryContext } from './context';
import { decodeCursor, encodeCursor, type CursorState } from './cursor';
import { adviseIndex } from './index-advisor';
import { keptTotal } from './kept-total';
import { keysetAfter, orderPlan, type OrderPlan } from './order';
import { readPage, type OrderWalk } from './page-plan';
import { fetchEvents } from './select';
import { timeBoundsOf, timeOnlySpan } from './time-only';
import { compileWhere } from './where-compiler';

/**
 * queryEvents: compiles the validated DSL to SQL and runs it in one read transaction, so the
 * total, the page and the cursor all describe the same snapshot of the log.
 */
export function runQuery(
  db: Database.Database,
  instances: InstanceStore,
  query: Query,
  /** Tests: how many events a page may walk in its order (page-plan.ts). */
  walkBudget?: number,
): QueryResult {
  const started = performance.now();
  const result = db.transaction(() => {
    const instance = instances.require(query.from.instance);
    return runInSnapshot(queryContext(db, instance), query, walkBudget);
  })();
  result.tookMs = Math.round((performance.now() - started) * 100) / 100;
  return result;
}

/** The events table for an aggregation, forced onto the index made for its shape if any. */
function sourceFor(ctx: QueryContext, query: Query): Sql {
  const name = ctx.hot.indexFor(adviseIndex(query));
  return name ? sql`${raw(ctx.table)} e INDEXED BY ${raw(name)}` : sql`${raw(ctx.table)} e`;
}

function runInSnapshot(ctx: QueryContext, query: Query, walkBudget?: number): QueryResult {
  const limit = query.limit ?? queryLimits.defaultLimit;
  const offset = query.offset ?? 0;
  let streamFilter: Sql | null = null;
  let streamRows = ctx.instance.event_count;
  let knownTotal: number | null = ctx.instance.event_count;
  if (query.from.stream !== undefined) {
    const stream = ctx.db
      .prepare<[number, string], { sno: number; last_seq: number }>(
        'SELECT sno, last_seq FROM streams WHERE ino = ? AND name = ?',
      )
      .get(ctx.instance.ino, query.from.stream);
    // An unknown stream is an empty selection, not an error.
    // The stream index is led by the segment (db/event-table.ts): one seek per segment.
    streamFilter = stream
      ? sql`${allSegments(ctx.db, ctx.instance.ino)} AND e.sno = ${stream.sno}`
      : sql`0`;
    streamRows = stream?.last_seq ?? 0;
    knownTotal = streamRows;
  }
  const filtered = query.where !== undefined && query.where.length > 0;
  const filters = [
    ...(streamFilter ? [streamFilter] : []),
    ...(filtered ? [compileWhere(query.where!, ctx)] : []),
  ];
  if (filtered) knownTotal = null;
  const where = filters.length > 0 ? sql`${filters.reduce((a, b) => sql`${a} AND ${b}`)}` : sql`1`;
  const streamScoped = query.from.stream !== undefined;
  const order = orderPlan(query, ctx, streamScoped);

  if (query.reduce) {
    const { aggregation, total } = runAggregation({
      ctx,
      reduce: query.reduce,
      where,
      order,
      appendOrder: !query.orderBy,
      limit,
      offset,
      knownTotal,
      unfiltered: filters.length === 0,
      timeSpan: timeOnlySpan(query),
      source: sourceFor(ctx, query),
    });
    return { aggregation, total, limit, offset };
  }

  const table = raw(ctx.table);
  const countedTo =
    (ctx.db.prepare(`SELECT max(pos) FROM ${ctx.table}`).pluck().get() as number | null) ?? 0;
  const count = (extra: Sql): number => {
    const q = sql`SELECT count(*) FROM ${table} e WHERE ${where} AND ${extra}`;
    return ctx.db
      .prepare(q.text)
      .pluck()
      .get(...q.params) as number;
  };
  // The total, from what append keeps when it can tell; else counted, unless the caller asked
  // for the page alone (`total: false`) and will ask for the total on its own.
  knownTotal ??= keptTotal(ctx, query);
  const after: CursorState | null = query.cursor
    ? decodeCursor(ctx.instance, query, query.cursor)
    : null;
  let total: number | null = knownTotal;
  if (total === null && after && after.total !== null) {
    // Append-only: the total grows only by matching events appended since it was counted.
    total =
      after.total + (countedTo > after.countedTo ? count(sql`e.pos > ${after.countedTo}`) : 0);
  }
  if (total === null && query.total !== false) total = count(sql`1`);

  const keyset = after ? keysetAfter(order, after.key, after.pos) : sql`1`;
  const rows =
    limit === 0
      ? []
      : readPage({
          ctx,
          where,
          keyset,
          order,
          limit,
          offset,
          walk: filtered ? orderWalk(ctx, query, order, streamFilter, streamRows) : null,
          matches: total,
          ...(walkBudget !== undefined ? { walkBudget } : {}),
        });
  const more = rows.length > limit;
  if (more) rows.length = limit;
  const last = rows[rows.length - 1];
  const nextCursor =
    more && last
      ? encodeCursor(ctx.instance, query, { key: last.k, pos: last.pos, total, countedTo })
      : null;
  return {
    events: fetchEvents(
      ctx,
      rows.map((r) => r.pos),
      query.select,
    ),
    total,
    limit,
    offset,
    nextCursor,
  };
}

/**
 * The index that yields a page's rows in its order (page-plan.ts), narrowed to the stream and
 * to the filter's time bounds; null for orders that have none (by a payload field, by type).
 */
function orderWalk(
  ctx: QueryContext,
  query: Query,
  order: OrderPlan,
  streamFilter: Sql | null,
  rows: number,
): OrderWalk | null {
  const table = ctx.table;
  if (streamFilter) {
    // Sequence order within the stream: the (seg, sno, seq) index (order.ts).
    if (order.key?.text !== 'e.seq') return null;
    return {
      source: sql`${raw(table)} e INDEXED BY ${raw(`${table}_stream`)}`,
      seek: streamFilter,
      rows,
    };
  }
  const span = timeBoundsOf(query.where);
  // Append order walks the table by position, which cannot seek a time range: with one, the
  // planner's walk of the time index over just that range is the better plan.
  if (order.key === null) {
    return span ? null : { source: sql`${raw(table)} e NOT INDEXED`, seek: sql`1`, rows };
  }
  if (order.key.text !== 'e.ts') return null;
  return {
    source: sql`${raw(table)} e INDEXED BY ${raw(`${table}_ts`)}`,
    seek: span ? sql`e.ts >= ${span.lo} AND e.ts < ${span.hi}` : sql`1`,
    rows,
  };
}
