import { z } from 'zod';
import { parseField } from './fields';
import { parseInstant } from './instants';
import { findJsonProblem, type JsonValue } from './json-value';
import { queryLimits, structuralLimits } from './limits';
import { parseRegex } from '../search/regex-syntax';

export const operators = [
  'eq',
  'neq',
  'gt',
  'gte',
  'lt',
  'lte',
  'contains',
  'in',
  'between',
  'nin',
  'exists',
  'startsWith',
  'icontains',
  'istartsWith',
  'ieq',
  'matches',
  'imatches',
] as const;
export type Operator = (typeof operators)[number];

/**
 * `field: '*'` [ext]: every string stored in the event (stream id, event type, a caller-
 * supplied id, and the string values of payload and metadata at any depth); the condition
 * holds when one of them matches. Only these operators take it.
 */
export const anyField = '*';
export const anyFieldOperators: readonly Operator[] = [
  'contains',
  'icontains',
  'matches',
  'imatches',
];

/** The longest operand of the text operators added for search, and of any operator on `*`. */
export const maxSearchTermLength = 1_000;

export interface Condition {
  field: string;
  operator: Operator;
  value?: JsonValue;
}
export type WhereNode = Condition | { or: WhereNode[] } | { and: WhereNode[] } | { not: WhereNode };

export const reduceTypes = ['count', 'sum', 'avg', 'min', 'max', 'collect'] as const;
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
  /** [ext] Keyset paging: the `nextCursor` of the previous page (same query otherwise). */
  cursor?: string;
  reduce?: Reduce;
}

const intervalUnits = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
} as const;

/** The length of a bucket interval in ms, or null when the text is not an interval. */
export function intervalMs(text: string): number | null {
  const m = /^(\d{1,6})(ms|s|m|h|d|w)$/u.exec(text);
  if (!m) return null;
  const n = Number(m[1]) * intervalUnits[m[2] as keyof typeof intervalUnits];
  return n > 0 ? n : null;
}

type IssuePath = (string | number)[];
type Report = (path: IssuePath, message: string) => void;

const scalarTypes = new Set(['string', 'number', 'boolean']);
const isScalar = (v: unknown): boolean => v === null || scalarTypes.has(typeof v);
const isOrderable = (v: unknown): boolean => typeof v === 'string' || typeof v === 'number';

