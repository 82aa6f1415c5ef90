import fs from 'node:fs';
import { fingerprintBytes, hashBytes } from '../follow/file-identity';
import { ImportInputError } from '../import/source';
import type { FileSeen } from './open-decision';

/**
 * A file's size and the hash of its first `bytes` bytes (1 KiB, as the live sources' file
 * identity; fewer when the file is shorter), read as stored on disk: a .gz is known by its
 * compressed bytes, which is what "the same file" means for a file that is opened, not followed.
 * Throws ImportInputError naming the file when it cannot be read.
 */
export function fingerprintFile(file: string, bytes = fingerprintBytes): FileSeen {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why =
      e.code === 'ENOENT' ? 'no such file' : e.code === 'EACCES' ? 'permission denied' : e.message;
    throw new ImportInputError(`${file}: cannot read it (${why})`);
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) throw new ImportInputError(`${file}: is not a file`);
    const buf = Buffer.alloc(Math.min(bytes, st.size));
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    return { size: st.size, fpLen: n, fp: hashBytes(buf.subarray(0, n)) };
  } finally {
    fs.closeSync(fd);
  }
}
