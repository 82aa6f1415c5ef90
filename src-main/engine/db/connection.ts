import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { DatabaseOpenError } from '../errors';
import { eventIdFor } from '../ids';
import { registerPercentileFunction } from '../query/percentile-function';
import { registerTextFunctions } from '../search/text-match';
import { inspectDatabaseFile, pathError } from './file-state';
import { applicationId, latestSchemaVersion, migrate } from './migrations';

export interface OpenOptions {
  /** better-sqlite3's native addon to load (the Electron build in the desktop app). */
  nativeBinding?: string;
  /** Open for reading only (SQLITE_OPEN_READONLY): nothing is ever written to the file. */
  readonly?: boolean;
  /** How long a writer waits for another process's write lock, in ms. */
  busyTimeoutMs?: number;
  /**
   * `PRAGMA quick_check` before use. Default ('auto'): only before adopting a file that is not
   * in WAL mode yet (a copy, a backup, a file from elsewhere); true: always; false: never.
   * A file already in WAL mode is not checked on open, so opening costs the same at any size
   * (`eventlens check` checks it whole; docs/contract-notes.md says why).
   */
  integrityCheck?: boolean | 'auto';
  /** Create the file's folder if it is missing (the desktop app's own folder); default false. */
  createFolder?: boolean;
}

/** An open database, and why it is read-only when it is (null: writable). */
export interface OpenedDatabase {
  db: Database.Database;
  readOnly: string | null;
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
  registerPercentileFunction(db);
}

const defaultBusyTimeoutMs = 15_000;

/**
 * Opens (creating if needed) an Eventlens database. An existing file is judged first on a
 * read-only connection — identity, schema version and, when it is about to be adopted, its
 * integrity — and only a file that passes is switched to WAL and migrated: a refused file is
 * left byte for byte, in every journal mode. A file that cannot be written (permissions, a
 * read-only folder) opens read-only, with the reason in `readOnly`. Throws DatabaseOpenError
 * with one sentence a person can act on.
 */
export function openDatabase(file: string, options: OpenOptions = {}): OpenedDatabase {
  const busyTimeoutMs = options.busyTimeoutMs ?? defaultBusyTimeoutMs;
  if (file === ':memory:') {
    return { db: setUp(connect(file, false, options), busyTimeoutMs), readOnly: null };
  }
  const state = inspectDatabaseFile(file, options);
  if (state.kind === 'new') {
    if (options.createFolder) {
      try {
        fs.mkdirSync(state.folder, { recursive: true });
      } catch (err) {
        throw pathError(file, err);
      }
    }
    return { db: setUp(connect(file, false, options), busyTimeoutMs), readOnly: null };
  }
  const readOnly = options.readonly ? 'it was opened read-only' : state.readOnly;
  // Read-only: the connection itself is the probe. Writable: a read-only probe judges first.
  const probe = connect(file, true, options);
  const sidecars = existingSidecars(file);
  let accepted = false;
  try {
    probe.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
    const userVersion = checkIdentity(probe, file);
    const check = options.integrityCheck ?? 'auto';
    // Adopting means switching to WAL: a copy or a backup is checked before it becomes ours.
    const adopting = !state.wal && readOnly === null;
    if (check === true || (check === 'auto' && adopting)) checkIntegrity(probe, file);
    if (readOnly !== null && userVersion < latestSchemaVersion) {
      throw new DatabaseOpenError(
        `${file} was written by an older Eventlens (schema version ${userVersion}) and ` +
          `${readOnly}, so it cannot be upgraded to version ${latestSchemaVersion}. Open it ` +
          `once where it can be written, or open a writable copy.`,
      );
    }
    accepted = true;
    if (readOnly !== null) return { db: setUp(probe, busyTimeoutMs), readOnly };
  } catch (err) {
    throw openError(file, err);
  } finally {
    if (!accepted || readOnly === null) probe.close();
    // A read-only connection to a WAL file leaves a -wal and -shm behind; a refused file gets
    // its folder back as it was (an accepted one is opened again, which tidies them).
    if (!accepted) removeNewSidecars(file, sidecars);
  }
  return { db: setUp(connect(file, false, options), busyTimeoutMs), readOnly: null };
}

function connect(file: string, readonly: boolean, options: OpenOptions): Database.Database {
  try {
    return new Database(file, {
      readonly,
      fileMustExist: readonly,
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    });
  } catch (err) {
    throw openError(file, err);
  }
}

/** Pragmas, migrations (writable connections) and functions; closes `db` if any fails. */
function setUp(db: Database.Database, busyTimeoutMs: number): Database.Database {
  try {
    applyPragmas(db, busyTimeoutMs);
    if (!db.readonly) {
      migrate(db);
      db.pragma('optimize = 0x10002');
    }
    registerFunctions(db);
    return db;
  } catch (err) {
    db.close();
    throw openError(db.name, err);
  }
}

const sidecarSuffixes = ['-wal', '-shm'] as const;