function checkField(text: unknown, operator: unknown, path: IssuePath, report: Report): boolean {
  if (text === anyField) {
    if (anyFieldOperators.includes(operator as Operator)) return true;
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
  switch (operator) {
    case 'eq':
    case 'neq':
      if (value === undefined) return report(path, `is required for "${operator}"`);
      if (hasJsonProblem(value, path)) return;
      if (!isScalar(value))
        return report(path, `must be a string, number, boolean or null for "${operator}"`);
      if (onTime && value !== null) checkInstant(value, path);
      return;
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte':
      if (!isOrderable(value) || hasJsonProblem(value, path)) {
        return report(path, `must be a number or a string for "${operator}"`);
      }
      if (onTime) checkInstant(value, path);
      return;
    case 'contains':
    case 'startsWith':
    case 'icontains':
    case 'istartsWith':
    case 'ieq':
    case 'matches':
    case 'imatches': {
      if (onTime) {
        return report(
          path.slice(0, -1).concat('operator'),
          `"${operator}" does not apply to timestamp (an instant); use gt, lt or between`,
        );
      }
      if (typeof value !== 'string') return report(path, `must be a string for "${operator}"`);
      const max =
        field === anyField || (operator !== 'contains' && operator !== 'startsWith')
          ? maxSearchTermLength
          : structuralLimits.maxQueryStringBytes;
      if (value.length > max) return report(path, `is longer than ${max} characters`);
      if (operator === 'matches' || operator === 'imatches') {
        const parsed = parseRegex(value);
        if (!parsed.ok) return report(path, `not a valid regular expression: ${parsed.message}`);
      }
      return;
    }
    case 'in':
    case 'nin': {
      if (!Array.isArray(value)) return report(path, `must be an array for "${operator}"`);
      if (value.length > structuralLimits.maxInValues) {
        return report(path, `has more than ${structuralLimits.maxInValues} values`);
      }
      value.forEach((v: unknown, i) => {
        if (hasJsonProblem(v, [...path, i])) return;
        if (!isScalar(v)) report([...path, i], 'must be a string, number, boolean or null');
        else if (onTime && v !== null) checkInstant(v, [...path, i]);
      });
      return;
    }
    case 'between': {
      if (!Array.isArray(value) || value.length !== 2) {
        return report(path, 'must be an array of two bounds [low, high] for "between"');
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
    case 'exists':
      if (typeof value !== 'boolean') return report(path, 'must be true or false for "exists"');
      return;
  }
}

function checkWhereNode(
  node: unknown,
  path: IssuePath,
  depth: number,
  count: { n: number },
  report: Report,
) {
  if (++count.n > structuralLimits.maxConditions) {
    report(path, `the query has more than ${structuralLimits.maxConditions} conditions`);
    return;
  }
  if (depth > structuralLimits.maxConditionDepth) {
    report(path, `groups are nested deeper than ${structuralLimits.maxConditionDepth} levels`);
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
      checkWhereNode(child, [...path, kind, i], depth + 1, count, report),
    );
    return;
  }
  if ('not' in obj) {
    const extra = keys.filter((k) => k !== 'not');
    if (extra.length > 0) return report(path, `unknown key "${extra[0]!}" in a "not" group`);
    checkWhereNode(obj.not, [...path, 'not'], depth + 1, count, report);
    return;
  }
  const extra = keys.filter((k) => k !== 'field' && k !== 'operator' && k !== 'value');
  if (extra.length > 0)
    return report([...path, extra[0]!], `unknown key "${extra[0]!}" in a condition`);
  const fieldOk = checkField(obj.field, obj.operator, [...path, 'field'], report);
  if (
    typeof obj.operator !== 'string' ||
    !(operators as readonly string[]).includes(obj.operator)
  ) {
    report(
      [...path, 'operator'],
      `unknown operator ${JSON.stringify(obj.operator)} (expected one of ${operators.join(', ')})`,
    );
    return;
  }
  if (fieldOk)
    checkOperand(
      obj.field as string,
      obj.operator as Operator,
      obj.value,
      [...path, 'value'],
      report,
    );
}

const fieldName = z.string().superRefine((text, ctx) => {
  const parsed = parseField(text);
  if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.message });
});

const whereSchema = z.array(z.unknown()).superRefine((nodes, ctx) => {
  const count = { n: 0 };
  nodes.forEach((node, i) =>
    checkWhereNode(node, [i], 1, count, (path, message) =>
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

const reduceSchema = z
  .strictObject({
    type: z.enum(reduceTypes),
    field: fieldName.optional(),
    groupBy: z.array(groupKeySchema).max(structuralLimits.maxGroupByKeys).optional(),
    distinct: z.boolean().optional(),
  })
  .superRefine((r, ctx) => {
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
      instance: z.string().min(1).max(structuralLimits.maxNameLength),
      stream: z.string().min(1).max(structuralLimits.maxStreamIdLength).optional(),
    }),
    where: whereSchema.optional(),
    select: z.array(fieldName).max(structuralLimits.maxSelectFields).optional(),
    orderBy: z
      .strictObject({ field: fieldName, direction: z.enum(['asc', 'desc']).optional() })
      .optional(),
    limit: z
      .int()
      .min(0)
      .max(queryLimits.maxLimit, {
        message: `must be at most ${queryLimits.maxLimit} (page further with cursor or offset)`,
      })
      .optional(),
    offset: z.int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
    cursor: z.string().min(1).max(4096).optional(),
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
    if (q.reduce && q.cursor) {
      ctx.addIssue({
        code: 'custom',
        message: 'a cursor pages events, not aggregations; page groups with limit and offset',
        path: ['cursor'],
      });
    }
  }) satisfies z.ZodType<Query>;
