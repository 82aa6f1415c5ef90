import { z } from 'zod';
import {
  bookmarkFileEntries,
  bookmarkFileEntrySchema,
  type Bookmark,
  type BookmarkFileEntry,
} from '../../../src-shared/contract/bookmarks';
import { describeIssues } from '../../../src-shared/contract/issues';
import type { EventInput } from '../../../src-shared/contract/operations';
import type { EventRecord, Instance } from '../../../src-shared/contract/records';
import { systemInstanceName } from '../../../src-shared/contract/system-instance';
import { queryDocumentSchema, type QueryDocument } from './query-document';

/**
 * Saved queries live in the database as events — the nine operations are the whole contract,
 * so there is no table of their own. The reserved instance `_eventlens` holds a stream
 * `saved-queries` of QuerySaved / QueryRenamed / QueryDeleted events; the current list is a fold
 * of that stream (docs/saved-queries.md). Being events, every change is kept, several windows
 * and the CLI see the same list, and change events refresh it like any other data.
 */
export const savedQueriesStream = 'saved-queries';

/** Instances the app keeps for itself: hidden from the instance list unless asked for. */
export function isSystemInstance(instance: Pick<Instance, 'name'>): boolean {
  return instance.name === systemInstanceName;
}

const name = z
  .string()
  .trim()
  .min(1, 'a saved query needs a name')
  .max(200, 'names are at most 200 characters');

const querySavedSchema = z.object({
  queryId: z.string().min(1),
  name,
  description: z.string().max(10_000).optional(),
  document: queryDocumentSchema,
});
const queryRenamedSchema = z.object({ queryId: z.string().min(1), name });
const queryDeletedSchema = z.object({ queryId: z.string().min(1) });

export interface SavedQuery {
  queryId: string;
  name: string;
  description?: string;
  document: QueryDocument;
  /** ISO instants of the first and the latest event about this query. */
  createdAt: string;
  updatedAt: string;
}

/**
 * The list the stream describes, by name. Events that do not parse (written by a newer version,
 * or by hand) are skipped and counted rather than breaking the list.
 */
export function foldSavedQueries(events: readonly EventRecord[]): {
  queries: SavedQuery[];
  skipped: number;
} {
  const byId = new Map<string, SavedQuery>();
  let skipped = 0;
  for (const e of events) {
    switch (e.event_type) {
      case 'QuerySaved': {
        const p = querySavedSchema.safeParse(e.payload);
        if (!p.success) {
          skipped++;
          break;
        }
        const before = byId.get(p.data.queryId);
        const q: SavedQuery = {
          queryId: p.data.queryId,
          name: p.data.name,
          document: p.data.document,
          createdAt: before?.createdAt ?? e.timestamp,
          updatedAt: e.timestamp,
        };
        if (p.data.description) q.description = p.data.description;
        byId.set(q.queryId, q);
        break;
      }
      case 'QueryRenamed': {
        const p = queryRenamedSchema.safeParse(e.payload);
        const q = p.success ? byId.get(p.data.queryId) : undefined;
        if (!p.success || !q) {
          skipped++;
          break;
        }
        byId.set(q.queryId, { ...q, name: p.data.name, updatedAt: e.timestamp });
        break;
      }
      case 'QueryDeleted': {
        const p = queryDeletedSchema.safeParse(e.payload);
        if (!p.success) skipped++;
        else byId.delete(p.data.queryId);
        break;
      }
      default:
        skipped++;
    }
  }
  const queries = [...byId.values()].sort(
    (a, b) => a.name.localeCompare(b.name) || a.queryId.localeCompare(b.queryId),
  );
  return { queries, skipped };
}

const newId = (): string => crypto.randomUUID();

export function savedEvent(
  doc: QueryDocument,
  queryName: string,
  queryId: string = newId(),
  description?: string,
): EventInput {
  const payload: Record<string, unknown> = { queryId, name: queryName.trim(), document: doc };
  if (description) payload.description = description;
  return {
    stream_id: savedQueriesStream,
    event_type: 'QuerySaved',
    payload: payload as EventInput['payload'],
  };
}

