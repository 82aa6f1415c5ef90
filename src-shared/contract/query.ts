import { z } from 'zod';
import { parseField } from './fields';
import { parseInstant } from './instants';
import { findJsonProblem, type JsonValue } from './json-value';
import { limitText, queryLimits, structuralLimits } from './limits';
import { anyFieldOperators, operatorFacts, operators, type Operator } from './operators';
import { parseRegex } from '../search/regex-syntax';
import { unreachable } from '../unreachable';
import { intervalMs } from './bucket-interval';
import { isWellFormed, notWellFormed, wellFormedText } from './well-formed';

export { intervalMs };

/**
 * `field: '*'` [ext]: every string stored in the event (stream id, event type, a caller-
 * supplied id, and the string values of payload and metadata at any depth); the condition
 * holds when one of them matches. The operators with `anyField` take it (operators.ts).
 */
export const anyField = '*';

/** The longest text or pattern operand `operator` takes on `field`. */
export function maxOperandLength(field: string, operator: Operator): number {
  return field === anyField || operatorFacts[operator].textIndex
    ? structuralLimits.maxSearchTermLength
    : structuralLimits.maxTextOperandLength;
}

export interface Condition {
  field: string;
  operator: Operator;
  value?: JsonValue;
}
export type WhereNode = Condition | { or: WhereNode[] } | { and: WhereNode[] } | { not: WhereNode };

export const reduceTypes = ['count', 'sum', 'avg', 'min', 'max', 'percentile', 'collect'] as const;
export type ReduceType = (typeof reduceTypes)[number];

export interface TimeBucketKey {
  field: string;
  /** `<n><unit>` with unit ms, s, m, h, d or w: '1m', '5m', '1h', '1d'. */
  interval: string;
}
export type GroupKey = string | TimeBucketKey;

export interface Reduce {
  type: ReduceType;
  field?: string;
  groupBy?: GroupKey[];
  /** [ext] count/collect: distinct values only (collect keeps the order of first appearance). */
  distinct?: boolean;
  /**
   * [ext] percentile: the fraction of the numeric values at or below the answer, 0 to 1
   * (0.99 for p99). The answer is one of the values (nearest rank: percentile.ts).
   */
  p?: number;
}

export interface OrderBy {
  field: string;
  direction?: 'asc' | 'desc';
}

export interface Query {
  from: { instance: string; stream?: string };
  where?: WhereNode[];
  select?: string[];
  orderBy?: OrderBy;
  limit?: number;
  offset?: number;
  /**
   * [ext] Keyset paging: the `nextCursor` or `prevCursor` of another page of this query (same
   * query otherwise).
   */
  cursor?: string;
  /**
   * [ext] The id of an event (generated or caller-supplied) at which the first page starts, in
   * the query's order; `prevCursor` pages backwards from it. The event must be one of the
   * query's events (NOT_FOUND otherwise).
   */
  startAt?: string;
  /**
   * [ext] `false`: answer the page without counting the matches when the count would need a
   * scan; `total` is then null (ask again with `limit: 0` for it). Default true.
   */
  total?: boolean;
  reduce?: Reduce;
}

type IssuePath = (string | number)[];
type Report = (path: IssuePath, message: string) => void;

const scalarTypes = new Set(['string', 'number', 'boolean']);
const isScalar = (v: unknown): boolean => v === null || scalarTypes.has(typeof v);
const isOrderable = (v: unknown): boolean => typeof v === 'string' || typeof v === 'number';

function checkField(text: unknown, operator: unknown, path: IssuePath, report: Report): boolean {
  if (text === anyField) {
    if (isOperator(operator) && operatorFacts[operator].anyField) return true;
    report(
      path,
      `"*" (every string in the event) takes ${anyFieldOperators.join(', ')}, not ${JSON.stringify(operator)}`,
    );
    return false;
  }
  if (typeof text !== 'string') {
    report(path, 'must be a field name (a string)');
    return false;
  }
  const parsed = parseField(text);
  if (!parsed.ok) report(path, parsed.message);
  return parsed.ok;
}

function isTimestampField(text: string): boolean {
  const parsed = parseField(text);
  return parsed.ok && parsed.field.kind === 'top' && parsed.field.name === 'timestamp';
}

