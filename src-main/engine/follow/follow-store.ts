import type Database from 'better-sqlite3';
import type { ImportSpec } from '../../../src-shared/contract/import-spec';

/** A live source as stored (follow_sources). */
export interface SourceRow {
  id: number;
  /** The instance's internal number; the instance row has its id and name. */
  ino: number;
  pattern: string;
  spec: ImportSpec;
  resolved: boolean;
  paused: boolean;
  createdAt: number;
  /** Events stored from this source, ever (counted in the appends' transactions). */
  events: number;
}

/** A file a source has read (follow_files). */
export interface FileRow {
  id: number;
  sourceId: number;
  dev: string;
  inode: string;
  path: string;
  fpLen: number;
  fp: string;
  /** Bytes of complete lines read (of the decompressed text for a .gz). */
  offset: number;
  lines: number;
  done: boolean;
}

interface RawSource {
  id: number;
  ino: number;
  pattern: string;
  spec: string;
  resolved: number;
  paused: number;
  created_at: number;
  events: number;
}

interface RawFile {
  id: number;
  source_id: number;
  dev: string;
  inode: string;
  path: string;
  fp_len: number;
  fp: string;
  offset: number;
  lines: number;
  done: number;
}

const toSource = (r: RawSource): SourceRow => ({
  id: r.id,
  ino: r.ino,
  pattern: r.pattern,
  spec: JSON.parse(r.spec) as ImportSpec,
  resolved: r.resolved === 1,
  paused: r.paused === 1,
  createdAt: r.created_at,
  events: r.events,
});

const toFile = (r: RawFile): FileRow => ({
  id: r.id,
  sourceId: r.source_id,
  dev: r.dev,
  inode: r.inode,
  path: r.path,
  fpLen: r.fp_len,
  fp: r.fp,
  offset: r.offset,
  lines: r.lines,
  done: r.done === 1,
});

/** Another process moved this source's position: two followers of one source would duplicate. */
export class FollowConflictError extends Error {
  constructor(file: string) {
    super(`${file}: another process is following this source (its position moved); stopping`);
    this.name = 'FollowConflictError';
  }
}

/** The follow tables. Positions change only through `advance`, inside an append's transaction. */
export class FollowStore {
  private readonly stmt;

  constructor(readonly db: Database.Database) {
    this.stmt = {
      sources: db.prepare<[], RawSource>('SELECT * FROM follow_sources ORDER BY id'),
      source: db.prepare<[number], RawSource>('SELECT * FROM follow_sources WHERE id = ?'),
      sourceByPattern: db.prepare<[number, string], RawSource>(
        'SELECT * FROM follow_sources WHERE ino = ? AND pattern = ?',
      ),
      addSource: db.prepare<[number, string, string, number], { id: number }>(
        `INSERT INTO follow_sources (ino, pattern, spec, created_at) VALUES (?, ?, ?, ?)
         RETURNING id`,
      ),
      resolve: db.prepare<[string, number]>(
        'UPDATE follow_sources SET spec = ?, resolved = 1 WHERE id = ?',
      ),
      pause: db.prepare<[number, number]>('UPDATE follow_sources SET paused = ? WHERE id = ?'),
      remove: db.prepare<[number]>('DELETE FROM follow_sources WHERE id = ?'),
      count: db.prepare<[number, number]>(
        'UPDATE follow_sources SET events = events + ? WHERE id = ?',
      ),
      files: db.prepare<[number], RawFile>('SELECT * FROM follow_files WHERE source_id = ?'),
      addFile: db.prepare<
        [number, string, string, string, number, string, number, number, number, number]
      >(
        `INSERT INTO follow_files
           (source_id, dev, inode, path, fp_len, fp, offset, lines, done, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      seen: db.prepare<[string, number, string, number]>(
        'UPDATE follow_files SET path = ?, fp_len = ?, fp = ? WHERE id = ?',
      ),
      retire: db.prepare<[number, number]>(
        'UPDATE follow_files SET done = 1, updated_at = ? WHERE id = ?',
      ),
      advance: db.prepare<[number, number, number, number, number]>(
        `UPDATE follow_files SET offset = ?, lines = ?, updated_at = ?
         WHERE id = ? AND offset = ? AND done = 0`,
      ),
    };
  }

  sources(): SourceRow[] {
    return this.stmt.sources.all().map(toSource);
  }

  source(id: number): SourceRow | undefined {
    const r = this.stmt.source.get(id);
    return r ? toSource(r) : undefined;
  }

  sourceByPattern(ino: number, pattern: string): SourceRow | undefined {
    const r = this.stmt.sourceByPattern.get(ino, pattern);
    return r ? toSource(r) : undefined;
  }

  addSource(ino: number, pattern: string, spec: ImportSpec): SourceRow {
    const { id } = this.stmt.addSource.get(ino, pattern, JSON.stringify(spec), Date.now())!;
    return this.source(id)!;
  }

  /** Keeps the spec as resolved on the first lines: later restarts map lines the same way. */
  resolve(id: number, spec: ImportSpec): void {
    this.stmt.resolve.run(JSON.stringify(spec), id);
  }

  setPaused(id: number, paused: boolean): void {
    this.stmt.pause.run(paused ? 1 : 0, id);
  }

  removeSource(id: number): boolean {
    return this.stmt.remove.run(id).changes === 1;
  }

  /** Counts events stored from a source; call inside the transaction that appends them. */
  countEvents(sourceId: number, n: number): void {
    if (n > 0) this.stmt.count.run(n, sourceId);
  }

  files(sourceId: number): FileRow[] {
    return this.stmt.files.all(sourceId).map(toFile);
  }

  /** Null when another process reads this file for the same source (it added the row first). */
  addFile(f: Omit<FileRow, 'id'>): FileRow | null {
    let r: Database.RunResult;
    try {
      r = this.stmt.addFile.run(
        f.sourceId,
        f.dev,
        f.inode,
        f.path,
        f.fpLen,
        f.fp,
        f.offset,
        f.lines,
        f.done ? 1 : 0,
        Date.now(),
      );
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') return null;
      throw err;
    }
    return { ...f, id: Number(r.lastInsertRowid) };
  }

  /** Where a file was seen and its (longer) fingerprint: identity, not position. */
  seen(file: FileRow): void {
    this.stmt.seen.run(file.path, file.fpLen, file.fp, file.id);
  }

  retire(file: FileRow): void {
    this.stmt.retire.run(Date.now(), file.id);
    file.done = true;
  }

  /**
   * Moves a file's position from `from` to `offset`; call inside the transaction that appends
   * the events of those lines. False when the row is not at `from` any more: another process
   * follows the same source (its transaction committed first), so this one must stop.
   */
  advance(file: FileRow, from: number, offset: number, lines: number): boolean {
    return this.stmt.advance.run(offset, lines, Date.now(), file.id, from).changes === 1;
  }
}
