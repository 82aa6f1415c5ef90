import type Database from 'better-sqlite3';
import type { JsonRoot } from '../../../src-shared/contract/fields';
import { eventTable } from '../db/event-table';
import { join, raw, sql, type Sql } from '../db/sql';
import { typedValueSql } from './typed-value';

/**
 * Indexes on payload/metadata paths, made on demand (index-advisor.ts) and kept in
 * `query_indexes`. An index column is the typed value of a path (typed-value.ts), so every
 * operator, order and group on that path can read it from the index.
 *
 * SQLite matches an expression index only against the same expression written in the query,
 * with the path as a literal — a bound parameter never matches. So for an indexed path, and
 * only then, the compiler writes the path into the SQL text as `CAST(X'<hex>' AS TEXT)`: the
 * hex digits of an already-validated path, produced by code. The hex alphabet cannot close the
 * literal, so no byte of user input can become SQL; every other path stays a parameter.
 */
export type IndexColumn =
  ['top', 'tno' | 'sno' | 'ts' | 'seq'] | ['json', JsonRoot, string /* SQLite JSON path */];

export class HotPaths {
  private constructor(
    private readonly paths: ReadonlySet<string>,
    private readonly indexes: ReadonlyMap<string, string>,
  ) {}

  static empty = new HotPaths(new Set(), new Map());

  static load(db: Database.Database, ino: number): HotPaths {
    const rows = db
      // Only indexes that exist: INDEXED BY a missing index would fail the query.
      .prepare<[number], { name: string; columns: string }>(
        `SELECT q.name, q.columns FROM query_indexes q
         JOIN sqlite_schema s ON s.type = 'index' AND s.name = q.name WHERE q.ino = ?`,
      )
      .all(ino);
    if (rows.length === 0) return HotPaths.empty;
    const paths = new Set<string>();
    const indexes = new Map<string, string>();
    for (const { name, columns } of rows) {
      if (!/^ev_\d+_q\d+$/u.test(name)) continue; // only names this code makes
      indexes.set(columns, name);
      for (const col of JSON.parse(columns) as IndexColumn[]) {
        if (col[0] === 'json') paths.add(`${col[1]}\u0000${col[2]}`);
      }
    }
    return new HotPaths(paths, indexes);
  }

  /**
   * The index made for exactly these columns. Queries name it with INDEXED BY: SQLite's planner
   * does not see that an expression index covers a query and may pick another index that
   * starts with the same column (measured: 4.3 s instead of 0.1 s).
   */
  indexFor(columns: readonly IndexColumn[] | null): string | undefined {
    return columns ? this.indexes.get(indexKey(columns)) : undefined;
  }

  /** Whether some index holds the typed value of `root` at `path`. */
  has(root: JsonRoot, path: string): boolean {
    return this.paths.has(`${root}\u0000${path}`);
  }
}

/** A validated JSON path as a literal the index and the query share (see above). */
export function pathLiteral(path: string): Sql {
  return sql`${raw(`CAST(X'${Buffer.from(path, 'utf8').toString('hex')}' AS TEXT)`)}`;
}

/** The typed value of an indexed path, written exactly as its index column is. */
export function indexedValueSql(column: Sql, path: string): Sql {
  return typedValueSql(column, pathLiteral(path));
}

export function indexKey(columns: readonly IndexColumn[]): string {
  return JSON.stringify(columns);
}

export function hasIndex(db: Database.Database, ino: number, columns: readonly IndexColumn[]) {
  return (
    db
      .prepare('SELECT 1 FROM query_indexes WHERE ino = ? AND columns = ?')
      .pluck()
      .get(ino, indexKey(columns)) !== undefined
  );
}

export function indexCount(db: Database.Database, ino: number): number {
  return db.prepare('SELECT count(*) FROM query_indexes WHERE ino = ?').pluck().get(ino) as number;
}

/**
 * Creates an index over the given columns of an instance's events table and records it.
 * Needs a writable connection; takes the write lock for as long as the build runs (about a
 * second per million events), like any writer.
 */
export function createQueryIndex(
  db: Database.Database,
  ino: number,
  columns: readonly IndexColumn[],
): { name: string; buildMs: number } | null {
  const started = performance.now();
  const table = eventTable(ino);
  return db
    .transaction(() => {
      if (hasIndex(db, ino, columns)) return null;
      const n =
        (db
          .prepare(
            "SELECT coalesce(max(CAST(substr(name, instr(name, '_q') + 2) AS INTEGER)), 0) FROM query_indexes WHERE ino = ?",
          )
          .pluck()
          .get(ino) as number) + 1;
      const name = `${table}_q${n}`;
      const parts = columns.map((c) =>
        c[0] === 'top' ? sql`${raw(c[1])}` : indexedValueSql(sql`${raw(c[1])}`, c[2]),
      );
      const ddl = sql`CREATE INDEX ${raw(name)} ON ${raw(table)} (${join(parts, ', ')})`;
      if (ddl.params.length > 0) throw new Error('index DDL must not have parameters');
      db.exec(ddl.text);
      db.exec(`ANALYZE ${name}`);
      const buildMs = Math.round(performance.now() - started);
      db.prepare(
        'INSERT INTO query_indexes (ino, name, columns, created_at, build_ms) VALUES (?, ?, ?, ?, ?)',
      ).run(ino, name, indexKey(columns), Date.now(), buildMs);
      return { name, buildMs };
    })
    .immediate();
}

/** Drops every index the query engine made for an instance (e.g. for a cold benchmark). */
export function dropQueryIndexes(db: Database.Database, ino: number): number {
  return db
    .transaction(() => {
      const names = db
        .prepare<[number], string>('SELECT name FROM query_indexes WHERE ino = ?')
        .pluck()
        .all(ino);
      for (const name of names) {
        if (!/^ev_\d+_q\d+$/u.test(name)) throw new Error(`unexpected index name ${name}`);
        db.exec(`DROP INDEX IF EXISTS ${name}`);
      }
      db.prepare('DELETE FROM query_indexes WHERE ino = ?').run(ino);
      return names.length;
    })
    .immediate();
}
