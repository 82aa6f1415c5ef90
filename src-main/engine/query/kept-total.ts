import { parseField } from '../../../src-shared/contract/fields';
import type { Query, WhereNode } from '../../../src-shared/contract/query';
import { hourMs } from '../db/hour-counts';
import { join, raw, sql, type Sql } from '../db/sql';
import type { QueryContext } from './context';
import { allTime, intersectSpans, timeBoundOf, type TimeSpan } from './time-only';

/**
 * The exact number of events a filter selects, read from the counts kept on append instead of
 * the events, or null when they cannot tell. They can when every condition is a choice of
 * event types (`eq`/`in` on event_type) or a bound on the timestamp: per type from type_counts,
 * and within a time range from hour_counts for its whole hours plus the events of its two edge
 * hours (a few thousand index entries at most). A page of a type and a time window then costs
 * its rows, not a count of millions. (A whole instance or stream is counted by the caller.)
 */
export function keptTotal(ctx: QueryContext, query: Query): number | null {
  if (query.from.stream !== undefined || !query.where || query.where.length === 0) return null;
  let span: TimeSpan | null = null;
  let types: Set<string> | null = null;
  for (const node of query.where) {
    const bound = timeBoundOf(node);
    if (bound) {
      span = intersectSpans(span ?? allTime, bound);
      continue;
    }
    const names = typeNamesOf(node);
    if (!names) return null;
    types = types === null ? names : intersect(types, names);
  }
  const ino = ctx.instance.ino;
  let tnos: number[] | null = null;
  if (types) {
    if (types.size === 0) return 0;
    const list = JSON.stringify([...types]);
    tnos = ctx.db
      .prepare<[string], number>(
        'SELECT tno FROM event_types WHERE name IN (SELECT value FROM json_each(?))',
      )
      .pluck()
      .all(list);
    if (tnos.length === 0) return 0;
  }
  const ofTypes = (column: string): Sql =>
    tnos
      ? sql`${raw(column)} IN (${join(
          tnos.map((t) => sql`${t}`),
          ', ',
        )})`
      : sql`1`;
  const count = (q: Sql): number =>
    (ctx.db
      .prepare(q.text)
      .pluck()
      .get(...q.params) as number | null) ?? 0;

  if (!span) {
    return count(sql`SELECT sum(n) FROM type_counts WHERE ino = ${ino} AND ${ofTypes('tno')}`);
  }
  const { lo, hi } = span;
  if (hi <= lo) return 0;
  const events = (from: number, to: number) =>
    from >= to
      ? 0
      : count(
          sql`SELECT count(*) FROM ${raw(ctx.table)} e
            WHERE e.ts >= ${from} AND e.ts < ${to} AND ${ofTypes('e.tno')}`,
        );
  const first = Math.ceil(lo / hourMs); // whole hours: first <= hour < end
  const end = Math.floor(hi / hourMs);
  if (first >= end) return events(lo, hi); // under two hours: the events are few
  const hours = count(
    sql`SELECT sum(n) FROM hour_counts
      WHERE ino = ${ino} AND hour >= ${first} AND hour < ${end} AND ${ofTypes('tno')}`,
  );
  return hours + events(lo, first * hourMs) + events(end * hourMs, hi);
}

function intersect(a: Set<string>, b: Set<string>): Set<string> {
  return new Set([...a].filter((x) => b.has(x)));
}

/**
 * Whether the total of `query` comes from kept counts alone, read from the query's shape (no
 * database needed): a whole instance or stream (`instances.event_count`, `streams.last_seq`),
 * or choices of event types and bounds on the timestamp (`keptTotal`). Such a count costs
 * milliseconds, so the query pool runs it in the lane of reads, not behind aggregations.
 */
export function countsKept(query: Query): boolean {
  if (query.reduce !== undefined) return false;
  const where = query.where ?? [];
  if (where.length === 0) return true;
  return (
    query.from.stream === undefined &&
    where.every((node) => timeBoundOf(node) !== null || typeNamesOf(node) !== null)
  );
}

/** The event types a condition keeps when it is `eq`/`in` on event_type, else null. */
function typeNamesOf(node: WhereNode): Set<string> | null {
  if (!('field' in node) || (node.operator !== 'eq' && node.operator !== 'in')) return null;
  const f = parseField(node.field);
  if (!f.ok || f.field.kind !== 'top' || f.field.name !== 'event_type') return null;
  const values =
    node.operator === 'eq' ? [node.value] : Array.isArray(node.value) ? node.value : [];
  // Only strings name a type: `eq null` or a number matches nothing (where-compiler.ts).
  return new Set(values.filter((v): v is string => typeof v === 'string'));
}