function checkOperand(
  field: string,
  operator: Operator,
  value: unknown,
  path: IssuePath,
  report: Report,
) {
  const onTime = isTimestampField(field);
  const checkInstant = (v: unknown, p: IssuePath) => {
    if (parseInstant(v) === null)
      report(p, `${JSON.stringify(v)} is not a timestamp (epoch ms or ISO 8601)`);
  };
  const hasJsonProblem = (v: unknown, p: IssuePath) => {
    const problem = findJsonProblem(v, 4);
    if (problem) report([...p, ...problem.path], problem.message);
    return problem !== null;
  };
  const kind = operatorFacts[operator].operand;
  switch (kind) {
    case 'scalar':
      if (value === undefined) return report(path, `is required for "${operator}"`);
      if (hasJsonProblem(value, path)) return;
      if (!isScalar(value))
        return report(path, `must be a string, number, boolean or null for "${operator}"`);
      if (onTime && value !== null) checkInstant(value, path);
      return;
    case 'orderable':
      if (!isOrderable(value) || hasJsonProblem(value, path)) {
        return report(path, `must be a number or a string for "${operator}"`);
      }
      if (onTime) checkInstant(value, path);
      return;
    case 'text':
    case 'pattern': {
      if (onTime) {
        return report(
          path.slice(0, -1).concat('operator'),
          `"${operator}" does not apply to timestamp (an instant); use gt, lt or between`,
        );
      }
      if (typeof value !== 'string') return report(path, `must be a string for "${operator}"`);
      const max = maxOperandLength(field, operator);
      if (value.length > max) {
        return report(
          path,
          `is ${limitText(value.length)} characters long (the limit is ${limitText(max)}${max === structuralLimits.maxSearchTermLength ? ' for a search term' : ''})`,
        );
      }
      if (!isWellFormed(value)) return report(path, notWellFormed(value));
      if (kind === 'pattern') {
        const parsed = parseRegex(value);
        if (!parsed.ok) return report(path, `not a valid regular expression: ${parsed.message}`);
      }
      return;
    }
    case 'list': {
      if (!Array.isArray(value)) return report(path, `must be an array for "${operator}"`);
      if (value.length > structuralLimits.maxInValues) {
        return report(
          path,
          `has ${limitText(value.length)} values (the limit is ${limitText(structuralLimits.maxInValues)} per list)`,
        );
      }
      // Up to a million values per query: no path is built for a value that is fine.
      for (let i = 0; i < value.length; i++) {
        const v: unknown = value[i];
        const plain =
          v === null ||
          typeof v === 'string' ||
          typeof v === 'boolean' ||
          (typeof v === 'number' && Number.isFinite(v));
        if (!plain) {
          if (!hasJsonProblem(v, [...path, i]))
            report([...path, i], 'must be a string, number, boolean or null');
        } else if (typeof v === 'string' && !isWellFormed(v)) {
          report([...path, i], notWellFormed(v));
        } else if (onTime && v !== null) checkInstant(v, [...path, i]);
      }
      return;
    }
    case 'range': {
      if (!Array.isArray(value) || value.length !== 2) {
        return report(path, `must be an array of two bounds [low, high] for "${operator}"`);
      }
      const [low, high] = value as unknown[];
      if (onTime) {
        checkInstant(low, [...path, 0]);
        checkInstant(high, [...path, 1]);
        return;
      }
      if (!isOrderable(low) || hasJsonProblem(low, [...path, 0]))
        return report([...path, 0], 'must be a number or a string');
      if (!isOrderable(high) || hasJsonProblem(high, [...path, 1]))
        return report([...path, 1], 'must be a number or a string');
      if (typeof low !== typeof high) return report(path, 'both bounds must have the same type');
      return;
    }
    case 'flag':
      if (typeof value !== 'boolean')
        return report(path, `must be true or false for "${operator}"`);
      return;
    default:
      return unreachable(kind);
  }
}

/**
 * The size of a `where`: its conditions and groups, and the values of its in/nin lists,
 * counted without recursion and only until a limit is passed. A query over a limit is refused
 * before any of its nodes is checked or compiled.
 */
function measureWhere(top: readonly unknown[]): { nodes: number; listValues: number } {
  const maxNodes = structuralLimits.maxConditions;
  const maxValues = structuralLimits.maxInValuesPerQuery;
  const list = (x: unknown): readonly unknown[] => (Array.isArray(x) ? x : []);
  let nodes = top.length;
  let listValues = 0;
  const stack = nodes <= maxNodes ? [...top] : [];
  while (stack.length > 0 && nodes <= maxNodes && listValues <= maxValues) {
    const node = stack.pop();
    if (typeof node !== 'object' || node === null) continue;
    const { or, and, not, operator, value } = node as Record<string, unknown>;
    if (isOperator(operator) && operatorFacts[operator].operand === 'list') {
      listValues += list(value).length;
    }
    const hasNot = 'not' in node;
    nodes += list(or).length + list(and).length + (hasNot ? 1 : 0);
    if (nodes > maxNodes) break;
    for (const child of [...list(or), ...list(and)]) stack.push(child);
    if (hasNot) stack.push(not);
  }
  return { nodes, listValues };
}

