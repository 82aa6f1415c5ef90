import type Database from 'better-sqlite3';
import { DatabaseOpenError } from '../errors';
import { streamSortKey } from '../catalog/stream-sort-key';
import { createTextTable, setTextMergePolicy } from '../search/text-index';
import { backfillHourCounts } from './hour-counts';

/**
 * Numbered migrations, applied in order inside one IMMEDIATE transaction and tracked with
 * `PRAGMA user_version`. A migration that fails rolls everything back and the open fails:
 * a half-migrated database is never left behind, and a failure is never swallowed.
 */
export interface Migration {
  version: number;
  name: string;
  up: (db: Database.Database) => void;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'instances, streams, event types and rollups',
    up: (db) =>
      db.exec(`
        CREATE TABLE instances (
          ino INTEGER PRIMARY KEY,
          id TEXT NOT NULL UNIQUE,
          name TEXT NOT NULL UNIQUE,
          description TEXT,
          created_at INTEGER NOT NULL,
          updated_at INTEGER NOT NULL,
          salt TEXT NOT NULL,               -- derives generated event ids (ids.ts)
          event_count INTEGER NOT NULL DEFAULT 0,
          stream_count INTEGER NOT NULL DEFAULT 0,
          min_ts INTEGER,
          max_ts INTEGER
        ) STRICT;

        CREATE TABLE streams (
          sno INTEGER PRIMARY KEY,
          ino INTEGER NOT NULL REFERENCES instances(ino) ON DELETE CASCADE,
          name TEXT NOT NULL,
          last_seq INTEGER NOT NULL,        -- = the stream's event count (no gaps)
          min_ts INTEGER NOT NULL,
          max_ts INTEGER NOT NULL,
          UNIQUE (ino, name)
        ) STRICT;

        -- Event type names are interned; rows are never deleted, so ids can be cached forever.
        CREATE TABLE event_types (
          tno INTEGER PRIMARY KEY,
          name TEXT NOT NULL UNIQUE
        ) STRICT;

        -- Exact per-type counts, kept on append: stats and count-by-type without a scan.
        CREATE TABLE type_counts (
          ino INTEGER NOT NULL REFERENCES instances(ino) ON DELETE CASCADE,
          tno INTEGER NOT NULL,
          n INTEGER NOT NULL,
          min_ts INTEGER NOT NULL,
          max_ts INTEGER NOT NULL,
          PRIMARY KEY (ino, tno)
        ) STRICT, WITHOUT ROWID;
      `),
  },
  {
    version: 2,
    name: 'query indexes on payload and metadata paths',
    up: (db) =>
      db.exec(`
        -- Indexes the query engine made for an instance (hot-paths.ts): their columns as JSON,
        -- e.g. [["top","tno"],["json","payload","$.amount"]] (hot-paths.ts); gone with the instance.
        CREATE TABLE query_indexes (
          ino INTEGER NOT NULL REFERENCES instances(ino) ON DELETE CASCADE,
          name TEXT NOT NULL,
          columns TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          build_ms INTEGER NOT NULL,
          PRIMARY KEY (ino, name),
          UNIQUE (ino, columns)
        ) STRICT;
      `),
  },
  {
    version: 3,
    name: 'stream listing orders and the field catalog',
    up: (db) =>
      db.exec(`
        -- listStreams by count or by last event time, ties by creation order, without a sort.
        CREATE INDEX streams_by_count ON streams(ino, last_seq);
        CREATE INDEX streams_by_last_event ON streams(ino, max_ts);

        -- describeFields: counts per payload/metadata path and type, kept incrementally.
        CREATE TABLE field_catalog (
          ino INTEGER NOT NULL REFERENCES instances(ino) ON DELETE CASCADE,
          path TEXT NOT NULL,               -- a DSL field: payload.user.id, metadata["a.b"]
          type TEXT NOT NULL,               -- string, number, boolean, null, array
          n INTEGER NOT NULL,               -- events holding a value of this type there
          PRIMARY KEY (ino, path, type)
        ) STRICT, WITHOUT ROWID;
        -- How far the catalog has counted: events at positions <= scanned_upto.
        CREATE TABLE field_scans (
          ino INTEGER PRIMARY KEY REFERENCES instances(ino) ON DELETE CASCADE,
          scanned_upto INTEGER NOT NULL,
          scanned_events INTEGER NOT NULL
        ) STRICT;
      `),
  },
  {
    version: 4,
    name: 'event counts per hour and type',
    up: (db) => {
      db.exec(`
        -- Exact counts per UTC hour (floor(ts / 3600000)) and type, kept on append: histograms
        -- of a whole instance without a scan (db/hour-counts.ts).
        CREATE TABLE hour_counts (
          ino INTEGER NOT NULL REFERENCES instances(ino) ON DELETE CASCADE,
          tno INTEGER NOT NULL,
          hour INTEGER NOT NULL,
          n INTEGER NOT NULL,
          PRIMARY KEY (ino, hour, tno)
        ) STRICT, WITHOUT ROWID;
      `);
      const instances = db.prepare<[], number>('SELECT ino FROM instances').pluck().all();
      for (const ino of instances) backfillHourCounts(db, ino);
    },
  },
  {
    version: 5,
    name: 'text index of every string in the events',
    up: (db) => {
      db.exec(`
        -- How far each instance's text index (tx_<ino>, search/text-index.ts) has indexed its
        -- events: positions up to indexed_upto. Searches read the events after it directly.
        CREATE TABLE text_marks (
          ino INTEGER PRIMARY KEY REFERENCES instances(ino) ON DELETE CASCADE,
          indexed_upto INTEGER NOT NULL
        ) STRICT;
        -- Events whose text is over the index's size limit: indexed searches read these too.
        CREATE TABLE text_unindexed (
          ino INTEGER NOT NULL REFERENCES instances(ino) ON DELETE CASCADE,
          pos INTEGER NOT NULL,
          PRIMARY KEY (ino, pos)
        ) STRICT, WITHOUT ROWID;
      `);
      // Existing events are indexed after the open, in the background (text-catch-up.ts): an
      // index over millions of events takes minutes, and the file opens at once meanwhile.
      const instances = db.prepare<[], number>('SELECT ino FROM instances').pluck().all();
      for (const ino of instances) createTextTable(db, ino);
    },
  },
  {
    version: 6,
    name: 'live sources: followed files and their read positions',
    up: (db) =>
      db.exec(`
        -- A file or a glob followed into an instance (engine/follow/). \`spec\` is the import spec
        -- as JSON; once the first lines were read it is the resolved one (format, mapping), so a
        -- restart maps lines exactly as before.
        CREATE TABLE follow_sources (
          id INTEGER PRIMARY KEY,
          ino INTEGER NOT NULL REFERENCES instances(ino) ON DELETE CASCADE,
          pattern TEXT NOT NULL,            -- an absolute path; a glob only in its last segment
          spec TEXT NOT NULL,
          resolved INTEGER NOT NULL DEFAULT 0,
          paused INTEGER NOT NULL DEFAULT 0,
          created_at INTEGER NOT NULL,
          UNIQUE (ino, pattern)
        ) STRICT;
        -- One row per file a source has read (a rotated or truncated file keeps its row, done).
        -- A file is known by device and inode, checked by a hash of its first bytes (inodes are
        -- reused); a gzip file by the hash of its decompressed first bytes, so a rotated and
        -- compressed file matches the one it was. \`offset\`/\`lines\`: the complete lines read,
        -- written in the transaction that appends their events (nothing twice, nothing skipped).
        CREATE TABLE follow_files (
          id INTEGER PRIMARY KEY,
          source_id INTEGER NOT NULL REFERENCES follow_sources(id) ON DELETE CASCADE,
          dev TEXT NOT NULL,
          inode TEXT NOT NULL,
          path TEXT NOT NULL,               -- where it was last seen
          fp_len INTEGER NOT NULL,          -- bytes hashed into fp (up to 1 KiB)
          fp TEXT NOT NULL,
          offset INTEGER NOT NULL,
          lines INTEGER NOT NULL,
          done INTEGER NOT NULL DEFAULT 0,  -- retired: rotated away, truncated, gone, or a .gz read
          updated_at INTEGER NOT NULL
        ) STRICT;
        -- One file is read by one row at a time: a second process following the same source
        -- fails on this instead of reading the file again.
        CREATE UNIQUE INDEX follow_files_reading ON follow_files(source_id, dev, inode)
          WHERE done = 0;
      `),
  },
  {
    version: 7,
    name: 'live sources: events stored from each',
    up: (db) =>
      db.exec(`
        -- Counted in the transaction that appends them (with the positions), so the count shown
        -- in the Sources list is exact across restarts.
        ALTER TABLE follow_sources ADD COLUMN events INTEGER NOT NULL DEFAULT 0;
      `),
  },
  {
    version: 8,
    name: 'streams in natural order: a stored sort key and its index',
    up: (db) => {
      // streamSortKey() in JS, written by the appender with every new stream; the name breaks
      // ties, so the order is total and pages are stable (list-streams.ts).
      db.exec(`ALTER TABLE streams ADD COLUMN sort_key TEXT NOT NULL DEFAULT ''`);
      const set = db.prepare<[string, number]>('UPDATE streams SET sort_key = ? WHERE sno = ?');
      const rows = db.prepare<[], { sno: number; name: string }>('SELECT sno, name FROM streams');
      for (const row of rows.all()) set.run(streamSortKey(row.name), row.sno);
      db.exec('CREATE INDEX streams_by_sort_key ON streams(ino, sort_key, name)');
    },
  },
  {
    version: 9,
    name: 'opened files: what each opened file was and how far it was imported',
    up: (db) =>
      db.exec(`
        -- A file opened straight away (eventlens open, a drop, File > Open, the OS) and the
        -- instance it went into (engine/open/). Known by where it came from (\`origin\`: its
        -- absolute path, or "upload:<name>" for a browser upload) and checked by its size and a
        -- hash of its first bytes: the same file reopens its instance; one that starts the same
        -- and is longer can continue from \`lines\`, which moves in the transaction that appends
        -- the events of those lines (nothing twice, nothing skipped, even after a crash).
        CREATE TABLE opened_files (
          origin TEXT PRIMARY KEY,
          ino INTEGER NOT NULL REFERENCES instances(ino) ON DELETE CASCADE,
          size INTEGER NOT NULL,            -- bytes of the file as it was imported (so far)
          fp_len INTEGER NOT NULL,          -- bytes hashed into fp (up to 1 KiB)
          fp TEXT NOT NULL,
          lines INTEGER NOT NULL,           -- lines imported: every record up to this line
          complete INTEGER NOT NULL,        -- 1: read to the end of \`size\` bytes
          spec TEXT NOT NULL,               -- the import spec as resolved (format, mapping)
          opened_at INTEGER NOT NULL,
          updated_at INTEGER NOT NULL
        ) STRICT;
      `),
  },
  {
    version: 10,
    name: 'text index: merge its segments 16 at a time',
    up: (db) => {
      // A setting in each index's own configuration, not a change of its contents: the index
      // stays as it is, and later writes merge 16 segments of a level at a time instead of 4.
      const instances = db.prepare<[], number>('SELECT ino FROM text_marks').pluck().all();
      for (const ino of instances) setTextMergePolicy(db, ino);
    },
  },
];

/** 'EVLN' in the header marks a SQLite file as an Eventlens database. */
export const applicationId = 0x45564c4e;

export const latestSchemaVersion = migrations[migrations.length - 1]!.version;

export function migrate(db: Database.Database, list: readonly Migration[] = migrations): void {
  const latest = list[list.length - 1]?.version ?? 0;
  db.transaction(() => {
    const current = db.pragma('user_version', { simple: true }) as number;
    if (current > latest) {
      throw new DatabaseOpenError(
        `this database has schema version ${current}, written by a newer Eventlens; this build ` +
          `knows versions up to ${latest}. Upgrade Eventlens to open it.`,
      );
    }
    for (const m of list) {
      if (m.version <= current) continue;
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    }
    // In the same transaction as the schema, so a crash cannot leave tables without the mark.
    if (db.pragma('application_id', { simple: true }) !== applicationId) {
      db.pragma(`application_id = ${applicationId}`);
    }
  }).immediate();
}
