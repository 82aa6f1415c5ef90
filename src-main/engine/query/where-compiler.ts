import { parseField } from '../../../src-shared/contract/fields';
import { parseInstant } from '../../../src-shared/contract/instants';
import type { JsonValue } from '../../../src-shared/contract/json-value';
import {
  baseOperator,
  operatorFacts,
  isTextOperator,
  type BaseOperator,
} from '../../../src-shared/contract/operators';
import { anyField, type Condition, type WhereNode } from '../../../src-shared/contract/query';
import { unreachable } from '../../../src-shared/unreachable';
import { sql, type Sql } from '../db/sql';
import { EngineError } from '../errors';
import { looksGenerated, positionOfGeneratedId } from '../ids';
import type { QueryContext } from './context';
import { fieldSql, type FieldSql } from './field-sql';
import { anyFieldText, indexedPathText, jsonPathText, valueText } from './text-conditions';
import { encodeScalar } from './typed-value';
import {
  andAll,
  FALSE,
  inList,
  inOwnIntegers,
  inTyped,
  orAll,
  rangeSql,
  scanTextMatch,
  textMatch,
  TRUE,
} from './where-sql';

/**
 * Compiles a validated `where` to one SQL condition over the events table aliased `e`.
 *
 * NOT is pushed down to the conditions (De Morgan), and every condition has a positive and a
 * negated form written so that a missing field (a NULL typed value) never turns a NOT into
 * "unknown": `not: {x gt 5}` matches events without x, as the contract's neq/nin do.
 *
 * Every query inside the DSL's limits (limits.ts) compiles to SQL inside SQLite's: groups
 * become balanced trees (so no expression is deeper than about 32 levels of groups times
 * log2 of their sizes), and long `in` lists one bound JSON array each (so the 1,000 conditions
 * of a query bind a few tens of thousands of parameters at most). The recursion here is as
 * deep as the groups are nested, which validation bounds.
 */
export function compileWhere(nodes: readonly WhereNode[], ctx: QueryContext): Sql {
  return andAll(nodes.map((n, i) => compileNode(n, false, ctx, `query.where[${i}]`)));
}

function compileNode(node: WhereNode, negated: boolean, ctx: QueryContext, at: string): Sql {
  if ('or' in node) {
    const parts = node.or.map((c, i) => compileNode(c, negated, ctx, `${at}.or[${i}]`));
    return negated ? andAll(parts) : orAll(parts);
  }
  if ('and' in node) {
    const parts = node.and.map((c, i) => compileNode(c, negated, ctx, `${at}.and[${i}]`));
    return negated ? orAll(parts) : andAll(parts);
  }
  if ('not' in node) return compileNode(node.not, !negated, ctx, `${at}.not`);
  // neq and nin are `not` of eq and in (operators.ts): only base operators get SQL of their own.
  const base = baseOperator(node.operator);
  const leaf = compileCondition({ ...node, operator: base.op }, ctx, at);
  return negated !== base.negated ? leaf.neg : leaf.pos;
}

/** A condition whose operator has a meaning of its own. */
interface BaseCondition extends Condition {
  operator: BaseOperator;
}

interface Leaf {
  pos: Sql;
  neg: Sql;
}

/** A condition that is never NULL: its negation is plain NOT. */
const twoValued = (pos: Sql): Leaf => ({ pos, neg: sql`NOT ${pos}` });
const constant = (match: boolean): Leaf =>
  match ? { pos: TRUE, neg: FALSE } : { pos: FALSE, neg: TRUE };

function compileCondition(c: BaseCondition, ctx: QueryContext, at: string): Leaf {
  if (c.field === anyField) {
    // Each text operator's meaning on a string is stringTest's (search/text-match.ts).
    const op = c.operator;
    if (!operatorFacts[op].anyField || !isTextOperator(op) || typeof c.value !== 'string') {
      throw new EngineError('VALIDATION_ERROR', `${at}.operator: "*" does not take "${op}"`);
    }
    return twoValued(anyFieldText(ctx, op, c.value, `${at}.value`));
  }
  const parsed = parseField(c.field);
  if (!parsed.ok) throw new EngineError('VALIDATION_ERROR', `${at}.field: ${parsed.message}`);
  const field = parsed.field;
  const f = fieldSql(field, ctx);
  if (f.kind === 'json') return jsonCondition(f, c, ctx, at);
  if (f.kind === 'timestamp') return timeCondition(c);
  if (f.kind === 'stream_id') return nameCondition(c, 'stream', ctx, at);
  if (f.kind === 'event_type') return nameCondition(c, 'type', ctx, at);
  if (f.kind === 'id') return idCondition(f, c, ctx, at);
  return typedColumnCondition(f.value, 'number', c, at);
}

