import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { DatabaseOpenError } from '../errors';
import { eventIdFor } from '../ids';
import { registerTextFunctions } from '../search/text-match';
import { applicationId, migrate } from './migrations';

export interface OpenOptions {
  /** better-sqlite3's native addon to load (the Electron build in the desktop app). */
  nativeBinding?: string;
  readonly?: boolean;
  /** How long a writer waits for another process's write lock, in ms. */
  busyTimeoutMs?: number;
  /** Run `PRAGMA quick_check` on open (default true). */
  integrityCheck?: boolean;
}

const sqliteMagic = Buffer.from('SQLite format 3\0', 'latin1');

function checkHeader(file: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const header = Buffer.alloc(16);
    const n = fs.readSync(fd, header, 0, 16, 0);
    if (n === 0) return; // an empty file becomes a new database
    if (n < 16 || !header.equals(sqliteMagic)) {
      throw new DatabaseOpenError(
        `${file} is not a SQLite database (its header is wrong). Choose another file with --db, ` +
          `or move this one aside.`,
      );
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * Sets every pragma on every open: better-sqlite3 reopens a WAL database with
 * synchronous=NORMAL whatever was set before, and most pragmas are per connection anyway.
 */
export function applyPragmas(db: Database.Database, busyTimeoutMs: number): void {
  db.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
  if (!db.readonly) {
    db.pragma('page_size = 8192'); // only takes effect on a new, empty file
    db.pragma('journal_mode = WAL');
  }
  // FULL: an acknowledged append survives a power cut, not only a crash (~5% of ingest here).
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  // INSERT OR REPLACE over an event deletes it without firing the tables' DELETE triggers
  // unless recursive triggers are on. A per-row INSERT trigger would close this for every
  // connection but cost ~25% of append CPU (docs/contract-notes.md); Eventlens never issues
  // REPLACE itself, and on its own connections the DELETE trigger then refuses it.
  db.pragma('recursive_triggers = ON');
  db.pragma('trusted_schema = OFF');
  db.pragma('temp_store = MEMORY');
  db.pragma('cache_size = -65536'); // 64 MiB
  db.pragma('mmap_size = 268435456'); // 256 MiB
  // Fewer, larger checkpoints: a hot index page is written back once per checkpoint.
  db.pragma('wal_autocheckpoint = 4000');
  db.pragma('journal_size_limit = 67108864');
}

/** SQL functions the engine's queries use; registered on every connection. */
export function registerFunctions(db: Database.Database): void {
  db.function(
    'el_event_id',
    { deterministic: true, directOnly: true },
    (salt: unknown, pos: unknown) =>
      typeof salt === 'string' && typeof pos === 'number' ? eventIdFor(salt, pos) : null,
  );
  registerTextFunctions(db);
}

/**
 * Opens (creating if needed) an Eventlens database: checks the header and integrity, applies
 * the pragmas and migrations. Throws DatabaseOpenError with a sentence a person can act on.
 */
export function openDatabase(file: string, options: OpenOptions = {}): Database.Database {
  if (file !== ':memory:') {
    checkHeader(file);
    if (!options.readonly) fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  }
  let db: Database.Database;
  try {
    db = new Database(file, {
      readonly: options.readonly ?? false,
      fileMustExist: options.readonly ?? false,
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    });
  } catch (err) {
    throw new DatabaseOpenError(`cannot open ${file}: ${(err as Error).message}`);
  }
  try {
    // Identity first, with reads only: switching to WAL rewrites the header, and a file that
    // is not ours must be left exactly as it was.
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 15_000))}`);
    checkIdentity(db, file);
    applyPragmas(db, options.busyTimeoutMs ?? 15_000);
    if (options.integrityCheck !== false) checkIntegrity(db, file);
    if (!db.readonly) {
      migrate(db);
      db.pragma('optimize = 0x10002');
    }
    registerFunctions(db);
    return db;
  } catch (err) {
    db.close();
    if (err instanceof DatabaseOpenError) throw err;
    const code = (err as { code?: string }).code ?? '';
    if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
      throw new DatabaseOpenError(
        `${file} is corrupt or is not a database (${code}). Restore it from a backup, or move it ` +
          `aside and start a new one.`,
      );
    }
    throw new DatabaseOpenError(`cannot open ${file}: ${(err as Error).message}`);
  }
}

function checkIdentity(db: Database.Database, file: string): void {
  // One statement, so one snapshot: read separately, another process creating the schema in
  // between (several processes opening a new file at once) would look like "no id, tables".
  const { appId, tables } = db
    .prepare(
      'SELECT (SELECT application_id FROM pragma_application_id) AS appId, ' +
        "(SELECT count(*) FROM sqlite_schema WHERE type = 'table') AS tables",
    )
    .get() as { appId: number; tables: number };
  if (appId === applicationId) return;
  if (appId !== 0 || tables > 0) {
    throw new DatabaseOpenError(
      `${file} is a SQLite database of another program, not an Eventlens database. Choose another file.`,
    );
  }
}

function checkIntegrity(db: Database.Database, file: string): void {
  const rows = db.prepare('PRAGMA quick_check(5)').pluck().all() as string[];
  if (rows.length === 1 && rows[0] === 'ok') return;
  throw new DatabaseOpenError(
    `${file} failed its integrity check: ${rows.join('; ')}. Restore it from a backup, or move ` +
      `it aside and start a new one.`,
  );
}