function existingSidecars(file: string): Set<string> {
  return new Set(sidecarSuffixes.filter((s) => fs.existsSync(file + s)));
}

function removeNewSidecars(file: string, before: Set<string>): void {
  const wal = file + '-wal';
  // Only an empty WAL this probe made: one with content is another connection's.
  if (before.has('-wal') || !fs.existsSync(wal) || fs.statSync(wal).size > 0) return;
  for (const suffix of sidecarSuffixes) {
    if (!before.has(suffix)) fs.rmSync(file + suffix, { force: true });
  }
}

/**
 * Ours (our application id), or an empty SQLite file that becomes ours; anything else is
 * another program's. Answers the schema version; a newer one than this build knows is refused.
 */
function checkIdentity(db: Database.Database, file: string): number {
  // One statement, so one snapshot: read separately, another process creating the schema in
  // between (several processes opening a new file at once) would look like "no id, tables".
  const { appId, tables, userVersion } = db
    .prepare(
      'SELECT (SELECT application_id FROM pragma_application_id) AS appId, ' +
        "(SELECT count(*) FROM sqlite_schema WHERE type = 'table') AS tables, " +
        '(SELECT user_version FROM pragma_user_version) AS userVersion',
    )
    .get() as { appId: number; tables: number; userVersion: number };
  if (appId !== applicationId && (appId !== 0 || tables > 0 || userVersion !== 0)) {
    throw new DatabaseOpenError(
      `${file} is a SQLite database of another program, not an Eventlens database. Choose another file.`,
    );
  }
  if (userVersion > latestSchemaVersion) {
    throw new DatabaseOpenError(
      `${file} has schema version ${userVersion}, written by a newer Eventlens; this build ` +
        `knows versions up to ${latestSchemaVersion}. Upgrade Eventlens to open it.`,
    );
  }
  return userVersion;
}

/**
 * What `PRAGMA quick_check` (pages and b-trees) or `integrity_check` (that, and every index
 * against its table) found, one line each, at most `max` (empty: nothing).
 *
 * The freelist is checked on its own as well: SQLite 3.53 takes a virtual table's root page
 * (0) as the mark of a partial check when that table comes first in its schema hash, and then
 * skips the freelist — which happens with the text indexes (FTS5). A check of `sqlite_schema`
 * alone always walks the freelist (open-errors.test.ts, the freelist defect).
 */
export function integrityProblems(
  db: Database.Database,
  pragma: 'quick_check' | 'integrity_check',
  max: number,
): string[] {
  const lines = (arg: string) =>
    (db.prepare(`PRAGMA ${pragma}(${arg})`).pluck().all() as string[])
      .filter((r) => r !== 'ok')
      .flatMap((r) => r.split('\n'))
      .filter((line) => line !== '' && !line.startsWith('*** in database'));
  const problems = lines(String(Math.floor(max)));
  for (const line of lines('sqlite_schema')) {
    if (problems.length >= max) break;
    if (!problems.includes(line)) problems.push(line);
  }
  return problems;
}

function checkIntegrity(db: Database.Database, file: string): void {
  const problems = integrityProblems(db, 'quick_check', 5);
  if (problems.length === 0) return;
  throw new DatabaseOpenError(
    `${file} failed its integrity check: ${problems.join('; ')}. Restore it from a backup, or ` +
      `move it aside and start a new one.`,
  );
}

/** What better-sqlite3 threw on open, as a DatabaseOpenError with one sentence. */
function openError(file: string, err: unknown): DatabaseOpenError {
  if (err instanceof DatabaseOpenError) return err;
  const code = (err as { code?: string }).code ?? '';
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return new DatabaseOpenError(
      `${file} is corrupt or is not a database (${code}). Restore it from a backup, or move it ` +
        `aside and start a new one.`,
    );
  }
  if (code === 'SQLITE_READONLY_ROLLBACK') {
    // Rolling it back would write to a file not yet judged; Eventlens itself never leaves one
    // (it keeps its files in WAL mode), so it is another program's interrupted write.
    return new DatabaseOpenError(
      `cannot open ${file}: it holds an interrupted write of another program (a hot journal, ` +
        `${path.basename(file)}-journal). Open it once with that program, or sqlite3, so that ` +
        `SQLite rolls it back; then open it here.`,
    );
  }
  if (code === 'SQLITE_READONLY_RECOVERY' || code === 'SQLITE_READONLY_CANTINIT') {
    return new DatabaseOpenError(
      `cannot open ${file} read-only: its write-ahead log needs recovery, which needs write ` +
        `access to the file and its folder. Open it once where it can be written.`,
    );
  }
  if (code === 'SQLITE_READONLY_DIRECTORY') {
    return new DatabaseOpenError(
      `cannot open ${file}: it is in WAL mode in a read-only folder, where SQLite cannot create ` +
        `the ${path.basename(file)}-shm file it needs beside it. Copy it to a writable folder.`,
    );
  }
  return new DatabaseOpenError(`cannot open ${file}: ${(err as Error).message}`);
}
