import { parseInstant } from '../../../src-shared/contract/instants';
import { formatPath } from '../../../src-shared/contract/issues';
import { querySchema, type Query, type WhereNode } from '../../../src-shared/contract/query';
import type { Instance } from '../../../src-shared/contract/records';
import {
  resolveTimeRange,
  toFullQuery,
  type QueryParts,
  type TimeRange,
} from '../../state/query-store';
import { isTimeField } from '../query-builder/field-catalog';
import { lineColumn, locateJson, spanAt } from './json-locate';

/**
 * The DSL as JSON text, both ways. The text is the query exactly as it is sent (time range
 * included, as a `timestamp between` condition); reading it back gives the store's parts, with
 * that condition turned back into the time range. Instances are shown by name (portable, and
 * what people read); the store keeps ids.
 */
export interface TextProblem {
  from: number;
  to: number;
  /** `where[1].value: must be an array for "in"`, or a syntax error with line and column. */
  message: string;
}

export type ParsedQueryText =
  | { ok: true; query: Query; parts: QueryParts; notes: string[] }
  | { ok: false; problems: TextProblem[] };

function instanceByRef(instances: readonly Instance[], ref: string): Instance | undefined {
  return instances.find((i) => i.id === ref) ?? instances.find((i) => i.name === ref);
}

/** The query with its instance named the way people read it. */
export function displayQuery(query: Query, instances: readonly Instance[]): Query {
  const known = instanceByRef(instances, query.from.instance);
  if (!known) return query;
  return { ...query, from: { ...query.from, instance: known.name } };
}

export function queryText(query: Query | null): string {
  return query === null ? '' : JSON.stringify(query, null, 2);
}

export function partsToText(
  parts: QueryParts,
  instances: readonly Instance[],
  now: number,
): string {
  const query = toFullQuery(parts, now);
  return query ? queryText(displayQuery(query, instances)) : '';
}

/** The `timestamp between [a, b]` condition toQuery adds for a time range, as instants. */
function timeBetween(node: WhereNode): { from: number; to: number } | null {
  if (!('field' in node) || node.operator !== 'between' || !isTimeField(node.field)) return null;
  if (!Array.isArray(node.value) || node.value.length !== 2) return null;
  const from = parseInstant(node.value[0]);
  const to = parseInstant(node.value[1]);
  return from === null || to === null || from > to ? null : { from, to };
}

/**
 * A validated query as store parts. The last top-level `timestamp between` becomes the time
 * range (kept as it was when it is the current range resolved at `now`, so a relative range
 * stays relative). `offset`, `cursor` and `startAt` are paging, which the views own: they are not applied,
 * and a note says so.
 */
export function queryToParts(
  query: Query,
  current: QueryParts,
  instanceId: string,
  now: number,
  extractTimeRange = true,
): { parts: QueryParts; notes: string[] } {
  const notes: string[] = [];
  const where = [...(query.where ?? [])];
  let timeRange: TimeRange | null = null;
  for (let k = where.length - 1; extractTimeRange && k >= 0; k--) {
    const range = timeBetween(where[k]!);
    if (!range) continue;
    const resolved = current.timeRange ? resolveTimeRange(current.timeRange, now) : null;
    timeRange =
      current.timeRange && resolved && resolved.from === range.from && resolved.to === range.to
        ? current.timeRange
        : { kind: 'absolute', ...range };
    where.splice(k, 1);
    break;
  }
  if (query.offset !== undefined && query.offset !== 0) {
    notes.push(`offset ${query.offset} is not applied: the views page by themselves`);
  }
  if (query.cursor !== undefined) {
    notes.push('cursor is not applied: the views page by themselves');
  }
  if (query.startAt !== undefined) {
    notes.push('startAt is not applied: the views page by themselves');
  }
  return {
    parts: {
      instance: instanceId,
      stream: query.from.stream ?? null,
      where,
      timeRange,
      orderBy: query.orderBy ?? null,
      select: query.select ?? null,
      reduce: query.reduce ?? null,
      limit: query.limit ?? null,
    },
    notes,
  };
}

/** Reads the editor's text: syntax, then the contract's schema, then the instance. */
export function parseQueryText(
  text: string,
  current: QueryParts,
  instances: readonly Instance[],
  now: number,
): ParsedQueryText {
  const located = locateJson(text);
  if (!located.ok) {
    const { line, column } = lineColumn(text, located.error.at);
    return {
      ok: false,
      problems: [
        {
          from: located.error.at,
          to: Math.min(located.error.at + 1, text.length),
          message: `line ${line}, column ${column}: ${located.error.message}`,
        },
      ],
    };
  }
  const parsed = querySchema.safeParse(located.value);
  if (!parsed.success) {
    const problems: TextProblem[] = [];
    for (const issue of parsed.error.issues) {
      const path = issue.path.filter(
        (p): p is string | number => typeof p === 'string' || typeof p === 'number',
      );
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) {
          const span = spanAt(located.spans, [...path, key], true);
          problems.push({
            ...span,
            message: `${formatPath([...path, key])}: unknown key "${key}"`,
          });
        }
        continue;
      }
      const span = spanAt(located.spans, path);
      const where = formatPath(path);
      const message = issue.message.replace(/^Invalid input: expected/u, 'expected');
      problems.push({ ...span, message: where ? `${where}: ${message}` : message });
    }
    return { ok: false, problems };
  }
  const query = parsed.data;
  const instance = instanceByRef(instances, query.from.instance);
  if (!instance) {
    return {
      ok: false,
      problems: [
        {
          ...spanAt(located.spans, ['from', 'instance']),
          message: `from.instance: there is no instance "${query.from.instance}"`,
        },
      ],
    };
  }
  const { parts, notes } = queryToParts(query, current, instance.id, now);
  return { ok: true, query, parts, notes };
}
