import fs from 'node:fs';

/**
 * Where the mirror lives: a sidecar next to the database, named after it —
 * `events.db` → `events.db.mirror.duckdb` (DuckDB adds `.wal` beside it, and `.tmp/` when a
 * query spills to disk). It is derived data: deleting these files loses nothing, the next
 * process that owns the mirror rebuilds it from the database. Backups need not copy it. An
 * in-memory database (`:memory:`, tests) gets an in-memory mirror.
 */
export function mirrorFileFor(dbFile: string): string {
  return dbFile === ':memory:' || dbFile === '' ? ':memory:' : `${dbFile}.mirror.duckdb`;
}

/** Every file and folder of a mirror, for deleting or measuring it. */
export function mirrorFiles(mirrorFile: string): string[] {
  if (mirrorFile === ':memory:') return [];
  return [mirrorFile, `${mirrorFile}.wal`, `${mirrorFile}.tmp`];
}

/** Bytes the mirror takes on disk (its file and WAL); 0 when there is none. */
export function mirrorSizeBytes(mirrorFile: string): number {
  let size = 0;
  for (const file of mirrorFiles(mirrorFile).slice(0, 2)) {
    try {
      size += fs.statSync(file).size;
    } catch {
      // not there (no mirror yet, or no WAL right now)
    }
  }
  return size;
}

/** Deletes the mirror's files (only when no process has it open: derived data, rebuilt). */
export function removeMirrorFiles(mirrorFile: string): void {
  for (const file of mirrorFiles(mirrorFile)) fs.rmSync(file, { recursive: true, force: true });
}
