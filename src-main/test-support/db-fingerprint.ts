import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';

/**
 * A hash of everything a database holds: the schema, user_version and application_id, and
 * every row of every table (read in key order). Equal fingerprints before and after a call mean
 * the call changed nothing, whatever it touched.
 */
export function dbFingerprint(db: Database.Database): string {
  const hash = createHash('sha256');
  const schema = db
    .prepare<[], { type: string; name: string; sql: string | null }>(
      "SELECT type, name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_stat%' ORDER BY name",
    )
    .all();
  hash.update(JSON.stringify(schema));
  hash.update(String(db.pragma('user_version', { simple: true })));
  hash.update(String(db.pragma('application_id', { simple: true })));
  for (const { name, sql } of schema.filter((s) => s.type === 'table')) {
    // A virtual table (the text index) is read through its shadow tables, which are listed too.
    if (name.startsWith('sqlite_') || sql?.startsWith('CREATE VIRTUAL TABLE')) continue;
    const quoted = `"${name.replaceAll('"', '""')}"`;
    const cols = db
      .prepare<[string], { name: string }>('SELECT name FROM pragma_table_info(?)')
      .all(name)
      .map((c) => c.name);
    const order = cols.map((_, i) => String(i + 1)).join(', ');
    hash.update(`\n${name}\n`);
    for (const row of db.prepare(`SELECT * FROM ${quoted} ORDER BY ${order}`).raw().iterate()) {
      hash.update(
        JSON.stringify(row, (_k, v: unknown) =>
          Buffer.isBuffer(v) ? `blob:${v.toString('hex')}` : typeof v === 'bigint' ? `${v}n` : v,
        ),
      );
    }
  }
  return hash.digest('hex');
}
