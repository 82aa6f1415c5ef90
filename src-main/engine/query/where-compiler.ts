import { parseField } from '../../../src-shared/contract/fields';
import { parseInstant } from '../../../src-shared/contract/instants';
import type { JsonValue } from '../../../src-shared/contract/json-value';
import { anyField, type Condition, type WhereNode } from '../../../src-shared/contract/query';
import { join, sql, type Sql } from '../db/sql';
import { EngineError } from '../errors';
import { looksGenerated, positionOfGeneratedId } from '../ids';
import type { QueryContext } from './context';
import { fieldSql, type FieldSql } from './field-sql';
import { anyFieldText, indexedPathText, jsonPathText, valueText } from './text-conditions';
import { encodeScalar } from './typed-value';

const TRUE = sql`1`;
const FALSE = sql`0`;

/**
 * Compiles `where` to one SQL condition over the events table aliased `e`.
 *
 * NOT is pushed down to the conditions (De Morgan), and every condition has a positive and a
 * negated form written so that a missing field (a NULL typed value) never turns a NOT into
 * "unknown": `not: {x gt 5}` matches events without x, as the contract's neq/nin do.
 */
export function compileWhere(nodes: readonly WhereNode[], ctx: QueryContext): Sql {
  return andAll(nodes.map((n, i) => compileNode(n, false, ctx, `query.where[${i}]`)));
}

function andAll(parts: Sql[]): Sql {
  if (parts.length === 0) return TRUE;
  if (parts.length === 1) return parts[0]!;
  return sql`(${join(parts, ' AND ')})`;
}

function orAll(parts: Sql[]): Sql {
  if (parts.length === 0) return FALSE;
  if (parts.length === 1) return parts[0]!;
  return sql`(${join(parts, ' OR ')})`;
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
  const leaf = compileCondition(node, ctx, at);
  return negated ? leaf.neg : leaf.pos;
}

interface Leaf {
  pos: Sql;
  neg: Sql;
}

/** A condition that is never NULL: its negation is plain NOT. */
const twoValued = (pos: Sql): Leaf => ({ pos, neg: sql`NOT ${pos}` });
const constant = (match: boolean): Leaf =>
  match ? { pos: TRUE, neg: FALSE } : { pos: FALSE, neg: TRUE };