type Scalar = string | number | boolean | null;
const isScalar = (v: JsonValue | undefined): v is Scalar =>
  v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

/** A condition on a JSON path: the typed value may be NULL (missing or null). */
function jsonCondition(f: FieldSql, c: BaseCondition, ctx: QueryContext, at: string): Leaf {
  const v = f.value;
  const nullable = (pos: Sql): Leaf => ({ pos, neg: sql`(${v} IS NULL OR NOT ${pos})` });
  const value = c.value;
  switch (c.operator) {
    case 'eq':
      return value === null || value === undefined
        ? twoValued(sql`${v} IS NULL`)
        : isScalar(value)
          ? nullable(sql`${v} = ${encodeScalar(value)}`)
          : constant(false);
    case 'in': {
      const list = Array.isArray(value) ? value : [];
      const hasNull = list.includes(null);
      const values = list.filter((x): x is string | number | boolean => x !== null && isScalar(x));
      const listed = values.length > 0 ? inTyped(v, values) : null;
      if (hasNull) return twoValued(listed ? sql`(${v} IS NULL OR ${listed})` : sql`${v} IS NULL`);
      return listed ? nullable(listed) : constant(false);
    }
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      if (typeof value !== 'number' && typeof value !== 'string') return constant(false);
      return nullable(rangeSql(v, c.operator, value));
    case 'between': {
      const [low, high] = Array.isArray(value) ? value : [];
      if (typeof low !== typeof high || (typeof low !== 'number' && typeof low !== 'string')) {
        return constant(false);
      }
      // Both bounds of one type: BETWEEN keeps the value inside that type's range.
      return nullable(sql`(${v} BETWEEN ${low} AND ${high as string | number})`);
    }
    case 'contains':
    case 'startsWith':
      if (f.json && !f.json.indexed && typeof value === 'string') {
        return twoValued(scanTextMatch(f.json.column, f.json.path, c.operator, value));
      }
      return twoValued(textMatch(v, c.operator, value));
    case 'icontains':
    case 'istartsWith':
    case 'ieq':
    case 'matches':
    case 'imatches':
      if (typeof value !== 'string') return constant(false);
      return twoValued(
        f.json && !f.json.indexed
          ? jsonPathText(ctx, f.json.column, f.json.path, c.operator, value, `${at}.value`)
          : indexedPathText(ctx, v, c.operator, value, `${at}.value`),
      );
    case 'exists':
      return value === false ? twoValued(sql`${v} IS NULL`) : twoValued(sql`${v} IS NOT NULL`);
    default:
      return unreachable(c.operator);
  }
}

/** Conditions on a non-null column of one type (sequence_number; names via nameCondition). */
function typedColumnCondition(
  col: Sql,
  type: 'number' | 'string',
  c: BaseCondition,
  /** Where the condition is, for a text operator's errors. */
  at = 'query.where',
): Leaf {
  const value = c.value;
  const ofType = (x: JsonValue | undefined): x is string | number =>
    typeof x === (type === 'number' ? 'number' : 'string');
  switch (c.operator) {
    case 'eq':
      return ofType(value) ? twoValued(sql`${col} = ${value}`) : constant(false);
    case 'in': {
      const values = (Array.isArray(value) ? value : []).filter(ofType);
      return values.length > 0 ? twoValued(inList(col, values)) : constant(false);
    }
    case 'gt':
      return ofType(value) ? twoValued(sql`${col} > ${value}`) : constant(false);
    case 'gte':
      return ofType(value) ? twoValued(sql`${col} >= ${value}`) : constant(false);
    case 'lt':
      return ofType(value) ? twoValued(sql`${col} < ${value}`) : constant(false);
    case 'lte':
      return ofType(value) ? twoValued(sql`${col} <= ${value}`) : constant(false);
    case 'between': {
      const [low, high] = Array.isArray(value) ? value : [];
      return ofType(low) && ofType(high)
        ? twoValued(sql`${col} BETWEEN ${low} AND ${high}`)
        : constant(false);
    }
    case 'contains':
    case 'startsWith':
      return type === 'string' ? twoValued(textMatch(col, c.operator, value)) : constant(false);
    case 'icontains':
    case 'istartsWith':
    case 'ieq':
    case 'matches':
    case 'imatches':
      return type === 'string' && typeof value === 'string'
        ? twoValued(valueText(c.operator, value, col, `${at}.value`))
        : constant(false);
    case 'exists':
      return constant(value !== false);
    default:
      return unreachable(c.operator);
  }
}

