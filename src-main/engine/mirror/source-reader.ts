import type Database from 'better-sqlite3';
import { eventTable } from '../db/event-table';
import type { SourceRow } from './flat-slice';

/** The log changed under the mirror (an instance deleted or replaced meanwhile). */
export class SourceChanged extends Error {
  override name = 'SourceChanged';
}

/**
 * Reads an instance's events from the SQLite log for the mirror, in position order, as the
 * rows RowBatch flattens. Names are resolved outside the scan (a join per row cost a third of
 * the read): event types are never deleted, so their names are cached for good; stream
 * numbers can be reused after an instance is deleted, so streams are looked up per batch.
 */
export class SourceReader {
  private readonly typeNames = new Map<number, string>();

  constructor(private readonly db: Database.Database) {}

  /** The instance's largest position (0 when it has no events or no table any more). */
  lastPos(ino: number): number {
    try {
      return this.db
        .prepare(`SELECT coalesce(max(pos), 0) FROM ${eventTable(ino)}`)
        .pluck()
        .get() as number;
    } catch {
      return 0; // dropped meanwhile
    }
  }

  /** Events with after < pos <= upto. */
  read(ino: number, after: number, upto: number): SourceRow[] {
    const raw = this.db
      .prepare(
        `SELECT pos, sno, tno, ts, seq, json(payload), json(metadata) FROM ${eventTable(ino)}
         WHERE pos > ? AND pos <= ? ORDER BY pos`,
      )
      .raw()
      .all(after, upto) as [number, number, number, number, number, string, string][];
    const streams = new Map<number, string>();
    const wanted = new Set<number>();
    for (const r of raw) wanted.add(r[1]);
    const names = this.db
      .prepare<[string], [number, string]>(
        'SELECT sno, name FROM streams WHERE sno IN (SELECT value FROM json_each(?))',
      )
      .raw()
      .all(JSON.stringify([...wanted]));
    for (const [sno, name] of names) streams.set(sno, name);
    return raw.map((r) => {
      const row = r as unknown as SourceRow;
      row[1] = streams.get(r[1])!;
      row[2] = this.typeName(r[2]);
      return row;
    });
  }

  /** The event at a position, as read(): for checking a mirror against the log. */
  rowAt(ino: number, pos: number): SourceRow | null {
    return this.read(ino, pos - 1, pos)[0] ?? null;
  }

  /** The JSON text of every object at a path, for positions <= upto (catch-up.ts backfill). */
  objectsAt(
    ino: number,
    root: 'payload' | 'metadata',
    path: string,
    upto: number,
  ): [number, string][] {
    return this.db
      .prepare<[string, string, number], [number, string]>(
        `SELECT pos, json_extract(${root}, ?) FROM ${eventTable(ino)}
         WHERE json_type(${root}, ?) = 'object' AND pos <= ? ORDER BY pos`,
      )
      .raw()
      .all(path, path, upto);
  }

  private typeName(tno: number): string {
    let name = this.typeNames.get(tno);
    if (name === undefined) {
      name = this.db
        .prepare('SELECT name FROM event_types WHERE tno = ?')
        .pluck()
        .get(tno) as string;
      this.typeNames.set(tno, name);
    }
    return name;
  }
}
