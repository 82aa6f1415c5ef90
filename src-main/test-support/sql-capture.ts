import type Database from 'better-sqlite3';

/**
 * Records the SQL a piece of code prepares on a connection (test-only instrumentation of the
 * real connection, not a mock): each statement with the parameters it ran with.
 */
export function captureSql<T>(
  db: Database.Database,
  run: () => T,
): { result: T; statements: { text: string; params: unknown[] }[] } {
  const statements: { text: string; params: unknown[] }[] = [];
  const original = db.prepare.bind(db);
  const patched = ((text: string) => {
    const stmt = original(text);
    for (const method of ['all', 'get', 'run', 'iterate'] as const) {
      const fn = (stmt[method] as (...a: unknown[]) => unknown).bind(stmt);
      (stmt as unknown as Record<string, unknown>)[method] = (...params: unknown[]) => {
        statements.push({ text, params });
        return fn(...params);
      };
    }
    return stmt;
  }) as typeof db.prepare;
  db.prepare = patched;
  try {
    return { result: run(), statements };
  } finally {
    db.prepare = original;
  }
}

/** EXPLAIN QUERY PLAN of a captured statement, as one line per plan row. */
export function planOf(db: Database.Database, s: { text: string; params: unknown[] }): string {
  return (db.prepare(`EXPLAIN QUERY PLAN ${s.text}`).all(...s.params) as { detail: string }[])
    .map((r) => r.detail)
    .join(' | ');
}
