import type Database from 'better-sqlite3';
import { eventTable } from '../db/event-table';
import type { InstanceRow } from '../instances';
import { HotPaths } from './hot-paths';

/** What compiling and running one query needs: the connection and the instance it reads. */
export interface QueryContext {
  db: Database.Database;
  instance: InstanceRow;
  /** `ev_<ino>`: built from the integer instance number only. */
  table: string;
  /** Payload/metadata paths this instance keeps an index for (hot-paths.ts). */
  hot: HotPaths;
  /**
   * Set while compiling the SQL of one page of events: how many rows it reads at most
   * (limit + offset). Text conditions then choose between their index and reading events in
   * the page's order (text-conditions.ts); counts and aggregations leave it unset.
   */
  pageRows?: number;
}

export function queryContext(db: Database.Database, instance: InstanceRow): QueryContext {
  return {
    db,
    instance,
    table: eventTable(instance.ino),
    hot: HotPaths.load(db, instance.ino),
  };
}
