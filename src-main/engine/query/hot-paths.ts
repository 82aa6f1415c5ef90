import type Database from 'better-sqlite3';
import type { JsonRoot } from '../../../src-shared/contract/fields';

/** Indexed payload/metadata paths of one instance (filled in by the hot-path work). */
export class HotPaths {
  private constructor(private readonly byPath: ReadonlyMap<string, string>) {}

  static load(_db: Database.Database, _ino: number): HotPaths {
    return new HotPaths(new Map());
  }

  /** The generated column holding the typed value of `root` at `path`, when indexed. */
  column(root: JsonRoot, path: string): string | undefined {
    return this.byPath.get(`${root}\u0000${path}`);
  }
}