/** timestamp: every operand is an instant (epoch ms or ISO), compared with the ms column. */
function timeCondition(c: BaseCondition): Leaf {
  const ms = (x: JsonValue | undefined) => (x === null ? null : parseInstant(x));
  const value = c.value;
  const col = sql`e.ts`;
  if (isTextOperator(c.operator)) {
    throw new EngineError('VALIDATION_ERROR', `"${c.operator}" does not apply to timestamp`);
  }
  switch (c.operator) {
    case 'eq':
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      const t = ms(value);
      return typedColumnCondition(col, 'number', { ...c, value: t });
    }
    case 'in':
    case 'between':
      return typedColumnCondition(col, 'number', {
        ...c,
        value: (Array.isArray(value) ? value : []).map(ms),
      });
    case 'exists':
      return constant(value !== false);
    default:
      return unreachable(c.operator);
  }
}

/**
 * stream_id and event_type are interned names. Equality resolves the names to their numbers
 * up front, in one lookup (so the segment-led stream and type indexes can apply: SQLite
 * skip-scans the segment when statistics favour it; `from.stream` adds the segment list, see
 * run-query.ts); other operators select the numbers whose names match, in a subquery over the
 * small names table.
 */
function nameCondition(
  c: BaseCondition,
  which: 'stream' | 'type',
  ctx: QueryContext,
  at: string,
): Leaf {
  const col = which === 'stream' ? sql`e.sno` : sql`e.tno`;
  const value = c.value;
  const numbersOf = (match: Sql): Sql =>
    which === 'stream'
      ? sql`SELECT sno FROM streams WHERE ino = ${ctx.instance.ino} AND ${match}`
      : sql`SELECT tno FROM event_types WHERE ${match}`;
  switch (c.operator) {
    case 'eq':
    case 'in': {
      const list = c.operator === 'eq' ? [value ?? null] : Array.isArray(value) ? value : [];
      const names = list.filter((x): x is string => typeof x === 'string');
      if (names.length === 0) return constant(false);
      const found = all<number>(ctx, numbersOf(inList(sql`name`, names)));
      return found.length > 0 ? twoValued(inOwnIntegers(col, found)) : constant(false);
    }
    case 'exists':
      return constant(value !== false);
    default:
      // Any other operator is the same test of the name, in the small names table.
      return twoValued(
        sql`${col} IN (${numbersOf(typedColumnCondition(sql`name`, 'string', c, at).pos)})`,
      );
  }
}

/** The first column of every row of a statement. */
function all<T>(ctx: QueryContext, q: Sql): T[] {
  return ctx.db
    .prepare(q.text)
    .pluck()
    .all(...q.params) as T[];
}

/**
 * id: equality on a generated id becomes a rowid lookup (ids are derived from the position,
 * see ids.ts); a caller-supplied id uses its unique index. Other operators compare the id text.
 */
function idCondition(f: FieldSql, c: BaseCondition, ctx: QueryContext, at: string): Leaf {
  const value = c.value;
  switch (c.operator) {
    case 'eq':
    case 'in': {
      const list = c.operator === 'eq' ? [value ?? null] : Array.isArray(value) ? value : [];
      const positions: number[] = [];
      const given: string[] = [];
      for (const id of list) {
        if (typeof id !== 'string') continue;
        if (!looksGenerated(id)) given.push(id);
        else {
          const pos = positionOfGeneratedId(ctx.instance.salt, id);
          if (pos !== null) positions.push(pos);
        }
      }
      const parts = [
        ...(positions.length > 0
          ? [sql`(${inOwnIntegers(sql`e.pos`, positions)} AND e.id IS NULL)`]
          : []),
        ...(given.length > 0 ? [inList(sql`e.id`, given)] : []),
      ];
      if (parts.length === 0) return constant(false);
      const any = orAll(parts);
      // e.id IN (…) is NULL on generated rows: the negation coalesces; the positive form stays
      // bare so the id index and the rowid apply.
      return { pos: any, neg: sql`NOT coalesce(${any}, 0)` };
    }
    default:
      // Any other operator compares the id's text.
      return typedColumnCondition(f.value, 'string', c, at);
  }
}
