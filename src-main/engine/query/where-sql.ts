import type { JsonValue } from '../../../src-shared/contract/json-value';
import { join, raw, sql, type Sql } from '../db/sql';
import { encodeScalar } from './typed-value';

// The SQL a compiled where is made of (where-compiler.ts): groups SQLite can plan and parse at
// the DSL's limits, IN lists of any length, ranges within a type, literal text matches.

export const TRUE = sql`1`;
export const FALSE = sql`0`;

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

export function andAll(parts: readonly Sql[]): Sql {
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

export function orAll(parts: readonly Sql[]): Sql {
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
export function inList(x: Sql, values: readonly (string | number)[], typed = false): Sql {
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
export function inOwnIntegers(x: Sql, numbers: readonly number[]): Sql {
  if (numbers.length <= maxInlineValues) return inList(x, numbers);
  if (!numbers.every((n) => Number.isSafeInteger(n))) throw new Error('not an integer list');
  return sql`${x} IN (${raw(numbers.join(', '))})`;
}

/** `v IN (values)` for a typed value (typed-value.ts): booleans are blobs, bound apart. */
export function inTyped(v: Sql, values: readonly (string | number | boolean)[]): Sql {
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

/**
 * contains/startsWith on a path without an index, for full scans: one JSON lookup per event
 * instead of the typed value's two. json_extract also gives text for numbers, booleans and
 * containers, so a hit is confirmed as a string by json_type (which AND only evaluates then).
 */
export function scanTextMatch(
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
export function rangeSql(v: Sql, op: 'gt' | 'gte' | 'lt' | 'lte', x: number | string): Sql {
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
export function textMatch(
  v: Sql,
  op: 'contains' | 'startsWith',
  value: JsonValue | undefined,
): Sql {
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
