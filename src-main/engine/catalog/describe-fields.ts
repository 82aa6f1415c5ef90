import type Database from 'better-sqlite3';
import type { FieldCatalog, FieldInfo, FieldValueType } from '../../../src-shared/contract/catalog';
import { formatField, type JsonRoot, type PathSegment } from '../../../src-shared/contract/fields';
import { eventTable } from '../db/event-table';
import { preparedOnce } from '../db/prepared-once';
import { raw, sql } from '../db/sql';
import type { InstanceStore } from '../instances';

/**
 * The field catalog: every payload and metadata path of an instance's events, with the types seen
 * and the number of events holding each. It is kept incrementally in `field_catalog`, with
 * `field_scans.scanned_upto` the last event position already counted. An append that finds the
 * mark at the last position counts its own events from the objects it holds (catalog-tally.ts)
 * and moves the mark on, so a catalog that is caught up stays so at no scan. Otherwise (a file
 * from before that, or an append that ran while the catalog was behind) a call scans only the
 * events after the mark (positions only grow, events never change): the first call on such an
 * instance pays once and later calls cost almost nothing.
 *
 * The scan goes in chunks of positions, each one IMMEDIATE transaction that re-reads the mark
 * under the write lock (two processes never count the same events twice) and commits its counts
 * with the new mark; between chunks the caller's event loop gets a turn (the server keeps
 * answering), and an interrupted scan keeps what it had committed.
 */
// ~0.2 s of work a chunk here: the event loop (and writers waiting for the lock) never wait
// long, at the price of one commit per 10,000 events.
export const defaultChunkEvents = 10_000;

/** json_tree's types to ours; objects are descended into, never reported. */
const typeNames: Record<string, FieldValueType> = {
  text: 'string',
  integer: 'number',
  real: 'number',
  true: 'boolean',
  false: 'boolean',
  null: 'null',
  array: 'array',
};

export interface ScanMark {
  scanned_upto: number;
  scanned_events: number;
}

/** Scans what is new (if anything), chunk by chunk; resolves with the whole catalog. */
export async function describeFields(
  db: Database.Database,
  instances: InstanceStore,
  ref: string,
  {
    chunkEvents = defaultChunkEvents,
    yieldTurn = () => new Promise((resolve) => setImmediate(resolve)),
    readOnly = false,
  }: { chunkEvents?: number; yieldTurn?: () => Promise<void>; readOnly?: boolean } = {},
): Promise<FieldCatalog> {
  for (; !readOnly;) {
    const done = db.transaction(() => scanChunk(db, instances, ref, chunkEvents)).immediate();
    if (done) break;
    await yieldTurn();
  }
  return db.transaction(() => readCatalog(db, instances, ref))();
}

/** Counts the next chunk of unscanned events; true when nothing was left to scan. */
function scanChunk(
  db: Database.Database,
  instances: InstanceStore,
  ref: string,
  chunkEvents: number,
): boolean {
  const instance = instances.require(ref);
  const table = raw(eventTable(instance.ino));
  const mark = catalogMark(db, instance.ino);
  const last = db
    .prepare(sql`SELECT coalesce(max(pos), 0) FROM ${table}`.text)
    .pluck()
    .get() as number;
  if (last <= mark.scanned_upto) return true;
  const upto = Math.min(last, mark.scanned_upto + chunkEvents);
  const range = sql`e.pos > ${mark.scanned_upto} AND e.pos <= ${upto}`;
  // Leaves and arrays only, never inside an array: an element's key is an integer, and a node
  // deeper in an array has a `[` in its parent's path (unless a quoted key holds one: those are
  // sorted out exactly by `toSegments` below).
  const notInArray = raw(
    `typeof(t.key) <> 'integer' AND t.type <> 'object' ` +
      `AND (instr(t.path, '[') = 0 OR instr(t.path, '"') > 0)`,
  );
  // Counted by upserts into a small temp table: with a few dozen distinct keys its b-tree stays
  // in cache, and this measured 2.5-3x faster than GROUP BY, which sorts every node of the chunk.
  // (`AND true` ends the WHERE clause so that ON CONFLICT parses as the upsert's.)
  db.exec(`CREATE TEMP TABLE IF NOT EXISTS field_chunk (
    root TEXT NOT NULL, fullkey TEXT NOT NULL, type TEXT NOT NULL, n INTEGER NOT NULL,
    PRIMARY KEY (root, fullkey, type)) WITHOUT ROWID`);
  db.exec('DELETE FROM temp.field_chunk');
  for (const root of ['payload', 'metadata'] as const) {
    const count = sql`INSERT INTO temp.field_chunk (root, fullkey, type, n)
      SELECT ${root}, t.fullkey, t.type, 1 FROM ${table} e, json_tree(e.${raw(root)}) t
      WHERE ${range} AND ${notInArray} AND true
      ON CONFLICT (root, fullkey, type) DO UPDATE SET n = n + 1`;
    db.prepare(count.text).run(...count.params);
  }
  const rows = db
    .prepare<[], { root: JsonRoot; fullkey: string; type: string; n: number }>(
      'SELECT root, fullkey, type, n FROM temp.field_chunk',
    )
    .all();
  const counts = new Map<string, number>();
  for (const row of rows) {
    const segments = toSegments(row.fullkey);
    const type = typeNames[row.type];
    if (!segments || segments.some((s) => typeof s === 'number') || !type) continue;
    const key = `${formatField({ kind: 'json', root: row.root, segments })}\u0000${type}`;
    counts.set(key, (counts.get(key) ?? 0) + row.n);
  }
  const events = db
    .prepare(sql`SELECT count(*) FROM ${table} e WHERE ${range}`.text)
    .pluck()
    .get(...range.params) as number;
  commitCatalogCounts(db, instance.ino, counts, upto, mark.scanned_events + events);
  return upto >= last;
}

