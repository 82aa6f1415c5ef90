import type Database from 'better-sqlite3';
import { raw, sql, type Sql } from './sql';

/**
 * Each instance keeps its events in a table of its own, `ev_<ino>`. Per-instance tables keep
 * every index free of an instance column (smaller, and scans of one instance touch only its
 * pages), make deleteInstance a DROP TABLE instead of a million-row DELETE, and let the
 * triggers refuse UPDATE and DELETE outright: the only way to remove events is to drop the
 * whole table, which only deleteInstance does.
 *
 * Names are built from the integer `ino` only, never from user text.
 *
 * Indexes are led by the *segment* (`seg` = pos >> 12, a virtual column: blocks of 4,096
 * positions in append order), so that one batch writes to a few adjacent index pages instead
 * of one page per stream. An index led by `sno` (the obvious (sno, seq)) puts each of ~1,000
 * streams' tails on a page of its own: a batch of 1,000 shop events then wrote 353 pages to the
 * WAL, against 35 for the rows alone; led by the segment it writes 57 (docs/storage-notes.md).
 *
 * Reading one stream (or type) is then one index seek per segment, in append order:
 * `e.seg IN (<every segment>) AND e.sno = ? ORDER BY e.seg, e.seq` — see `allSegments` below.
 */
export const segmentShift = 12;

export function eventTable(ino: number): string {
  if (!Number.isSafeInteger(ino) || ino <= 0) throw new Error(`bad instance number ${ino}`);
  return `ev_${ino}`;
}

export function createEventTable(db: Database.Database, ino: number): void {
  const t = eventTable(ino);
  db.exec(`
    CREATE TABLE ${t} (
      pos INTEGER PRIMARY KEY,          -- append order within the instance
      sno INTEGER NOT NULL,             -- streams.sno
      seq INTEGER NOT NULL,             -- per-stream sequence number, from 1, no gaps
      tno INTEGER NOT NULL,             -- event_types.tno
      ts INTEGER NOT NULL,              -- when it happened, epoch ms
      id TEXT,                          -- caller-supplied id; NULL: derived from pos (see ids.ts)
      payload BLOB NOT NULL,            -- JSONB
      metadata BLOB NOT NULL,           -- JSONB
      seg INTEGER NOT NULL GENERATED ALWAYS AS (pos >> ${segmentShift}) VIRTUAL
    ) STRICT;
    -- Per stream in append order (within a segment, sequence order is append order).
    CREATE INDEX ${t}_stream ON ${t}(seg, sno, seq);
    CREATE INDEX ${t}_ts ON ${t}(ts);
    -- Per type in append order (the implicit last key is pos).
    CREATE INDEX ${t}_type ON ${t}(seg, tno);
    CREATE UNIQUE INDEX ${t}_id ON ${t}(id) WHERE id IS NOT NULL;
    CREATE TRIGGER ${t}_no_update BEFORE UPDATE ON ${t}
      BEGIN SELECT RAISE(ABORT, 'events are immutable: UPDATE is refused'); END;
    CREATE TRIGGER ${t}_no_delete BEFORE DELETE ON ${t}
      BEGIN SELECT RAISE(ABORT, 'events are immutable: DELETE is refused (delete the instance instead)'); END;
  `);
}

/**
 * `e.seg IN (every segment of the table)`, for queries on one stream or one type: with an
 * equality on sno (or tno) after it, SQLite seeks once per segment and returns rows in
 * (seg, seq) — that is, append — order without a sort. The list is bound as a JSON array:
 * a recursive CTE computing it in SQL measured 100x slower than json_each here.
 */
export function allSegments(db: Database.Database, ino: number, alias = 'e'): Sql {
  const last = db
    .prepare(`SELECT coalesce(max(pos), 0) >> ${segmentShift} FROM ${eventTable(ino)}`)
    .pluck()
    .get() as number;
  const list = JSON.stringify(Array.from({ length: last + 1 }, (_, i) => i));
  return sql`${raw(alias)}.seg IN (SELECT value FROM json_each(${list}))`;
}

export function dropEventTable(db: Database.Database, ino: number): void {
  db.exec(`DROP TABLE IF EXISTS ${eventTable(ino)}`);
}
