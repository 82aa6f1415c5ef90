import type Database from 'better-sqlite3';
import { queryLimits } from '../../../src-shared/contract/limits';
import type { Query } from '../../../src-shared/contract/query';
import type { QueryResult } from '../../../src-shared/contract/records';
import { allSegments } from '../db/event-table';
import { raw, sql, type Sql } from '../db/sql';
import { EngineError } from '../errors';
import { looksGenerated, positionOfGeneratedId } from '../ids';
import type { InstanceStore } from '../instances';
import { runAggregation } from './aggregate';
import { queryContext, type QueryContext } from './context';
import { decodeCursor, encodeCursor, type CursorState } from './cursor';
import { adviseIndex } from './index-advisor';
import { keptTotal } from './kept-total';
import { keysetAfter, orderPlan, type OrderPlan } from './order';
import { readPage, type OrderWalk, type PageRow } from './page-plan';
import { fetchEvents } from './select';
import { countFromTextIndex } from './text-conditions';
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
  const and = (parts: Sql[]) =>
    parts.length > 0 ? sql`${parts.reduce((a, b) => sql`${a} AND ${b}`)}` : sql`1`;
  const filters = [
    ...(streamFilter ? [streamFilter] : []),
    ...(filtered ? [compileWhere(query.where!, ctx)] : []),
  ];
  if (filtered) knownTotal = null;
  const where = and(filters);
  // The same events, possibly found another way for a page of `limit + offset` rows (text
  // conditions choose between their index and reading in the page's order: text-conditions.ts).
  const pageWhere = filtered
    ? and([
        ...(streamFilter ? [streamFilter] : []),
        compileWhere(query.where!, { ...ctx, pageRows: limit + offset }),
      ])
    : where;
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
  const from: CursorState | null = query.cursor
    ? decodeCursor(ctx.instance, query, query.cursor)
    : null;
  let total: number | null = knownTotal;
  if (total === null && from && from.total !== null) {
    // Append-only: the total grows only by matching events appended since it was counted.
    total = from.total + (countedTo > from.countedTo ? count(sql`e.pos > ${from.countedTo}`) : 0);
  }
  if (total === null && query.total !== false) {
    total =
      (query.from.stream === undefined ? countFromTextIndex(ctx, query.where ?? []) : null) ??
      count(sql`1`);
  }

  /**
   * A page of `limit` rows in `plan`'s order after `keyset`, skipping `skip`, plus the row
   * after it if any (so the caller knows whether more follow); read in proportion to the page
   * (page-plan.ts).
   */
  const read = (plan: OrderPlan, keyset: Sql, limit: number, skip: number): PageRow[] =>
    readPage({
      ctx,
      where: pageWhere,
      keyset,
      order: plan,
      limit,
      offset: skip,
      walk: filtered ? orderWalk(ctx, query, plan, streamFilter, streamRows) : null,
      matches: total,
      ...(walkBudget !== undefined ? { walkBudget } : {}),
    });
  const reversed = orderPlan(query, ctx, streamScoped, true);
  const cursorAt = (row: PageRow | undefined, before: boolean): string | null =>
    row
      ? encodeCursor(ctx.instance, query, { key: row.k, pos: row.pos, before, total, countedTo })
      : null;

  let rows: PageRow[];
  let nextCursor: string | null;
  /** Only pages that start at a cursor or at an event tell what comes before them. */
  let prevCursor: string | null | undefined;
  if (from?.before) {
    // Backwards: the rows before the cursor's, nearest first, then in the query's order. The
    // cursor's row follows them, so there is always a next page.
    rows =
      limit === 0 ? [] : read(reversed, keysetAfter(reversed, from.key, from.pos), limit, offset);
    const earlier = rows.length > limit;
    if (earlier) rows.length = limit;
    rows.reverse();
    prevCursor = earlier ? cursorAt(rows[0], true) : null;
    nextCursor = cursorAt(rows[rows.length - 1], false);
  } else {
    // A cursor says where its page starts (the contract refuses both; internal callers may not).
    const start =
      query.startAt === undefined || from ? null : startRow(ctx, query.startAt, where, order);
    // A page at an event: the event (row 0 for offset), then the rows after it.
    const lead = start && offset === 0 ? [start] : [];
    const keyset = from
      ? keysetAfter(order, from.key, from.pos)
      : start
        ? keysetAfter(order, start.k, start.pos)
        : sql`1`;
    const skip = start ? Math.max(offset - 1, 0) : offset;
    rows = limit === 0 ? [] : [...lead, ...read(order, keyset, limit - lead.length, skip)];
    const more = rows.length > limit;
    if (more) rows.length = limit;
    nextCursor = more ? cursorAt(rows[rows.length - 1], false) : null;
    if (from) {
      // The cursor's row comes before this page.
      prevCursor = cursorAt(rows[0], true);
    } else if (start) {
      const earlier =
        rows.length > 0 &&
        (offset > 0 || read(reversed, keysetAfter(reversed, start.k, start.pos), 0, 0).length > 0);
      prevCursor = earlier ? cursorAt(rows[0], true) : null;
    }
  }
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
    ...(prevCursor !== undefined ? { prevCursor } : {}),
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

/**
 * The row of the event `startAt` names: NOT_FOUND when the instance has no such event, or when
 * the query leaves it out (another stream, or a condition it fails) — there is then no place in
 * this query's order to start from that the caller could tell apart from another.
 */
function startRow(ctx: QueryContext, id: string, where: Sql, order: OrderPlan): PageRow {
  const generated = looksGenerated(id) ? positionOfGeneratedId(ctx.instance.salt, id) : null;
  // A generated id stands for its position unless a caller's id is stored there (ids.ts).
  const find = looksGenerated(id)
    ? sql`e.pos = ${generated ?? 0} AND e.id IS NULL`
    : sql`e.id = ${id}`;
  const q = sql`SELECT e.pos AS pos, ${order.key ?? sql`NULL`} AS k, coalesce(${where}, 0) AS hit
    FROM ${raw(ctx.table)} e WHERE ${find}`;
  const row = ctx.db.prepare<unknown[], PageRow & { hit: number }>(q.text).get(...q.params);
  if (!row) {
    throw new EngineError(
      'NOT_FOUND',
      `query.startAt: instance "${ctx.instance.name}" has no event "${id}"`,
      { startAt: id },
    );
  }
  if (!row.hit) {
    throw new EngineError(
      'NOT_FOUND',
      `query.startAt: event "${id}" is not among this query's events (its stream or a condition leaves it out)`,
      { startAt: id, excluded: true },
    );
  }
  return { pos: row.pos, k: row.k };
}