/** How far the catalog of an instance has counted (nothing yet: position 0, no events). */
export function catalogMark(db: Database.Database, ino: number): ScanMark {
  return (
    preparedOnce<[number], ScanMark>(
      db,
      'SELECT scanned_upto, scanned_events FROM field_scans WHERE ino = ?',
    ).get(ino) ?? { scanned_upto: 0, scanned_events: 0 }
  );
}

/**
 * Adds counts (`path\u0000type` -> events) to the catalog and moves its mark to `upto`, in the
 * caller's write transaction: from the scan above, or from an append that found the catalog
 * caught up with the events before it (append.ts).
 */
export function commitCatalogCounts(
  db: Database.Database,
  ino: number,
  counts: ReadonlyMap<string, number>,
  upto: number,
  scannedEvents: number,
): void {
  const add = preparedOnce<[number, string, string, number]>(
    db,
    `INSERT INTO field_catalog (ino, path, type, n) VALUES (?, ?, ?, ?)
     ON CONFLICT (ino, path, type) DO UPDATE SET n = n + excluded.n`,
  );
  for (const [key, n] of counts) {
    const [path, type] = key.split('\u0000') as [string, string];
    add.run(ino, path, type, n);
  }
  preparedOnce<[number, number, number]>(
    db,
    `INSERT INTO field_scans (ino, scanned_upto, scanned_events) VALUES (?, ?, ?)
     ON CONFLICT (ino) DO UPDATE SET scanned_upto = excluded.scanned_upto,
       scanned_events = excluded.scanned_events`,
  ).run(ino, upto, scannedEvents);
}

function readCatalog(db: Database.Database, instances: InstanceStore, ref: string): FieldCatalog {
  const instance = instances.require(ref);
  const rows = db
    .prepare<[number], { path: string; type: FieldValueType; n: number }>(
      'SELECT path, type, n FROM field_catalog WHERE ino = ? ORDER BY path, n DESC, type',
    )
    .all(instance.ino);
  const fields: FieldInfo[] = [];
  for (const row of rows) {
    const last = fields[fields.length - 1];
    if (last?.path === row.path) {
      last.types.push(row.type);
      last.count += row.n;
    } else {
      fields.push({ path: row.path, types: [row.type], count: row.n });
    }
  }
  const mark = db
    .prepare<[number], ScanMark>(
      'SELECT scanned_upto, scanned_events FROM field_scans WHERE ino = ?',
    )
    .get(instance.ino);
  return { fields, scannedEvents: mark?.scanned_events ?? 0 };
}

/**
 * The segments of a json_tree `fullkey`: `$.a."b.c"[2]` → ['a', 'b.c', 2]. Quoted keys are JSON
 * strings (SQLite escapes quotes and backslashes in them). Null when the text is not one.
 */
export function toSegments(fullkey: string): PathSegment[] | null {
  if (!fullkey.startsWith('$')) return null;
  const out: PathSegment[] = [];
  let i = 1;
  while (i < fullkey.length) {
    const ch = fullkey[i];
    if (ch === '[') {
      const close = fullkey.indexOf(']', i);
      if (close < 0) return null;
      const n = Number(fullkey.slice(i + 1, close));
      if (!Number.isInteger(n)) return null;
      out.push(n);
      i = close + 1;
    } else if (ch === '.' && fullkey[i + 1] === '"') {
      let j = i + 2;
      while (j < fullkey.length && fullkey[j] !== '"') j += fullkey[j] === '\\' ? 2 : 1;
      if (j >= fullkey.length) return null;
      try {
        out.push(JSON.parse(fullkey.slice(i + 1, j + 1)) as string);
      } catch {
        return null;
      }
      i = j + 1;
    } else if (ch === '.') {
      let j = i + 1;
      while (j < fullkey.length && fullkey[j] !== '.' && fullkey[j] !== '[') j++;
      out.push(fullkey.slice(i + 1, j));
      i = j;
    } else {
      return null;
    }
  }
  return out;
}
