import { parseField } from '../../../src-shared/contract/fields';
import { parseInstant } from '../../../src-shared/contract/instants';
import type { JsonValue } from '../../../src-shared/contract/json-value';
import {
  baseOperator,
  operatorFacts,
  textOperators,
  type BaseOperator,
  type TextOperator,
} from '../../../src-shared/contract/operators';
import { anyField, type Condition, type WhereNode } from '../../../src-shared/contract/query';
import { unreachable } from '../../../src-shared/unreachable';
import { join, raw, sql, type Sql } from '../db/sql';
import { EngineError } from '../errors';
import { looksGenerated, positionOfGeneratedId } from '../ids';
import type { QueryContext } from './context';
import { fieldSql, type FieldSql } from './field-sql';
import { anyFieldText, indexedPathText, jsonPathText, valueText } from './text-conditions';
import { encodeScalar } from './typed-value';

const TRUE = sql`1`;
const FALSE = sql`0`;

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

/**
 * How much of a condition SQLite's planner is shown. It weighs every term of a WHERE against
 * the others and against the indexes, and with many terms on an indexed payload path its work
 * grows with the square of their number: on 12 events, 999 ANDed `gt` conditions on one
 * indexed path took 7 s to prepare and run, 999 ORed `startsWith` ones 72 s. Terms beyond this
 * much SQL text are handed over as one opaque filter, `coalesce(…, 0)`, which SQLite evaluates
 * per event without planning it. The shortest terms are shown, which are those on the event's
 * own columns (a time range, a stream, a type: thousands fit) before those on payload paths
 * (about 30 fit). An OR is shown whole or not at all. Hiding never changes an answer: the
 * compiled condition only ever filters (NOT is pushed down to the leaves), and there NULL and
 * 0 both mean "no".
 */
const plannedText = 16 * 1024;

const opaque = (condition: Sql): Sql => sql`coalesce(${condition}, 0)`;
const textOf = (parts: readonly Sql[]): number => parts.reduce((n, p) => n + p.text.length, 0);

function andAll(parts: readonly Sql[]): Sql {
  if (parts.length === 0) return TRUE;
  if (textOf(parts) <= plannedText) return balanced(parts, 'AND');
  const shown = new Set<Sql>();
  let text = 0;
  for (const part of [...parts].sort((a, b) => a.text.length - b.text.length)) {
    if (text + part.text.length > plannedText) break;
    text += part.text.length;
    shown.add(part);
  }
  const hidden = parts.filter((p) => !shown.has(p));
  return balanced([...parts.filter((p) => shown.has(p)), opaque(balanced(hidden, 'AND'))], 'AND');
}

function orAll(parts: readonly Sql[]): Sql {
  if (parts.length === 0) return FALSE;
  const whole = balanced(parts, 'OR');
  return parts.length > 1 && textOf(parts) > plannedText ? opaque(whole) : whole;
}

/**
 * `a AND b AND …` as a balanced tree: SQLite parses a flat chain as deep as it is long, and
 * refuses an expression deeper than 1,000 (SQLITE_MAX_EXPR_DEPTH): 995 ANDed conditions
 * failed so. Balanced, 1,000 conditions are 10 levels deep.
 */
function balanced(parts: readonly Sql[], op: 'AND' | 'OR'): Sql {
  let level = parts;
  while (level.length > 1) {
    const next: Sql[] = [];
    for (let i = 0; i < level.length; i += 2) {
      const right = level[i + 1];
      next.push(right ? sql`(${level[i]!} ${raw(op)} ${right})` : level[i]!);
    }
    level = next;
  }
  return level[0]!;
}

/**
 * Lists longer than this are bound as one JSON array that json_each reads, instead of one
 * parameter per value: a statement binds at most 32,766 parameters (SQLITE_MAX_VARIABLE_NUMBER)
 * and a query may hold 100 lists of 10,000 values. Short lists stay inline, where the planner
 * knows their length.
 */
export const maxInlineValues = 8;

/**
 * `x IN (values)` for strings and numbers (never blobs, which JSON cannot hold). JSON keeps
 * strings as they are and a double's shortest text, which JSON.stringify writes, reads back in
 * SQLite as the same double; but json_each reads a whole number as an exact INTEGER, which is
 * not the double when it is beyond 2^53 (-1152921504606847000 is -1152921504606846976 as a
 * double). So for typed values, whose numbers are REAL (typed-value.ts), whole numbers are
 * made REAL again; columns of safe integers (positions, times, sequence numbers) take them as
 * they are.
 */
function inList(x: Sql, values: readonly (string | number)[], typed = false): Sql {
  if (values.length <= maxInlineValues) {
    return sql`${x} IN (${join(
      values.map((v) => sql`${v}`),
      ', ',
    )})`;
  }
  const list = JSON.stringify(values);
  return typed
    ? sql`${x} IN (SELECT CASE type WHEN 'integer' THEN value + 0.0 ELSE value END FROM json_each(${list}))`
    : sql`${x} IN (SELECT value FROM json_each(${list}))`;
}

/**
 * `x IN (numbers)` for numbers this code looked up itself (stream and type numbers, event
 * positions): a long list is written into the SQL as literals rather than bound as JSON, so
 * the planner knows its length and seeks the segment-led stream and type indexes for it as it
 * does for a short one (for a json_each list it guesses 25 values and scans instead).
 * Integers are safe to write: no text of the caller's reaches the SQL this way.
 */
function inOwnIntegers(x: Sql, numbers: readonly number[]): Sql {
  if (numbers.length <= maxInlineValues) return inList(x, numbers);
  if (!numbers.every((n) => Number.isSafeInteger(n))) throw new Error('not an integer list');
  return sql`${x} IN (${raw(numbers.join(', '))})`;
}

/** `v IN (values)` for a typed value (typed-value.ts): booleans are blobs, bound apart. */
function inTyped(v: Sql, values: readonly (string | number | boolean)[]): Sql {
  if (values.length <= maxInlineValues) {
    return sql`${v} IN (${join(
      values.map((x) => sql`${encodeScalar(x)}`),
      ', ',
    )})`;
  }
  const plain = values.filter((x): x is string | number => typeof x !== 'boolean');
  const flags = [true, false].filter((b) => values.includes(b)).map((b) => sql`${encodeScalar(b)}`);
  const parts: Sql[] = [];
  if (plain.length > 0) parts.push(inList(v, plain, true));
  if (flags.length > 0) parts.push(sql`${v} IN (${join(flags, ', ')})`);
  return orAll(parts);
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

const isTextOperator = (op: BaseOperator): op is TextOperator =>
  (textOperators as readonly string[]).includes(op);

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
  const chars = Array.from(prefix); // by code point
  for (let i = chars.length - 1; i >= 0; i--) {
    const last = chars[i]!.codePointAt(0)!;
    if (last < 0x10ffff) {
      // No spread of the code points: a 64 KiB operand would overflow the stack.
      return chars.slice(0, i).join('') + String.fromCodePoint(last === 0xd7ff ? 0xe000 : last + 1);
    }
  }
  return null;
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
