import { z } from 'zod';
import { documentKey, queryDocumentSchema, type QueryDocument } from './query-document';

/**
 * The history of queries run in this window's profile, newest first. It is local on purpose
 * (localStorage): it is a personal trail, not shared data; saved queries are what goes into the
 * database. A run of the same query again moves it to the top instead of adding a copy.
 */
export interface HistoryEntry {
  doc: QueryDocument;
  /** ISO instant of the latest run. */
  at: string;
  total?: number;
  tookMs?: number;
}

export const historyStorageKey = 'eventlens.query-history.v1';
export const maxHistory = 100;

const entrySchema = z.object({
  doc: queryDocumentSchema,
  at: z.string(),
  total: z.number().optional(),
  tookMs: z.number().optional(),
});

/** Adds a run at the top; the same document moves up; the list stays at most `max` long. */
export function recordRun(
  history: readonly HistoryEntry[],
  entry: HistoryEntry,
  max = maxHistory,
): HistoryEntry[] {
  const key = documentKey(entry.doc);
  return [entry, ...history.filter((h) => documentKey(h.doc) !== key)].slice(0, max);
}

/** Reads the stored history; entries that no longer validate are dropped, never fatal. */
export function readHistory(storage: Pick<Storage, 'getItem'> | undefined): HistoryEntry[] {
  let text: string | null = null;
  try {
    text = storage?.getItem(historyStorageKey) ?? null;
  } catch {
    return [];
  }
  if (!text) return [];
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return [];
  }
  if (!Array.isArray(raw)) return [];
  const out: HistoryEntry[] = [];
  for (const item of raw) {
    const parsed = entrySchema.safeParse(item);
    if (parsed.success) out.push(parsed.data);
  }
  return out.slice(0, maxHistory);
}

export function writeHistory(
  storage: Pick<Storage, 'setItem'> | undefined,
  history: readonly HistoryEntry[],
): void {
  try {
    storage?.setItem(historyStorageKey, JSON.stringify(history));
  } catch {
    // Storage full or disabled: history is a convenience, the query still ran.
  }
}