const isOperator = (x: unknown): x is Operator =>
  typeof x === 'string' && Object.hasOwn(operatorFacts, x);

/** `node` sits inside `depth` groups; validation bounds the recursion by maxConditionDepth. */
function checkWhereNode(node: unknown, path: IssuePath, depth: number, report: Report) {
  if (depth > structuralLimits.maxConditionDepth) {
    report(
      path,
      `groups are nested more than ${structuralLimits.maxConditionDepth} levels deep (the limit)`,
    );
    return;
  }
  if (typeof node !== 'object' || node === null || Array.isArray(node)) {
    report(
      path,
      'must be a condition {field, operator, value} or a group {or: [...]}, {and: [...]}, {not: ...}',
    );
    return;
  }
  const keys = Object.keys(node);
  const obj = node as Record<string, unknown>;
  if ('or' in obj || 'and' in obj) {
    const kind = 'or' in obj ? 'or' : 'and';
    const extra = keys.filter((k) => k !== kind);
    if (extra.length > 0) return report(path, `unknown key "${extra[0]!}" in an "${kind}" group`);
    const list = obj[kind];
    if (!Array.isArray(list)) return report([...path, kind], 'must be an array of conditions');
    list.forEach((child: unknown, i) =>
      checkWhereNode(child, [...path, kind, i], depth + 1, report),
    );
    return;
  }
  if ('not' in obj) {
    const extra = keys.filter((k) => k !== 'not');
    if (extra.length > 0) return report(path, `unknown key "${extra[0]!}" in a "not" group`);
    checkWhereNode(obj.not, [...path, 'not'], depth + 1, report);
    return;
  }
  const extra = keys.filter((k) => k !== 'field' && k !== 'operator' && k !== 'value');
  if (extra.length > 0)
    return report([...path, extra[0]!], `unknown key "${extra[0]!}" in a condition`);
  const fieldOk = checkField(obj.field, obj.operator, [...path, 'field'], report);
  if (!isOperator(obj.operator)) {
    report(
      [...path, 'operator'],
      `unknown operator ${JSON.stringify(obj.operator)} (expected one of ${operators.join(', ')})`,
    );
    return;
  }
  if (fieldOk)
    checkOperand(obj.field as string, obj.operator, obj.value, [...path, 'value'], report);
}

const fieldName = z.string().superRefine((text, ctx) => {
  const parsed = parseField(text);
  if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.message });
});

const whereSchema = z.array(z.unknown()).superRefine((nodes, ctx) => {
  const size = measureWhere(nodes);
  const over = (message: string) => ctx.addIssue({ code: 'custom', message });
  if (size.nodes > structuralLimits.maxConditions) {
    return over(
      `has more than ${limitText(structuralLimits.maxConditions)} conditions and groups (the limit per query)`,
    );
  }
  if (size.listValues > structuralLimits.maxInValuesPerQuery) {
    return over(
      `has more than ${limitText(structuralLimits.maxInValuesPerQuery)} values in its in/nin lists (the limit per query)`,
    );
  }
  nodes.forEach((node, i) =>
    checkWhereNode(node, [i], 0, (path, message) =>
      ctx.addIssue({ code: 'custom', message, path }),
    ),
  );
}) as unknown as z.ZodType<WhereNode[], WhereNode[]>;

const groupKeySchema = z.union([
  fieldName,
  z.strictObject({
    field: fieldName,
    interval: z.string().refine((t) => intervalMs(t) !== null, {
      message: 'must be an interval like 30s, 1m, 5m, 1h, 1d or 1w',
    }),
  }),
]);

const pMessage = 'must be a number from 0 to 1, the fraction of values at or below (0.99 for p99)';

