import fs from 'node:fs';
import path from 'node:path';
import { DatabaseOpenError } from '../errors';

/**
 * What is at a database path before SQLite touches it: nothing yet (a new database will be
 * made there), or an existing SQLite file — in WAL mode or not, writable or not (and why not).
 * Everything that would otherwise surface as an errno with a stack trace (a folder, a missing
 * or unreachable folder, no permission) is a DatabaseOpenError with one sentence.
 */
export type FileState =
  { kind: 'new'; folder: string } | { kind: 'existing'; wal: boolean; readOnly: string | null };

const sqliteMagic = Buffer.from('SQLite format 3\0', 'latin1');
/** The database header: a SQLite file is at least one 512-byte page. */
const headerBytes = 100;

export function inspectDatabaseFile(
  file: string,
  options: { readonly?: boolean; createFolder?: boolean },
): FileState {
  const full = path.resolve(file);
  const folder = path.dirname(full);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(full);
  } catch (err) {
    const code = errnoOf(err);
    if (code !== 'ENOENT') throw pathError(file, err);
    if (options.readonly) throw new DatabaseOpenError(`${file} does not exist.`);
    return { kind: 'new', folder: newFileFolder(file, folder, options.createFolder === true) };
  }
  if (stat.isDirectory()) {
    throw new DatabaseOpenError(
      `${file} is a folder, not a database file. Give the path of a file (a new one is made ` +
        `there if none exists).`,
    );
  }
  if (!stat.isFile()) throw new DatabaseOpenError(`${file} is not a regular file.`);
  if (options.readonly && stat.size === 0) {
    throw new DatabaseOpenError(`${file} is empty: there is no database in it to read.`);
  }
  const readOnly = options.readonly ? null : whyNotWritable(full, folder);
  if (stat.size === 0) {
    // An empty file becomes a new database, which needs writing.
    if (readOnly !== null) throw new DatabaseOpenError(`${file} is empty and ${readOnly}.`);
    return { kind: 'new', folder };
  }
  const header = readHeader(file, full);
  if (header.length < headerBytes || !header.subarray(0, 16).equals(sqliteMagic)) {
    throw new DatabaseOpenError(
      `${file} is not a SQLite database (its header is wrong). Choose another file with --db, ` +
        `or move this one aside.`,
    );
  }
  // Header bytes 18-19 (file format write/read versions): 2 in WAL mode, 1 in rollback mode.
  return { kind: 'existing', wal: header[18] === 2 && header[19] === 2, readOnly };
}

function readHeader(file: string, full: string): Buffer {
  let fd: number | undefined;
  try {
    fd = fs.openSync(full, 'r');
    const header = Buffer.alloc(headerBytes);
    const n = fs.readSync(fd, header, 0, headerBytes, 0);
    return header.subarray(0, n);
  } catch (err) {
    throw pathError(file, err);
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** The folder a new database goes in: it must exist (unless we may create it) and be writable. */
function newFileFolder(file: string, folder: string, createFolder: boolean): string {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(folder);
  } catch (err) {
    if (errnoOf(err) !== 'ENOENT') throw pathError(file, err);
    if (createFolder) return folder;
    throw new DatabaseOpenError(
      `cannot create ${file}: the folder ${folder} does not exist. Create it first, or give ` +
        `another path.`,
    );
  }
  if (!stat.isDirectory()) {
    throw new DatabaseOpenError(`cannot create ${file}: ${folder} is a file, not a folder.`);
  }
  const reason = whyNotWritable(null, folder);
  if (reason !== null) throw new DatabaseOpenError(`cannot create ${file}: ${reason}.`);
  return folder;
}

/**
 * Why this process cannot write the database (null: it can). SQLite writes beside the file
 * too (its -wal, -shm or -journal), so the folder counts. access(2) asks the kernel with this
 * process's credentials, so root — who may write anyway — is told yes.
 */
function whyNotWritable(file: string | null, folder: string): string | null {
  for (const [target, what] of [
    [file, 'the file'],
    [folder, 'its folder'],
  ] as const) {
    if (target === null) continue;
    try {
      fs.accessSync(target, fs.constants.W_OK);
    } catch (err) {
      if (errnoOf(err) === 'EROFS') return `it is on a read-only file system`;
      return `${what} ${target} is not writable (permission denied)`;
    }
  }
  return null;
}

const errnoOf = (err: unknown) => (err as NodeJS.ErrnoException | null)?.code ?? '';

const errnoSentences: Record<string, string> = {
  EACCES: 'permission denied (on the file or a folder of its path)',
  EPERM: 'operation not permitted',
  ENOTDIR: 'a part of the path is a file, not a folder',
  ELOOP: 'too many symbolic links in the path',
  ENAMETOOLONG: 'the path is too long',
  EIO: 'an input/output error (a failing disk?)',
};

/** An errno from the file system, as a sentence about the path. */
export function pathError(file: string, err: unknown): DatabaseOpenError {
  const code = errnoOf(err);
  const sentence = errnoSentences[code] ?? (err as Error).message;
  return new DatabaseOpenError(`cannot open ${file}: ${sentence}.`);
}
