import { parseInstant } from '../../../src-shared/contract/instants';
import type { JsonValue } from '../../../src-shared/contract/json-value';
import { isMirrored, type MirroredOperator } from '../../../src-shared/contract/operators';
import type { Condition, WhereNode } from '../../../src-shared/contract/query';
import { join, raw, sql, type Sql, type SqlParam } from '../db/sql';
import { prepareTextTest } from '../search/text-match';
import { fieldOf, mirrorField, Uncovered, type MirrorField } from './mirror-fields';
import { mirrorsRegex } from './mirror-regex';
import type { PathTree, ValueKind } from './path-tree';

const TRUE = sql`TRUE`;
const FALSE = sql`FALSE`;

/**
 * Compiles `where` to one DuckDB condition over the mirror's events table aliased `e`, with
 * the semantics of the SQLite compiler (query/where-compiler.ts, docs/query-dsl.md): NOT is
 * pushed down to the conditions, and each condition has a positive form (which may be NULL
 * where a value is missing: AND/OR of positive forms treat that as false) and an exact
 * negation that holds for events without the field.
 */
export function compileMirrorWhere(nodes: readonly WhereNode[], tree: PathTree): Sql {
  return andAll(nodes.map((n) => compileNode(n, false, tree)));
}

function andAll(parts: Sql[]): Sql {
  if (parts.length === 0) return TRUE;
  return parts.length === 1 ? parts[0]! : sql`(${join(parts, ' AND ')})`;
}

function orAll(parts: Sql[]): Sql {
  if (parts.length === 0) return FALSE;
  return parts.length === 1 ? parts[0]! : sql`(${join(parts, ' OR ')})`;
}

function compileNode(node: WhereNode, negated: boolean, tree: PathTree): Sql {
  if ('or' in node) {
    const parts = node.or.map((c) => compileNode(c, negated, tree));
    return negated ? andAll(parts) : orAll(parts);
  }
  if ('and' in node) {
    const parts = node.and.map((c) => compileNode(c, negated, tree));
    return negated ? orAll(parts) : andAll(parts);
  }
  if ('not' in node) return compileNode(node.not, !negated, tree);
  const { operator } = node;
  // The router sends none (mirror-routing.ts); should one arrive, SQLite answers it.
  if (!isMirrored(operator))
    throw new Uncovered(`the mirror has no meaning for ${String(operator)}`);
  const leaf = condition({ ...node, operator }, mirrorField(fieldOf(node.field), tree));
  return negated ? leaf.neg : leaf.pos;
}

interface Leaf {
  pos: Sql;
  neg: Sql;
}

/** A positive form that may be NULL (a missing value): its negation treats NULL as false. */
const nullable = (pos: Sql): Leaf => ({ pos, neg: sql`NOT coalesce(${pos}, FALSE)` });
const twoValued = (pos: Sql): Leaf => ({ pos, neg: sql`NOT ${pos}` });
const never: Leaf = { pos: FALSE, neg: TRUE };
const swap = (leaf: Leaf): Leaf => ({ pos: leaf.neg, neg: leaf.pos });

type Scalar = string | number | boolean;
const kindOf = (v: Scalar): ValueKind =>
  typeof v === 'number' ? 'n' : typeof v === 'string' ? 's' : 'b';

/**
 * A bound operand. Integers compared with the integer columns (time, sequence) are bound as
 * BIGINT, so DuckDB compares integers and can skip row groups by their min/max; other numbers
 * are doubles, as JSON numbers are.
 */
function operand(f: MirrorField, v: Scalar): Sql {
  if (typeof v === 'boolean') return v ? TRUE : FALSE;
  const integral = f.kind === 'timestamp' || f.kind === 'sequence_number';
  const p: SqlParam = integral && Number.isSafeInteger(v) ? BigInt(v) : v;
  return sql`${p}`;
}

