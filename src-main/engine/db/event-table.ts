import type Database from 'better-sqlite3';

/**
 * Each instance keeps its events in a table of its own, `ev_<ino>`. Per-instance tables keep
 * every index free of an instance column (smaller, and scans of one instance touch only its
 * pages), make deleteInstance a DROP TABLE instead of a million-row DELETE, and let the
 * triggers refuse UPDATE and DELETE outright: the only way to remove events is to drop the
 * whole table, which only deleteInstance does.
 *
 * Names are built from the integer `ino` only, never from user text.
 */
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
      metadata BLOB NOT NULL            -- JSONB
    ) STRICT;
    CREATE UNIQUE INDEX ${t}_stream ON ${t}(sno, seq);
    CREATE INDEX ${t}_ts ON ${t}(ts);
    CREATE INDEX ${t}_type_ts ON ${t}(tno, ts);
    CREATE UNIQUE INDEX ${t}_id ON ${t}(id) WHERE id IS NOT NULL;
    CREATE TRIGGER ${t}_no_update BEFORE UPDATE ON ${t}
      BEGIN SELECT RAISE(ABORT, 'events are immutable: UPDATE is refused'); END;
    CREATE TRIGGER ${t}_no_delete BEFORE DELETE ON ${t}
      BEGIN SELECT RAISE(ABORT, 'events are immutable: DELETE is refused (delete the instance instead)'); END;
  `);
}

export function dropEventTable(db: Database.Database, ino: number): void {
  db.exec(`DROP TABLE IF EXISTS ${eventTable(ino)}`);
}
