import type { OpenedFile } from './opened-files';

/** A file as it is now: its size and the hash of its first bytes (file-fingerprint.ts). */
export interface FileSeen {
  size: number;
  fpLen: number;
  fp: string;
}

/**
 * What opening a file does, given what was recorded when it was opened before:
 * - `import`: never opened, its instance is gone, or it is another file now (its first bytes
 *   differ, or it is shorter: rewritten or truncated) — a new import into a new instance;
 * - `reopen`: the same file, read to its end — show its instance, import nothing;
 * - `continue`: the same start, and either longer than what was read (it grew) or its import
 *   stopped before the end (cancelled, the app quit, a crash) — the rest can be imported into
 *   the same instance from line `fromLine + 1`. The caller asks (UI) or decides (CLI flag).
 */
export type OpenDecision =
  | { kind: 'import'; why: 'new' | 'instance-gone' | 'changed' }
  | { kind: 'reopen'; opened: OpenedFile }
  | { kind: 'continue'; why: 'grown' | 'unfinished'; opened: OpenedFile; fromLine: number };

export function decideOpen(
  opened: OpenedFile | undefined,
  seen: FileSeen,
  instanceExists: boolean,
): OpenDecision {
  if (!opened) return { kind: 'import', why: 'new' };
  if (!instanceExists) return { kind: 'import', why: 'instance-gone' };
  // The recorded fingerprint covers min(1 KiB, the size then): compare that many bytes.
  const sameStart = seen.size >= opened.fpLen && startsWith(seen, opened);
  if (!sameStart || seen.size < opened.size) return { kind: 'import', why: 'changed' };
  if (seen.size > opened.size) {
    return { kind: 'continue', why: 'grown', opened, fromLine: opened.lines };
  }
  if (!opened.complete) {
    return { kind: 'continue', why: 'unfinished', opened, fromLine: opened.lines };
  }
  return { kind: 'reopen', opened };
}

/**
 * Whether the file starts with the recorded bytes. `seen` carries the hash of the same number
 * of bytes as the record when the caller fingerprinted it with `opened.fpLen` (see
 * fingerprintFile's `bytes`), so equal hashes mean an equal start.
 */
function startsWith(seen: FileSeen, opened: OpenedFile): boolean {
  return seen.fpLen === opened.fpLen && seen.fp === opened.fp;
}