const reduceSchema = z
  .strictObject({
    type: z.enum(reduceTypes),
    field: fieldName.optional(),
    groupBy: z
      .array(groupKeySchema)
      .max(structuralLimits.maxGroupByKeys, {
        message: `has more than ${structuralLimits.maxGroupByKeys} group keys (the limit)`,
      })
      .optional(),
    distinct: z.boolean().optional(),
    p: z
      .number({ error: pMessage })
      .min(0, { message: pMessage })
      .max(1, { message: pMessage })
      .optional(),
  })
  .superRefine((r, ctx) => {
    if (r.type === 'percentile' && r.p === undefined) {
      ctx.addIssue({ code: 'custom', message: `"percentile" needs p: ${pMessage}`, path: ['p'] });
    }
    if (r.p !== undefined && r.type !== 'percentile') {
      ctx.addIssue({
        code: 'custom',
        message: `"p" applies to percentile, not to "${r.type}"`,
        path: ['p'],
      });
    }
    if (r.type !== 'count' && r.field === undefined) {
      ctx.addIssue({ code: 'custom', message: `"${r.type}" needs a field`, path: ['field'] });
    }
    if (r.distinct && r.type !== 'count' && r.type !== 'collect') {
      ctx.addIssue({
        code: 'custom',
        message: `"distinct" applies to count and collect, not to "${r.type}"`,
        path: ['distinct'],
      });
    }
    if (r.distinct && r.field === undefined) {
      ctx.addIssue({ code: 'custom', message: '"distinct" needs a field', path: ['distinct'] });
    }
    const seen = new Set<string>();
    (r.groupBy ?? []).forEach((key, i) => {
      const name = groupKeyName(key);
      if (seen.has(name)) {
        ctx.addIssue({
          code: 'custom',
          message: `"${name}" is grouped by twice; each group key needs its own name`,
          path: ['groupBy', i],
        });
      }
      seen.add(name);
      if (typeof key !== 'string' && !isTimestampField(key.field)) {
        ctx.addIssue({
          code: 'custom',
          message: 'time buckets apply to the timestamp field only',
          path: ['groupBy', i, 'field'],
        });
      }
    });
  });

/** The name a group key has in `groups[].key`: the field as the query spells it. */
export function groupKeyName(key: GroupKey): string {
  return typeof key === 'string' ? key : key.field;
}

export const querySchema = z
  .strictObject({
    from: z.strictObject({
      instance: wellFormedText(
        z
          .string()
          .min(1)
          .max(structuralLimits.maxNameLength, {
            message: `is longer than ${structuralLimits.maxNameLength} characters (the limit)`,
          }),
      ),
      stream: wellFormedText(
        z
          .string()
          .min(1)
          .max(structuralLimits.maxStreamIdLength, {
            message: `is longer than ${structuralLimits.maxStreamIdLength} characters (the limit)`,
          }),
      ).optional(),
    }),
    where: whereSchema.optional(),
    select: z
      .array(fieldName)
      .max(structuralLimits.maxSelectFields, {
        message: `has more than ${structuralLimits.maxSelectFields} fields (the limit)`,
      })
      .optional(),
    orderBy: z
      .strictObject({ field: fieldName, direction: z.enum(['asc', 'desc']).optional() })
      .optional(),
    limit: z
      .int()
      .min(0)
      .max(queryLimits.maxLimit, {
        message: `must be at most ${limitText(queryLimits.maxLimit)} (the limit; page further with cursor or offset)`,
      })
      .optional(),
    offset: z.int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
    cursor: wellFormedText(z.string().min(1).max(4096)).optional(),
    total: z.boolean().optional(),
    startAt: wellFormedText(
      z
        .string()
        .min(1)
        .max(structuralLimits.maxEventIdLength, {
          message: `is longer than ${structuralLimits.maxEventIdLength} characters (the limit for an event id)`,
        }),
    ).optional(),
    reduce: reduceSchema.optional(),
  })
  .superRefine((q, ctx) => {
    if (q.select !== undefined && q.select.length === 0) {
      ctx.addIssue({ code: 'custom', message: 'must name at least one field', path: ['select'] });
    }
    if (q.reduce && q.select) {
      ctx.addIssue({
        code: 'custom',
        message: 'select does not apply to an aggregation (reduce); leave one of them out',
        path: ['select'],
      });
    }
    if (q.startAt !== undefined && q.cursor !== undefined) {
      ctx.addIssue({
        code: 'custom',
        message: 'a cursor already says where the page starts; leave out startAt or cursor',
        path: ['startAt'],
      });
    }
    if (q.reduce && q.startAt !== undefined) {
      ctx.addIssue({
        code: 'custom',
        message: 'startAt pages events, not aggregations',
        path: ['startAt'],
      });
    }
    if (q.reduce && q.cursor) {
      ctx.addIssue({
        code: 'custom',
        message: 'a cursor pages events, not aggregations; page groups with limit and offset',
        path: ['cursor'],
      });
    }
  }) satisfies z.ZodType<Query>;