export function renamedEvent(queryId: string, queryName: string): EventInput {
  return {
    stream_id: savedQueriesStream,
    event_type: 'QueryRenamed',
    payload: { queryId, name: queryName.trim() },
  };
}

export function deletedEvent(queryId: string): EventInput {
  return { stream_id: savedQueriesStream, event_type: 'QueryDeleted', payload: { queryId } };
}

// ---- files ---------------------------------------------------------------------------------

export const fileFormat = 'eventlens.saved-queries';

/** Version 2 added `bookmarks`; a file without bookmarks is still written as version 1. */
const fileSchema = z.strictObject({
  format: z.literal(fileFormat, { message: `must be "${fileFormat}"` }),
  version: z.union([z.literal(1), z.literal(2)], { message: 'must be 1 or 2' }),
  queries: z.array(
    z.strictObject({
      name,
      description: z.string().max(10_000).optional(),
      query: queryDocumentSchema.shape.query,
      timeRange: queryDocumentSchema.shape.timeRange,
    }),
  ),
  bookmarks: z.array(bookmarkFileEntrySchema).max(100_000).optional(),
});

/**
 * The file people keep in git: sorted by name, no ids or times, two-space JSON with a final
 * newline, so that a diff shows exactly what changed in the queries. Bookmarks (the
 * `_eventlens/bookmarks` stream, src-shared/contract/bookmarks.ts) travel in the same file.
 */
export function exportFile(
  queries: readonly SavedQuery[],
  bookmarks: readonly Bookmark[] = [],
): string {
  const sorted = [...queries].sort((a, b) => a.name.localeCompare(b.name));
  const body = {
    format: fileFormat,
    version: bookmarks.length > 0 ? 2 : 1,
    queries: sorted.map((q) => ({
      name: q.name,
      ...(q.description ? { description: q.description } : {}),
      query: q.document.query,
      ...(q.document.timeRange ? { timeRange: q.document.timeRange } : {}),
    })),
    ...(bookmarks.length > 0 ? { bookmarks: bookmarkFileEntries(bookmarks) } : {}),
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}

export type ImportPlan =
  | {
      ok: true;
      /** The events to append, all in one atomic appendEvents. */
      events: EventInput[];
      added: string[];
      replaced: string[];
      /** The file's bookmarks, to be matched with this database's events before they are added. */
      bookmarks: BookmarkFileEntry[];
    }
  | { ok: false; message: string };

/**
 * Reads an exported file and plans its import: a query whose name already exists replaces it
 * (same queryId, so its history stays one story); the others are added. A file with any problem
 * is refused whole, with the path of the first problems.
 */
export function planImport(text: string, existing: readonly SavedQuery[]): ImportPlan {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return { ok: false, message: `not JSON: ${(err as Error).message}` };
  }
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, message: describeIssues(parsed.error.issues) };
  const seen = new Set<string>();
  for (const [i, q] of parsed.data.queries.entries()) {
    if (seen.has(q.name)) {
      return { ok: false, message: `queries[${i}].name: "${q.name}" appears twice in the file` };
    }
    seen.add(q.name);
  }
  const byName = new Map(existing.map((q) => [q.name, q]));
  const events: EventInput[] = [];
  const added: string[] = [];
  const replaced: string[] = [];
  for (const q of parsed.data.queries) {
    const doc: QueryDocument = { query: q.query };
    if (q.timeRange) doc.timeRange = q.timeRange;
    const prior = byName.get(q.name);
    events.push(savedEvent(doc, q.name, prior?.queryId, q.description));
    (prior ? replaced : added).push(q.name);
  }
  return { ok: true, events, added, replaced, bookmarks: parsed.data.bookmarks ?? [] };
}
