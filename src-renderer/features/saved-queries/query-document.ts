import { z } from 'zod';
import { parseInstant } from '../../../src-shared/contract/instants';
import { querySchema, type Query } from '../../../src-shared/contract/query';
import type { Instance } from '../../../src-shared/contract/records';
import type { QueryParts, TimeRange } from '../../state/query-store';
import { queryToParts } from '../query-json/query-text';

/**
 * A query as history and saved queries keep it: the DSL (instance by name, so the file means the
 * same on another machine) and the time range apart from it, so "last 24 hours" stays relative
 * when it is opened again next week.
 */
export interface QueryDocument {
  query: Query;
  timeRange?: StoredTimeRange;
}

/**
 * On disk: relative as `{ last }` (with `end: 'data'` when it ends at the instance's last
 * event), absolute as ISO instants (readable in a diff).
 */
export type StoredTimeRange = { last: string; end?: 'data' } | { from: string; to: string };

export const storedTimeRangeSchema = z.union([
  z.strictObject({
    last: z.string().regex(/^\d{1,6}[mhdw]$/u, 'must be like 15m, 24h, 7d or 2w'),
    end: z.literal('data').optional(),
  }),
  z
    .strictObject({
      from: z.string().refine((s) => parseInstant(s) !== null, 'must be an ISO 8601 instant'),
      to: z.string().refine((s) => parseInstant(s) !== null, 'must be an ISO 8601 instant'),
    })
    .refine((r) => parseInstant(r.from)! <= parseInstant(r.to)!, 'from must not be after to'),
]);

export const queryDocumentSchema = z.strictObject({
  query: querySchema,
  timeRange: storedTimeRangeSchema.optional(),
});

export function storeTimeRange(range: TimeRange | null): StoredTimeRange | undefined {
  if (range === null) return undefined;
  if (range.kind === 'relative')
    return range.end === 'data' ? { last: range.last, end: 'data' } : { last: range.last };
  return { from: new Date(range.from).toISOString(), to: new Date(range.to).toISOString() };
}

export function loadTimeRange(stored: StoredTimeRange | undefined): TimeRange | null {
  if (!stored) return null;
  if ('last' in stored)
    return stored.end === 'data'
      ? { kind: 'relative', last: stored.last, end: 'data' }
      : { kind: 'relative', last: stored.last };
  return { kind: 'absolute', from: parseInstant(stored.from)!, to: parseInstant(stored.to)! };
}

/** The document of the current parts; null before an instance is chosen. */
export function documentOf(
  parts: QueryParts,
  instances: readonly Instance[],
): QueryDocument | null {
  if (parts.instance === null) return null;
  const instance = instances.find((i) => i.id === parts.instance);
  const query: Query = { from: { instance: instance?.name ?? parts.instance } };
  if (parts.stream !== null) query.from.stream = parts.stream;
  if (parts.where.length > 0) query.where = parts.where;
  if (parts.select) query.select = parts.select;
  if (parts.orderBy) query.orderBy = parts.orderBy;
  if (parts.reduce) query.reduce = parts.reduce;
  if (parts.limit !== null) query.limit = parts.limit;
  const doc: QueryDocument = { query };
  const range = storeTimeRange(parts.timeRange);
  if (range) doc.timeRange = range;
  return doc;
}

export type OpenedDocument =
  { ok: true; parts: QueryParts; notes: string[] } | { ok: false; message: string };

/** The parts to put in the store for a document; fails when its instance is not here. */
export function openDocument(
  doc: QueryDocument,
  current: QueryParts,
  instances: readonly Instance[],
): OpenedDocument {
  const ref = doc.query.from.instance;
  const instance = instances.find((i) => i.name === ref) ?? instances.find((i) => i.id === ref);
  if (!instance) return { ok: false, message: `there is no instance "${ref}" in this database` };
  // The document keeps its range apart: the DSL's own timestamp conditions stay conditions.
  const { parts, notes } = queryToParts(doc.query, current, instance.id, 0, false);
  parts.timeRange = loadTimeRange(doc.timeRange);
  return { ok: true, parts, notes };
}

/** A stable identity for de-duplicating (history): the document as canonical JSON. */
export function documentKey(doc: QueryDocument): string {
  return JSON.stringify(doc);
}
