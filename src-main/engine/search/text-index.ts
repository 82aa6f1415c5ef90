import type Database from 'better-sqlite3';
import type { JsonValue } from '../../../src-shared/contract/json-value';
import { foldCase } from '../../../src-shared/search/fold';
import { preparedOnce } from '../db/prepared-once';

/**
 * The text index of an instance: an FTS5 table `tx_<ino>` with the trigram tokenizer, one row
 * per event (rowid = the event's position). Its document is every string of the event — stream
 * id, event type, a caller-supplied id, and the string values (not the keys) of payload and
 * metadata at any depth — each case-folded (foldCase) and joined by a separator:
 *
 *   fold(stream) SEP fold(type) [SEP fold(id)] SEP fold(leaf 1) SEP fold(leaf 2) ...
 *
 * - Folded text, tokenized case-sensitively: the trigram tokenizer's own folding (simple,
 *   per code point, an older Unicode table) is not the DSL's, and a match it misses would be
 *   an event a search misses. Because foldCase works character by character, "T contains N"
 *   implies "fold(T) contains fold(N)", so the same index gives candidates for case-sensitive
 *   operators too.
 * - A trigram phrase cannot match across two strings: every trigram that spans a separator
 *   contains the separator, and a needle never does (NUL and the separator inside strings are
 *   stored as U+FFFD, and so are they in needles). So for a case-insensitive substring over
 *   every field, a phrase hit is exactly a match, with no re-check (unless the needle holds
 *   U+FFFD, NUL or the separator).
 * - Generated ids are not stored, so they are not indexed (search finds them by equality).
 * - An event whose document is over `maxIndexedChars` is not indexed: its position goes into
 *   `text_unindexed`, and every indexed search also checks those events one by one.
 *
 * The index follows the events by position: `text_marks.indexed_upto` is the last position it
 * holds. Events after it (the tail) are searched by reading them, so a search is exact the
 * moment an append returns whether or not the index has caught up. Small appends (at most
 * `defaultTextInlineBatch` events, `Engine.open`'s `textIndexInline`) onto a current index are
 * indexed in their own transaction; larger ones are left to `catchUpTextIndex`
 * (text-catch-up.ts), which the query pool runs when it is idle and imports run when they end.
 * Indexing an event costs about three times the CPU of appending it, with any FTS5 setting
 * (docs/storage-notes.md), which bulk appends should not pay on their own path.
 */
export const leafSeparator = '\u0001';
export const maxIndexedChars = 64 * 1024;
/** Appends of at most this many events onto a current index are indexed in their transaction. */
export const defaultTextInlineBatch = 100;

export function textTable(ino: number): string {
  if (!Number.isSafeInteger(ino) || ino <= 0) throw new Error(`bad instance number ${ino}`);
  return `tx_${ino}`;
}

/**
 * How many segments of one level FTS5 merges into one (its `automerge`; SQLite's default is 4).
 * Every merge rewrites the entries it takes in, so a wider merge rewrites each entry fewer
 * times: indexing costs ~30% less CPU (30.0 against 44.1 us an event, 200,000 web-log events in
 * batches of 1,000), and searches read up to 15 segments a level instead of 3, which cost them
 * little (docs/storage-notes.md). 16 is also FTS5's `crisismerge`, so no level ever holds more.
 */
export const textAutomerge = 16;

/** Creates the (empty) index of an instance; `upto` is the last position it already covers. */
export function createTextTable(db: Database.Database, ino: number, upto = 0): void {
  // content='': only the index is stored (the text is in the events); columnsize=0: no
  // per-row sizes (they serve ranking, which search does not do).
  db.exec(
    `CREATE VIRTUAL TABLE ${textTable(ino)} USING fts5(doc, content='', columnsize=0, ` +
      `tokenize='trigram case_sensitive 1')`,
  );
  setTextMergePolicy(db, ino);
  db.prepare('INSERT INTO text_marks (ino, indexed_upto) VALUES (?, ?)').run(ino, upto);
}

