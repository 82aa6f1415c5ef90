import type Database from 'better-sqlite3';
import { eventTable } from '../db/event-table';
import { someJsonbString } from './jsonb-strings';
import { documentOf, TextIndexWriter, textIndexedUpto } from './text-index';

export interface CatchUpOptions {
  /** Events per write transaction (each holds the write lock for about this many events). */
  chunk?: number;
  /** Stop after this many events (the caller comes back later); default: until caught up. */
  maxEvents?: number;
  /** Hears progress after every chunk: events indexed so far, and how many were behind. */
  onProgress?: (done: number, behind: number) => void;
  /** Asked between chunks; true stops (a query is waiting, the user cancelled). */
  shouldStop?: () => boolean;
}

export interface CatchUpResult {
  indexed: number;
  /** Events still after the index's mark when it stopped. */
  remaining: number;
}

/**
 * Brings an instance's text index up to its last event (text-index.ts): the events after
 * `indexed_upto`, in position order, a chunk per IMMEDIATE transaction, each advancing the mark
 * with the rows it wrote. A crash loses at most the chunk in flight, and the mark never runs
 * ahead of the rows. Reads the stored JSONB directly.
 */
export function catchUpTextIndex(
  db: Database.Database,
  ino: number,
  options: CatchUpOptions = {},
): CatchUpResult {
  const chunk = options.chunk ?? 8_192;
  const table = eventTable(ino);
  const rows = db.prepare<
    [number, number],
    [number, string | null, Buffer, Buffer, string, string]
  >(
    `SELECT e.pos, e.id, e.payload, e.metadata, s.name, t.name FROM ${table} e
     JOIN streams s ON s.sno = e.sno JOIN event_types t ON t.tno = e.tno
     WHERE e.pos > ? ORDER BY e.pos LIMIT ?`,
  );
  rows.raw();
  const lastPos = db.prepare<[], number>(`SELECT coalesce(max(pos), 0) FROM ${table}`).pluck();
  const behindOf = (upto: number) =>
    db.prepare<[number], number>(`SELECT count(*) FROM ${table} WHERE pos > ?`).pluck().get(upto)!;
  const startMark = textIndexedUpto(db, ino);
  if (startMark === null) return { indexed: 0, remaining: 0 };
  const behind = behindOf(startMark);
  const writer = new TextIndexWriter(db, ino);
  let indexed = 0;
  const step = db.transaction((limit: number): number => {
    // Read the mark under the write lock: another connection may have indexed meanwhile.
    const upto = textIndexedUpto(db, ino);
    if (upto === null || upto >= lastPos.get()!) return 0;
    let last = upto;
    let n = 0;
    // all(), not iterate(): the connection cannot write while a statement is reading.
    for (const [pos, id, payload, metadata, stream, type] of rows.all(upto, limit)) {
      const parts = id === null ? [stream, type] : [stream, type, id];
      const push = (text: string) => {
        parts.push(text);
        return false;
      };
      someJsonbString(payload, push);
      someJsonbString(metadata, push);
      writer.add(pos, documentOf(parts));
      last = pos;
      n++;
    }
    writer.advance(last);
    return n;
  });
  for (;;) {
    const budget = options.maxEvents === undefined ? chunk : options.maxEvents - indexed;
    if (budget <= 0 || options.shouldStop?.()) break;
    const n = step.immediate(Math.min(chunk, budget));
    if (n === 0) break;
    indexed += n;
    options.onProgress?.(indexed, behind);
  }
  const upto = textIndexedUpto(db, ino) ?? 0;
  return { indexed, remaining: upto >= lastPos.get()! ? 0 : behindOf(upto) };
}
