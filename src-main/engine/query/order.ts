import { parseField } from '../../../src-shared/contract/fields';
import type { Query } from '../../../src-shared/contract/query';
import { sql, type Sql } from '../db/sql';
import type { QueryContext } from './context';
import { fieldSql } from './field-sql';
import type { SqlValue } from './typed-value';

/**
 * The order of a query's events, and the keyset condition that continues it after a row.
 * Every order ends with the position (append order), reversed when descending, so it is total
 * and pages are stable.
 */
export interface OrderPlan {
  /** The sort key before the position; null when the position alone orders (append order). */
  key: Sql | null;
  /** Whether the key can be NULL (payload/metadata paths). */
  nullable: boolean;
  desc: boolean;
  /** Whether the key alone is unique (sequence numbers within one stream). */
  unique: boolean;
  orderBy: Sql;
}

/**
 * The query's order, or with `reversed` its exact reverse (the rows before a row, nearest
 * first: paging backwards). Descending is the exact reverse of ascending, NULL keys and ties
 * included, so reversing is flipping the direction.
 */
export function orderPlan(
  query: Query,
  ctx: QueryContext,
  streamScoped: boolean,
  reversed = false,
): OrderPlan {
  const desc = (query.orderBy?.direction === 'desc') !== reversed;
  const dir = desc ? sql` DESC` : sql``;
  if (!query.orderBy) {
    // Within one stream, append order is sequence order, and (seg, seq) order too: the
    // segment-led (seg, sno, seq) index serves it without a sort (db/event-table.ts).
    if (streamScoped) {
      return {
        key: sql`e.seq`,
        nullable: false,
        desc,
        unique: true,
        orderBy: sql`e.seg${dir}, e.seq${dir}`,
      };
    }
    return { key: null, nullable: false, desc, unique: true, orderBy: sql`e.pos${dir}` };
  }
  const parsed = parseField(query.orderBy.field);
  if (!parsed.ok) throw new Error(parsed.message); // validated before
  const f = fieldSql(parsed.field, ctx);
  if (f.kind === 'sequence_number' && streamScoped) {
    return {
      key: f.value,
      nullable: false,
      desc,
      unique: true,
      orderBy: sql`e.seg${dir}, e.seq${dir}`,
    };
  }
  return {
    key: f.value,
    nullable: f.kind === 'json',
    desc,
    unique: false,
    orderBy: sql`${f.value}${dir}, e.pos${dir}`,
  };
}

/** The rows after (key, pos) in the plan's order. */
export function keysetAfter(plan: OrderPlan, key: SqlValue, pos: number): Sql {
  const k = plan.key;
  const gt = plan.desc ? sql`<` : sql`>`;
  if (k === null) return sql`e.pos ${gt} ${pos}`;
  if (plan.unique) return sql`${k} ${gt} ${key}`;
  if (!plan.nullable) return sql`(${k}, e.pos) ${gt} (${key}, ${pos})`;
  // NULL (missing) keys sort first ascending and last descending.
  if (key === null) {
    return plan.desc
      ? sql`(${k} IS NULL AND e.pos < ${pos})`
      : sql`((${k} IS NULL AND e.pos > ${pos}) OR ${k} IS NOT NULL)`;
  }
  return plan.desc
    ? sql`(${k} < ${key} OR (${k} = ${key} AND e.pos < ${pos}) OR ${k} IS NULL)`
    : sql`(${k} > ${key} OR (${k} = ${key} AND e.pos > ${pos}))`;
}