/** Stores `textAutomerge` in the index's own configuration (it applies to every connection). */
export function setTextMergePolicy(db: Database.Database, ino: number): void {
  const t = textTable(ino);
  // A literal: FTS5 takes the value as an integer, and a bound JS number arrives as a REAL.
  db.exec(`INSERT INTO ${t} (${t}, rank) VALUES ('automerge', ${textAutomerge})`);
}

export function dropTextTable(db: Database.Database, ino: number): void {
  db.exec(`DROP TABLE IF EXISTS ${textTable(ino)}`);
  db.prepare('DELETE FROM text_unindexed WHERE ino = ?').run(ino);
  db.prepare('DELETE FROM text_marks WHERE ino = ?').run(ino);
}

/** The last position the instance's index holds; null when it has no index. */
export function textIndexedUpto(db: Database.Database, ino: number): number | null {
  const upto = preparedOnce<[number], number>(
    db,
    'SELECT indexed_upto FROM text_marks WHERE ino = ?',
  )
    .pluck()
    .get(ino);
  return upto ?? null;
}

// eslint-disable-next-line no-control-regex
const reserved = /[\u0000\u0001]/u;
// eslint-disable-next-line no-control-regex
const reservedAll = /[\u0000\u0001]/gu;

const clean = (text: string) => (reserved.test(text) ? text.replace(reservedAll, '\uFFFD') : text);

/**
 * A string as the index holds it: folded, with NUL and the separator as U+FFFD (foldCase maps
 * them to themselves and nothing else to them, so the order of the two steps does not matter).
 */
export function indexForm(text: string): string {
  return foldCase(clean(text));
}

/** Whether an index hit on this needle's phrase can be trusted without a re-check. */
export function phraseIsExact(needle: string): boolean {
  // eslint-disable-next-line no-control-regex
  return !/[\u0000\u0001\uFFFD]/u.test(needle);
}

/** The needle's index form as an FTS5 phrase; null when it is too short for trigrams. */
export function ftsPhrase(needle: string): string | null {
  const form = indexForm(needle);
  let n = 0;
  for (const _ of form) if (++n >= 3) break;
  return n >= 3 ? `"${form.replaceAll('"', '""')}"` : null;
}

/** The strings of a JSON value, depth first (values only, not keys). */
export function collectStrings(v: JsonValue, out: string[]): void {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) for (const x of v) collectStrings(x, out);
  else if (v !== null && typeof v === 'object') for (const k in v) collectStrings(v[k]!, out);
}

/** The index document of an event, or null when it is over the size limit. */
export function textDocument(
  stream: string,
  type: string,
  callerId: string | null,
  payload: JsonValue,
  metadata: JsonValue,
): string | null {
  const parts: string[] = [stream, type];
  if (callerId !== null) parts.push(callerId);
  collectStrings(payload, parts);
  collectStrings(metadata, parts);
  return documentOf(parts);
}

/** The document of an event's strings (names first, then payload and metadata values). */
export function documentOf(parts: readonly string[]): string | null {
  let chars = parts.length;
  for (const p of parts) chars += p.length;
  if (chars > maxIndexedChars) return null;
  return foldCase(parts.map(clean).join(leafSeparator));
}

/**
 * Writes events' documents into an instance's index, inside the caller's transaction; the
 * caller adds events in position order, right after `indexed_upto`, and then calls `advance`.
 */
export class TextIndexWriter {
  private readonly insert;
  private readonly unindexed;
  private readonly mark;

  constructor(
    db: Database.Database,
    private readonly ino: number,
  ) {
    this.insert = db.prepare<[number, string]>(
      `INSERT INTO ${textTable(ino)} (rowid, doc) VALUES (?, ?)`,
    );
    this.unindexed = db.prepare<[number, number]>(
      'INSERT INTO text_unindexed (ino, pos) VALUES (?, ?)',
    );
    this.mark = db.prepare<[number, number]>(
      'UPDATE text_marks SET indexed_upto = ? WHERE ino = ?',
    );
  }

  add(pos: number, doc: string | null): void {
    if (doc === null) this.unindexed.run(this.ino, pos);
    else this.insert.run(pos, doc);
  }

  /** Records that the index now holds every event up to `pos`. */
  advance(pos: number): void {
    this.mark.run(pos, this.ino);
  }
}
