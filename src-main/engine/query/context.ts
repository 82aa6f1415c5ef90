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
}

export function queryContext(db: Database.Database, instance: InstanceRow): QueryContext {
  return {
    db,
    instance,
    table: eventTable(instance.ino),
    hot: HotPaths.load(db, instance.ino),
  };
}
