import { raw, sql, type Sql } from '../db/sql';
import type { QueryContext } from './context';
import { keysetAfter, type OrderPlan } from './order';
import type { SqlValue } from './typed-value';

/** One row of a page: its position and its sort key. */
export interface PageRow {
  pos: number;
  k: SqlValue;
}

/**
 * The order's own index, which yields the rows already in page order: the time index for a
 * time order, the stream index for a stream's sequence order, the table itself (by position)
 * for append order. `seek` narrows it to what the filter can only be inside (the stream, the
 * filter's time bounds).
 */
export interface OrderWalk {
  source: Sql;
  seek: Sql;
  /** How many events the walk can meet at most (the instance's or the stream's). */
  rows: number;
}

export interface PageInput {
  ctx: QueryContext;
  /** The whole filter over `e` (stream and where). */
  where: Sql;
  /** The keyset condition of a cursor (`1` without one). */
  keyset: Sql;
  order: OrderPlan;
  limit: number;
  offset: number;
  /** Null when the order has no index of its own, or nothing filters the events. */
  walk: OrderWalk | null;
  /** How many events match the filter, when it was counted before the page. */
  matches: number | null;
  /** Rows the walk may visit before it gives up (tests); by default sqrt(wanted x rows). */
  walkBudget?: number;
}

/**
 * Reads one page (limit + 1 rows, so the caller knows whether more follow) at a cost in
 * proportion to the page, whatever indexes exist.
 *
 * SQLite's planner takes an index on a filtered payload path (made on demand, index-advisor.ts)
 * over walking the order, then sorts every match to return the first few: a newest-first page
 * of `payload.level = error` took 1.5 ms by walking the time index until its index existed,
 * then 740 ms at 5M events (issue 21). So when the planner's plan sorts every match (`USE TEMP
 * B-TREE FOR ORDER BY` in its EXPLAIN QUERY PLAN), the page walks the order's own index instead,
 * testing the filter on each event and stopping once the page is full. A frequent match fills
 * the page after a few hundred events; a rare one could walk the whole table, so the walk is
 * bounded (`budget` events), and what the page still lacks after it comes from the planner's
 * plan restricted to the rows after the last one walked: the matches there are few (else the
 * walk would have found them), so sorting them is cheap. The budget sqrt(wanted x rows)
 * balances the two: at most ~2 sqrt(wanted x rows) events read instead of every match. When
 * the matches were counted first (the total), their number decides between the two up front.
 */
export function readPage(input: PageInput): PageRow[] {
  const { ctx, where, keyset, order, walk } = input;
  const wanted = input.offset + input.limit + 1;
  const table = raw(ctx.table);
  const key = order.key ?? sql`NULL`;
  const planned = (extra: Sql, limit: number, offset: number, note = '') =>
    sql`${raw(note)}SELECT e.pos AS pos, ${key} AS k FROM ${table} e
      WHERE ${where} AND ${keyset} AND ${extra} ORDER BY ${order.orderBy}
      LIMIT ${limit} OFFSET ${offset}`;
  const natural = planned(sql`1`, input.limit + 1, input.offset);
  if (!walk) return rows(ctx, natural);
  const budget = Math.max(wanted, input.walkBudget ?? Math.ceil(Math.sqrt(wanted * walk.rows)));
  // A walk meets about `wanted x rows / matches` events; with fewer matches than `budget`,
  // sorting them costs less than walking to them.
  const few = input.matches !== null && input.matches < budget;
  if (few || !sortsEveryMatch(ctx, natural)) return rows(ctx, natural);

  // The walk: the first `budget` events in page order, of which the matching ones.
  const walked = rows(
    ctx,
    sql`/* walk */ SELECT pos, k FROM (
        SELECT e.pos AS pos, ${key} AS k, ${where} AS hit FROM ${walk.source}
        WHERE ${walk.seek} AND ${keyset} ORDER BY ${order.orderBy} LIMIT ${budget})
      WHERE hit LIMIT ${wanted}`,
  );
  if (walked.length < wanted) {
    // The last event walked, if the walk stopped before the end of the order.
    const [last] = rows(
      ctx,
      sql`/* walk end */ SELECT e.pos AS pos, ${key} AS k FROM ${walk.source}
        WHERE ${walk.seek} AND ${keyset}
        ORDER BY ${order.orderBy} LIMIT 1 OFFSET ${budget - 1}`,
    );
    if (last) {
      const after = keysetAfter(order, last.k, last.pos);
      for (const row of rows(ctx, planned(after, wanted - walked.length, 0, '/* walk rest */ ')))
        walked.push(row);
    }
  }
  return walked.slice(input.offset);
}

function rows(ctx: QueryContext, q: Sql): PageRow[] {
  return ctx.db.prepare<unknown[], PageRow>(q.text).all(...q.params);
}

/** Whether SQLite would read every match of the filter and sort them all before the first row. */
function sortsEveryMatch(ctx: QueryContext, q: Sql): boolean {
  const plan = ctx.db
    .prepare<unknown[], { detail: string }>(`EXPLAIN QUERY PLAN ${q.text}`)
    .all(...q.params);
  return plan.some((r) => r.detail === 'USE TEMP B-TREE FOR ORDER BY');
}
