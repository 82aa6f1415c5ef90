import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** A backup that cannot be made (where to, or what), in one sentence. Nothing was written. */
export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}

export interface BackupProgress {
  pagesDone: number;
  pagesTotal: number;
}

export interface BackupOptions {
  /** Replace a file that exists at `out` (default: refuse). */
  overwrite?: boolean;
  onProgress?: (progress: BackupProgress) => void;
  /** The better-sqlite3 addon the source connection uses (the Electron build in the app). */
  nativeBinding?: string;
  /** Pages per step before any restart (default 4,096: progress every 32 MiB). */
  pagesPerStep?: number;
}

export interface BackupResult {
  file: string;
  bytes: number;
  pages: number;
  elapsedMs: number;
  /** How often another process's commit made SQLite start the copy over. */
  restarts: number;
}

/**
 * A consistent copy of the database in one file, made with SQLite's online backup API while
 * other connections and processes go on reading and writing. The copy is a snapshot: it holds
 * every event committed before the backup began, and possibly more, never a partial batch.
 *
 * The copy goes in steps (progress between them). A commit by another connection makes SQLite
 * start over at the next step; after such a restart the rest is copied in a single step, which
 * holds one read snapshot (in WAL mode writers are not blocked), so a busy writer cannot keep
 * the backup from finishing. Writes through `db` itself are carried into the copy as it runs.
 *
 * The copy is written beside `out` and renamed onto it when complete (never a half backup under
 * its name), and switched to rollback-journal mode: one self-contained file, which opens even
 * from a read-only folder or medium. Eventlens checks such a file in full before adopting it
 * (db/connection.ts), so a restored backup is checked before it is used.
 */
export async function backupDatabase(
  db: Database.Database,
  out: string,
  options: BackupOptions = {},
): Promise<BackupResult> {
  const started = performance.now();
  const target = path.resolve(out);
  const folder = path.dirname(target);
  checkTarget(db, out, target, folder, options.overwrite === true);
  const temp = path.join(
    folder,
    `.${path.basename(target)}.${randomBytes(4).toString('hex')}.partial`,
  );
  let restarts = 0;
  let lastRemaining = Infinity;
  let pages = 0;
  const pagesPerStep = options.pagesPerStep ?? 4_096;
  try {
    const done = await db.backup(temp, {
      progress: ({ totalPages, remainingPages }) => {
        if (remainingPages > lastRemaining) restarts++;
        lastRemaining = remainingPages;
        options.onProgress?.({ pagesDone: totalPages - remainingPages, pagesTotal: totalPages });
        return restarts > 0 ? 0x7fffffff : pagesPerStep;
      },
    });
    pages = done.totalPages;
    options.onProgress?.({ pagesDone: pages, pagesTotal: pages });
    const copy = new Database(temp, {
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    });
    try {
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    fs.renameSync(temp, target);
    syncFolder(folder);
  } catch (err) {
    for (const f of [temp, `${temp}-journal`, `${temp}-wal`, `${temp}-shm`]) {
      fs.rmSync(f, { force: true });
    }
    if (err instanceof BackupError) throw err;
    throw new BackupError(`cannot back up to ${out}: ${(err as Error).message}`);
  }
  return {
    file: target,
    bytes: fs.statSync(target).size,
    pages,
    elapsedMs: Math.round(performance.now() - started),
    restarts,
  };
}

function checkTarget(
  db: Database.Database,
  out: string,
  target: string,
  folder: string,
  overwrite: boolean,
): void {
  let folderStat: fs.Stats;
  try {
    folderStat = fs.statSync(folder);
  } catch {
    throw new BackupError(`cannot back up to ${out}: the folder ${folder} does not exist`);
  }
  if (!folderStat.isDirectory()) {
    throw new BackupError(`cannot back up to ${out}: ${folder} is not a folder`);
  }
  let existing: fs.Stats | null = null;
  try {
    existing = fs.statSync(target);
  } catch {
    // nothing there: the usual case
  }
  if (!existing) return;
  if (existing.isDirectory()) throw new BackupError(`cannot back up to ${out}: it is a folder`);
  const source = fs.statSync(path.resolve(db.name));
  if (existing.ino === source.ino && existing.dev === source.dev) {
    throw new BackupError(`cannot back up to ${out}: it is the database itself`);
  }
  if (!overwrite) {
    throw new BackupError(`${out} already exists; choose another name, or replace it with --force`);
  }
}

/** The rename is durable once the folder's entry is on disk (a no-op where folders can't sync). */
function syncFolder(folder: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(folder, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Windows cannot open a folder for fsync; its renames are journaled by NTFS.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
