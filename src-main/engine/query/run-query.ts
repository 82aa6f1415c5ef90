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
import { keysetAfter, orderPlan } from './order';
import { fetchEvents } from './select';
import type { SqlValue } from './typed-value';
import { timeOnlySpan } from './time-only';
import { countFromTextIndex } from './text-conditions';
import { compileWhere } from './where-compiler';

/**
 * queryEvents: compiles the validated DSL to SQL and runs it in one read transaction, so the
 * total, the page and the cursor all describe the same snapshot of the log.
 */
export function runQuery(
  db: Database.Database,
  instances: InstanceStore,
  query: Query,
): QueryResult {
  const started = performance.now();
  const result = db.transaction(() => {
    const instance = instances.require(query.from.instance);
    return runInSnapshot(queryContext(db, instance), query);
  })();
  result.tookMs = Math.round((performance.now() - started) * 100) / 100;
  return result;
}

/** The events table for an aggregation, forced onto the index made for its shape if any. */
function sourceFor(ctx: QueryContext, query: Query): Sql {
  const name = ctx.hot.indexFor(adviseIndex(query));
  return name ? sql`${raw(ctx.table)} e INDEXED BY ${raw(name)}` : sql`${raw(ctx.table)} e`;
}

function runInSnapshot(ctx: QueryContext, query: Query): QueryResult {
  const limit = query.limit ?? queryLimits.defaultLimit;
  const offset = query.offset ?? 0;
  const filters: Sql[] = [];
  let knownTotal: number | null = ctx.instance.event_count;
  if (query.from.stream !== undefined) {
    const stream = ctx.db
      .prepare<[number, string], { sno: number; last_seq: number }>(
        'SELECT sno, last_seq FROM streams WHERE ino = ? AND name = ?',
      )
      .get(ctx.instance.ino, query.from.stream);
    // An unknown stream is an empty selection, not an error.
    // The stream index is led by the segment (db/event-table.ts): one seek per segment.
    filters.push(
      stream ? sql`${allSegments(ctx.db, ctx.instance.ino)} AND e.sno = ${stream.sno}` : sql`0`,
    );
    knownTotal = stream?.last_seq ?? 0;
  }
  let pageFilters = filters;
  if (query.where && query.where.length > 0) {
    pageFilters = [...filters, compileWhere(query.where, { ...ctx, pageRows: limit + offset })];
    filters.push(compileWhere(query.where, ctx));
    knownTotal = null;
  }
  const and = (parts: Sql[]) =>
    parts.length > 0 ? sql`${parts.reduce((a, b) => sql`${a} AND ${b}`)}` : sql`1`;
  const where = and(filters);
  // The same events, possibly found another way (text conditions: text-conditions.ts).
  const pageWhere = and(pageFilters);
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
  let after: CursorState | null = null;
  let total: number;
  if (query.cursor) {
    after = decodeCursor(ctx.instance, query, query.cursor);
    // Append-only: the total grows only by matching events appended since it was counted.
    total =
      after.total + (countedTo > after.countedTo ? count(sql`e.pos > ${after.countedTo}`) : 0);
  } else {
    total =
      knownTotal ??
      (query.from.stream === undefined ? countFromTextIndex(ctx, query.where ?? []) : null) ??
      count(sql`1`);
  }

  const keyset = after ? keysetAfter(order, after.key, after.pos) : sql`1`;
  const page = sql`SELECT e.pos AS pos, ${order.key ?? sql`NULL`} AS k FROM ${table} e
    WHERE ${pageWhere} AND ${keyset} ORDER BY ${order.orderBy} LIMIT ${limit + 1} OFFSET ${offset}`;
  const rows = ctx.db
    .prepare<unknown[], { pos: number; k: SqlValue }>(page.text)
    .all(...page.params);
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