/** Every case of the switch is a MirroredOperator: one marked `mirror: true` needs a case here. */
function condition(c: Condition & { operator: MirroredOperator }, f: MirrorField): Leaf {
  // On timestamp every operand is an instant: epoch ms or ISO text, compared as ms.
  const value = f.kind === 'timestamp' && c.operator !== 'exists' ? instants(c.value) : c.value;
  const col = (v: Scalar): Sql | undefined => f.parts[kindOf(v)];
  const isScalar = (v: unknown): v is Scalar =>
    typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
  switch (c.operator) {
    case 'eq':
    case 'neq': {
      let leaf: Leaf;
      if (value === null || value === undefined) leaf = twoValued(f.isNull);
      else if (!isScalar(value) || !col(value)) leaf = never;
      else leaf = nullable(sql`(${col(value)!} = ${operand(f, value)})`);
      return c.operator === 'eq' ? leaf : swap(leaf);
    }
    case 'in':
    case 'nin': {
      const list = Array.isArray(value) ? value : [];
      const alternatives: Sql[] = [];
      for (const kind of ['n', 's', 'b'] as const) {
        const column = f.parts[kind];
        const values = list.filter((x): x is Scalar => isScalar(x) && kindOf(x) === kind);
        if (!column || values.length === 0) continue;
        const unique = [...new Set(values)];
        alternatives.push(
          sql`${column} IN (${join(
            unique.map((x) => operand(f, x)),
            ', ',
          )})`,
        );
      }
      if (list.includes(null)) alternatives.push(f.isNull);
      const leaf = alternatives.length > 0 ? nullable(orAll(alternatives)) : never;
      return c.operator === 'in' ? leaf : swap(leaf);
    }
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      if (typeof value !== 'number' && typeof value !== 'string') return never;
      const column = col(value);
      if (!column) return never;
      const op = { gt: '>', gte: '>=', lt: '<', lte: '<=' }[c.operator];
      return nullable(sql`(${column} ${raw(op)} ${operand(f, value)})`);
    }
    case 'between': {
      const [low, high] = Array.isArray(value) ? value : [];
      if (typeof low !== typeof high || (typeof low !== 'number' && typeof low !== 'string')) {
        return never;
      }
      const column = col(low);
      if (!column) return never;
      return nullable(
        sql`(${column} BETWEEN ${operand(f, low)} AND ${operand(f, high as string | number)})`,
      );
    }
    case 'contains':
    case 'startsWith': {
      // Case-sensitive and literal (no LIKE): DuckDB's contains/starts_with compare bytes.
      const column = f.parts.s;
      if (typeof value !== 'string' || !column) return never;
      const fn = raw(c.operator === 'contains' ? 'contains' : 'starts_with');
      return nullable(sql`${fn}(${column}, ${value})`);
    }
    case 'matches':
    case 'imatches': {
      // RE2 in both engines, with the same options (mirror-regex.ts); strings only.
      const column = f.parts.s;
      if (typeof value !== 'string' || !column) return never;
      const ignoreCase = c.operator === 'imatches';
      if (!mirrorsRegex(value, ignoreCase)) throw new Uncovered('a pattern RE2 builds differ on');
      // The engine's RE2 decides what is valid: a pattern it refuses is SQLite's error to give.
      prepareTextTest(c.operator, value, 'value');
      // A bound pattern is planned as a constant (compiled once per query, not per row).
      return nullable(
        ignoreCase
          ? sql`regexp_matches(${column}, ${value}, 'i')`
          : sql`regexp_matches(${column}, ${value})`,
      );
    }
    case 'exists':
      return value === false ? twoValued(f.isNull) : twoValued(sql`NOT ${f.isNull}`);
  }
}

/** Timestamp operands as ms (null stays null: eq null never matches an instant). */
function instants(value: JsonValue | undefined): JsonValue | undefined {
  const ms = (x: JsonValue): JsonValue => (x === null ? null : parseInstant(x));
  if (Array.isArray(value)) return value.map(ms);
  return value === undefined ? undefined : ms(value);
}
