import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

/** Bytes of a file's start hashed into its fingerprint. */
export const fingerprintBytes = 1024;

/** A regular file as seen now. */
export interface SeenFile {
  path: string;
  dev: string;
  inode: string;
  size: number;
  mtimeMs: number;
  gzip: boolean;
}

/** A followed path: one file, or a glob in the last segment (`/var/log/app/*.log`). */
export interface FollowPattern {
  dir: string;
  /** The literal start of the name: rotated copies of `app.log` are `app.log.1`, `app.log-2024…`. */
  prefix: string;
  matches: (name: string) => boolean;
}

const globChars = /[*?[]/u;

export class FollowPatternError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FollowPatternError';
  }
}

export function parsePattern(pattern: string): FollowPattern {
  const abs = path.resolve(pattern);
  const dir = path.dirname(abs);
  const base = path.basename(abs);
  if (globChars.test(dir)) {
    throw new FollowPatternError(
      `${pattern}: a glob may only be in the file name (follow files in one folder, like logs/*.log)`,
    );
  }
  if (!globChars.test(base)) {
    return { dir, prefix: base, matches: (name) => name === base };
  }
  let re = '';
  for (let i = 0; i < base.length; i++) {
    const c = base[i]!;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = base.indexOf(']', i + 2);
      if (end < 0) throw new FollowPatternError(`${pattern}: "[" without a closing "]"`);
      const set = base.slice(i + 1, end).replace(/\\/gu, '\\\\');
      re += set.startsWith('!') ? `[^${set.slice(1)}]` : `[${set}]`;
      i = end;
    } else re += c.replace(/[.+^${}()|\\\]]/gu, '\\$&');
  }
  const regex = new RegExp(`^${re}$`, 'u');
  const prefix = base.slice(0, base.search(globChars));
  return { dir, prefix, matches: (name) => regex.test(name) };
}

/** A regular file's identity and size, or null when it is not there (or not a regular file). */
export function seeFile(file: string): SeenFile | null {
  let st: fs.BigIntStats;
  try {
    st = fs.statSync(file, { bigint: true });
  } catch {
    return null;
  }
  if (!st.isFile()) return null;
  return {
    path: file,
    dev: String(st.dev),
    inode: String(st.ino),
    size: Number(st.size),
    mtimeMs: Number(st.mtimeMs),
    gzip: st.size >= 2n && isGzip(file),
  };
}

function isGzip(file: string): boolean {
  const magic = Buffer.alloc(2);
  let fd: number | null = null;
  try {
    fd = fs.openSync(file, 'r');
    return fs.readSync(fd, magic, 0, 2, 0) === 2 && magic[0] === 0x1f && magic[1] === 0x8b;
  } catch {
    return false;
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
}

/** The files in the pattern's folder whose names `keep` accepts, sorted by name. */
export function listFiles(pattern: FollowPattern, keep: (name: string) => boolean): SeenFile[] {
  let names: string[];
  try {
    names = fs.readdirSync(pattern.dir);
  } catch {
    return [];
  }
  const out: SeenFile[] = [];
  for (const name of names.sort()) {
    if (!keep(name)) continue;
    const seen = seeFile(path.join(pattern.dir, name));
    if (seen) out.push(seen);
  }
  return out;
}

export const hashBytes = (bytes: Buffer) => createHash('sha1').update(bytes).digest('hex');

/**
 * Opens a file only if it is still the one that was seen: a rename between the look and the
 * open (a rotation shifting app.log.1 to app.log.2) would otherwise give another file.
 */
export function openSeen(file: { path: string; dev: string; inode: string }): number | null {
  let fd: number;
  try {
    fd = fs.openSync(file.path, 'r');
  } catch {
    return null;
  }
  const st = fs.fstatSync(fd, { bigint: true });
  if (String(st.dev) === file.dev && String(st.ino) === file.inode) return fd;
  fs.closeSync(fd);
  return null;
}

/**
 * The first `n` bytes of a file (of its decompressed text when gzip); fewer if it is shorter.
 * Null when the file at that path is not the one seen any more.
 */
export async function readStart(file: SeenFile, n: number): Promise<Buffer | null> {
  const fd = openSeen(file);
  if (fd === null) return null;
  if (!file.gzip) {
    try {
      const buf = Buffer.alloc(n);
      return buf.subarray(0, fs.readSync(fd, buf, 0, n, 0));
    } finally {
      fs.closeSync(fd);
    }
  }
  const parts: Buffer[] = [];
  let have = 0;
  try {
    const input = gunzipFd(fd);
    for await (const chunk of input as AsyncIterable<Buffer>) {
      parts.push(chunk);
      have += chunk.length;
      if (have >= n) {
        input.destroy();
        break;
      }
    }
  } catch {
    // A broken or still-being-written .gz: what could be read is its start.
  }
  return Buffer.concat(parts).subarray(0, n);
}

/** A .gz file's decompressed bytes from an open descriptor (closed with the stream). */
export function gunzipFd(fd: number): zlib.Gunzip {
  const raw = fs.createReadStream('', { fd });
  const gunzip = zlib.createGunzip();
  raw.on('error', (err) => gunzip.destroy(err));
  gunzip.on('close', () => raw.destroy());
  return raw.pipe(gunzip);
}