function compileCondition(c: Condition, ctx: QueryContext, at: string): Leaf {
  if (c.field === anyField) {
    if (
      typeof c.value !== 'string' ||
      (c.operator !== 'contains' &&
        c.operator !== 'icontains' &&
        c.operator !== 'matches' &&
        c.operator !== 'imatches')
    ) {
      throw new EngineError(
        'VALIDATION_ERROR',
        `${at}.operator: "*" does not take "${c.operator}"`,
      );
    }
    return twoValued(anyFieldText(ctx, c.operator, c.value, `${at}.value`));
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
  return typedColumnCondition(f.value, 'number', c, ctx, at);
}

type Scalar = string | number | boolean | null;
const isScalar = (v: JsonValue | undefined): v is Scalar =>
  v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

/** A condition on a JSON path: the typed value may be NULL (missing or null). */
function jsonCondition(f: FieldSql, c: Condition, ctx: QueryContext, at: string): Leaf {
  const v = f.value;
  const nullable = (pos: Sql): Leaf => ({ pos, neg: sql`(${v} IS NULL OR NOT ${pos})` });
  const value = c.value;
  switch (c.operator) {
    case 'eq':
    case 'neq': {
      const leaf =
        value === null || value === undefined
          ? twoValued(sql`${v} IS NULL`)
          : isScalar(value)
            ? nullable(sql`${v} = ${encodeScalar(value)}`)
            : constant(false);
      return c.operator === 'eq' ? leaf : { pos: leaf.neg, neg: leaf.pos };
    }
    case 'in':
    case 'nin': {
      const list = Array.isArray(value) ? value : [];
      const hasNull = list.includes(null);
      const values = list.filter((x): x is string | number | boolean => x !== null && isScalar(x));
      const inList =
        values.length > 0
          ? sql`${v} IN (${join(
              values.map((x) => sql`${encodeScalar(x)}`),
              ', ',
            )})`
          : null;
      let leaf: Leaf;
      if (hasNull) leaf = twoValued(inList ? sql`(${v} IS NULL OR ${inList})` : sql`${v} IS NULL`);
      else leaf = inList ? nullable(inList) : constant(false);
      return c.operator === 'in' ? leaf : { pos: leaf.neg, neg: leaf.pos };
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
  }
}

/**
 * contains/startsWith on a path without an index, for full scans: one JSON lookup per event
 * instead of the typed value's two. json_extract also gives text for numbers, booleans and
 * containers, so a hit is confirmed as a string by json_type (which AND only evaluates then).
 */
function scanTextMatch(
  column: Sql,
  path: string,
  op: 'contains' | 'startsWith',
  value: string,
): Sql {
  const at = sql`coalesce(instr(json_extract(${column}, ${path}), ${value}), 0)`;
  const hit = op === 'contains' ? sql`${at} > 0` : sql`${at} = 1`;
  return sql`(${hit} AND json_type(${column}, ${path}) = 'text')`;
}

/**
 * An ordering comparison restricted to the operand's type. Numbers sort below every text and
 * text below every blob, so each type is one contiguous range of typed values: an index on the
 * typed value answers these as range scans.
 */
function rangeSql(v: Sql, op: 'gt' | 'gte' | 'lt' | 'lte', x: number | string): Sql {
  const below = typeof x === 'number' ? sql`${v} < ''` : sql`${v} < x''`;
  const above = typeof x === 'number' ? null : sql`${v} >= ''`;
  switch (op) {
    case 'gt':
      return sql`(${v} > ${x} AND ${below})`;
    case 'gte':
      return sql`(${v} >= ${x} AND ${below})`;
    case 'lt':
      return above ? sql`(${v} < ${x} AND ${above})` : sql`${v} < ${x}`;
    case 'lte':
      return above ? sql`(${v} <= ${x} AND ${above})` : sql`${v} <= ${x}`;
  }
}

/**
 * contains/startsWith: case-sensitive and literal (`%`, `_`, `\` are ordinary characters, so no
 * LIKE). Never NULL: a missing or non-string value gives 0.
 */
function textMatch(v: Sql, op: 'contains' | 'startsWith', value: JsonValue | undefined): Sql {
  if (typeof value !== 'string') return FALSE;
  if (op === 'contains') return sql`(typeof(${v}) = 'text' AND instr(${v}, ${value}) > 0)`;
  // Strings with prefix p are exactly the range [p, successor(p)) in code-point order, which
  // is SQLite's BINARY order of UTF-8: an index on the value answers it as a range scan.
  const upper = prefixSuccessor(value);
  return upper === null
    ? sql`(typeof(${v}) = 'text' AND ${v} >= ${value})`
    : sql`(typeof(${v}) = 'text' AND ${v} >= ${value} AND ${v} < ${upper})`;
}

/** The least string greater than every string starting with `prefix`; null when none. */
export function prefixSuccessor(prefix: string): string | null {
  const cps = Array.from(prefix, (ch) => ch.codePointAt(0)!);
  while (cps.length > 0) {
    const last = cps.pop()!;
    if (last < 0x10ffff) {
      const next = last === 0xd7ff ? 0xe000 : last + 1;
      return String.fromCodePoint(...cps, next);
    }
  }
  return null;
}

/** Conditions on a non-null column of one type (sequence_number; names via nameCondition). */
function typedColumnCondition(
  col: Sql,
  type: 'number' | 'string',
  c: Condition,
  /** For the text operators (null on timestamps, which have none). */
  ctx: QueryContext | null,
  at = '',
): Leaf {
  const value = c.value;
  const ofType = (x: JsonValue | undefined): x is string | number =>
    typeof x === (type === 'number' ? 'number' : 'string');
  switch (c.operator) {
    case 'eq':
      return ofType(value) ? twoValued(sql`${col} = ${value}`) : constant(false);
    case 'neq':
      return ofType(value) ? twoValued(sql`${col} <> ${value}`) : constant(true);
    case 'in':
    case 'nin': {
      const values = (Array.isArray(value) ? value : []).filter(ofType);
      const leaf =
        values.length > 0
          ? twoValued(
              sql`${col} IN (${join(
                values.map((x) => sql`${x}`),
                ', ',
              )})`,
            )
          : constant(false);
      return c.operator === 'in' ? leaf : { pos: leaf.neg, neg: leaf.pos };
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
      return type === 'string' && typeof value === 'string' && ctx
        ? twoValued(valueText(c.operator, value, col, `${at}.value`))
        : constant(false);
    case 'exists':
      return constant(value !== false);
  }
}

/** timestamp: every operand is an instant (epoch ms or ISO), compared with the ms column. */
function timeCondition(c: Condition): Leaf {
  const ms = (x: JsonValue | undefined) => (x === null ? null : parseInstant(x));
  const value = c.value;
  const col = sql`e.ts`;
  switch (c.operator) {
    case 'eq':
    case 'neq':
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      const t = ms(value);
      return typedColumnCondition(col, 'number', { ...c, value: t }, null);
    }
    case 'in':
    case 'nin':
    case 'between':
      return typedColumnCondition(
        col,
        'number',
        { ...c, value: (Array.isArray(value) ? value : []).map(ms) },
        null,
      );
    case 'contains':
    case 'startsWith':
    case 'icontains':
    case 'istartsWith':
    case 'ieq':
    case 'matches':
    case 'imatches':
      throw new EngineError('VALIDATION_ERROR', `"${c.operator}" does not apply to timestamp`);
    case 'exists':
      return constant(value !== false);
  }
}

/**
 * stream_id and event_type are interned names. Equality resolves the names to their numbers
 * up front (so the segment-led stream and type indexes can apply: SQLite skip-scans the segment
 * when statistics favour it; `from.stream` adds the segment list, see run-query.ts); other
 * operators select the numbers whose names match, in a subquery over the small names table.
 */
function nameCondition(
  c: Condition,
  which: 'stream' | 'type',
  ctx: QueryContext,
  at: string,
): Leaf {
  const col = which === 'stream' ? sql`e.sno` : sql`e.tno`;
  const value = c.value;
  const lookup = (name: string): number | undefined =>
    which === 'stream'
      ? (ctx.db
          .prepare('SELECT sno FROM streams WHERE ino = ? AND name = ?')
          .pluck()
          .get(ctx.instance.ino, name) as number | undefined)
      : (ctx.db.prepare('SELECT tno FROM event_types WHERE name = ?').pluck().get(name) as
          number | undefined);
  const numbers = (xs: readonly JsonValue[]) =>
    xs.flatMap((x) => {
      if (typeof x !== 'string') return [];
      const n = lookup(x);
      return n === undefined ? [] : [n];
    });
  switch (c.operator) {
    case 'eq':
    case 'neq':
    case 'in':
    case 'nin': {
      const list = c.operator === 'eq' || c.operator === 'neq' ? [value ?? null] : value;
      const ids = numbers(Array.isArray(list) ? list : []);
      const leaf =
        ids.length > 0
          ? twoValued(
              sql`${col} IN (${join(
                ids.map((n) => sql`${n}`),
                ', ',
              )})`,
            )
          : constant(false);
      return c.operator === 'eq' || c.operator === 'in' ? leaf : { pos: leaf.neg, neg: leaf.pos };
    }
    case 'exists':
      return constant(value !== false);
    default: {
      const name = sql`name`;
      const match = typedColumnCondition(name, 'string', c, ctx, at).pos;
      const sub =
        which === 'stream'
          ? sql`SELECT sno FROM streams WHERE ino = ${ctx.instance.ino} AND ${match}`
          : sql`SELECT tno FROM event_types WHERE ${match}`;
      return twoValued(sql`${col} IN (${sub})`);
    }
  }
}

/**
 * id: equality on a generated id becomes a rowid lookup (ids are derived from the position,
 * see ids.ts); a caller-supplied id uses its unique index. Other operators compare the id text.
 */
function idCondition(f: FieldSql, c: Condition, ctx: QueryContext, at: string): Leaf {
  const value = c.value;
  const one = (id: string): Sql => {
    if (looksGenerated(id)) {
      const pos = positionOfGeneratedId(ctx.instance.salt, id);
      return pos === null ? FALSE : sql`(e.pos = ${pos} AND e.id IS NULL)`;
    }
    return sql`e.id = ${id}`;
  };
  switch (c.operator) {
    case 'eq':
    case 'neq':
    case 'in':
    case 'nin': {
      const list = c.operator === 'eq' || c.operator === 'neq' ? [value ?? null] : value;
      const ids = (Array.isArray(list) ? list : []).filter(
        (x): x is string => typeof x === 'string',
      );
      const any = orAll(ids.map(one));
      // e.id = ? is NULL on generated rows: the negation coalesces; the positive form stays
      // bare so the id index and the rowid apply.
      const leaf: Leaf =
        ids.length > 0 ? { pos: any, neg: sql`NOT coalesce(${any}, 0)` } : constant(false);
      return c.operator === 'eq' || c.operator === 'in' ? leaf : { pos: leaf.neg, neg: leaf.pos };
    }
    default:
      return typedColumnCondition(f.value, 'string', c, ctx, at);
  }
}
