import type Database from 'better-sqlite3';

const prepared = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/**
 * `db.prepare(text)`, made once per connection: for the few small statements that every append
 * batch runs (marks read and written), where preparing each time cost more than running. Only
 * for statements run with get/run (a statement being iterated could not be run again), and
 * each text with one mode (a caller that plucks always plucks).
 */
export function preparedOnce<P extends unknown[] = unknown[], R = unknown>(
  db: Database.Database,
  text: string,
): Database.Statement<P, R> {
  let statements = prepared.get(db);
  if (!statements) prepared.set(db, (statements = new Map<string, Database.Statement>()));
  let statement = statements.get(text);
  if (!statement) statements.set(text, (statement = db.prepare(text)));
  return statement as Database.Statement<P, R>;
}
