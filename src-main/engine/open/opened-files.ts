import type Database from 'better-sqlite3';
import type { ImportSpec } from '../../../src-shared/contract/import-spec';

/** A file opened before (opened_files): what it was, where it went, how far it was read. */
export interface OpenedFile {
  origin: string;
  /** The instance's internal number (the instance row has its id and name). */
  ino: number;
  size: number;
  fpLen: number;
  fp: string;
  /** Every record up to this line is imported. */
  lines: number;
  /** Read to the end of `size` bytes. */
  complete: boolean;
  /** The import spec as resolved on the first open: a continuation maps lines the same way. */
  spec: ImportSpec;
  openedAt: number;
}

interface Raw {
  origin: string;
  ino: number;
  size: number;
  fp_len: number;
  fp: string;
  lines: number;
  complete: number;
  spec: string;
  opened_at: number;
}

const toOpened = (r: Raw): OpenedFile => ({
  origin: r.origin,
  ino: r.ino,
  size: r.size,
  fpLen: r.fp_len,
  fp: r.fp,
  lines: r.lines,
  complete: r.complete === 1,
  spec: JSON.parse(r.spec) as ImportSpec,
  openedAt: r.opened_at,
});

/**
 * The opened_files table. A row is written before its import starts (lines 0); `advance` moves
 * it inside each batch's append transaction, `finish` once the file was read to its end.
 */
export class OpenedFiles {
  private readonly stmt;

  constructor(readonly db: Database.Database) {
    this.stmt = {
      get: db.prepare<[string], Raw>('SELECT * FROM opened_files WHERE origin = ?'),
      put: db.prepare<[Omit<Raw, 'lines' | 'complete'>]>(
        `INSERT INTO opened_files
           (origin, ino, size, fp_len, fp, lines, complete, spec, opened_at, updated_at)
         VALUES (@origin, @ino, @size, @fp_len, @fp, 0, 0, @spec, @opened_at, @opened_at)
         ON CONFLICT (origin) DO UPDATE SET ino = @ino, size = @size, fp_len = @fp_len,
           fp = @fp, lines = 0, complete = 0, spec = @spec, opened_at = @opened_at,
           updated_at = @opened_at`,
      ),
      grow: db.prepare<[number, number, string, number, string]>(
        `UPDATE opened_files SET size = ?, fp_len = ?, fp = ?, complete = 0, updated_at = ?
         WHERE origin = ?`,
      ),
      advance: db.prepare<[number, number, string, number]>(
        `UPDATE opened_files SET lines = ?, updated_at = ? WHERE origin = ? AND lines <= ?`,
      ),
      finish: db.prepare<[number, number, string]>(
        'UPDATE opened_files SET lines = ?, complete = 1, updated_at = ? WHERE origin = ?',
      ),
    };
  }

  get(origin: string): OpenedFile | undefined {
    const r = this.stmt.get.get(origin);
    return r ? toOpened(r) : undefined;
  }

  /** Records a file opened into an instance (a new import: nothing read yet). */
  put(f: Omit<OpenedFile, 'openedAt' | 'lines' | 'complete'>): void {
    this.stmt.put.run({
      origin: f.origin,
      ino: f.ino,
      size: f.size,
      fp_len: f.fpLen,
      fp: f.fp,
      spec: JSON.stringify(f.spec),
      opened_at: now(),
    });
  }

  /** The file grew and its import continues: its new size and start, not yet complete. */
  grow(origin: string, seen: { size: number; fpLen: number; fp: string }): void {
    this.stmt.grow.run(seen.size, seen.fpLen, seen.fp, now(), origin);
  }

  /** Call inside the transaction that appends the events of the lines up to `lines`. */
  advance(origin: string, lines: number): void {
    this.stmt.advance.run(lines, now(), origin, lines);
  }

  /** The import read the file to its end: `lines` lines in all. */
  finish(origin: string, lines: number): void {
    this.stmt.finish.run(lines, now(), origin);
  }
}

const now = () => Date.now();
