import fs from 'node:fs';
import path from 'node:path';
import {
  fingerprintBytes,
  hashBytes,
  listFiles,
  openSeen,
  parsePattern,
  readStart,
  type FollowPattern,
  type SeenFile,
} from './file-identity';
import {
  FollowConflictError,
  type FileRow,
  type FollowStore,
  type SourceRow,
} from './follow-store';

/**
 * How much earlier than the source's creation a rotated file's mtime may be and still count as
 * written after it: file times come from the kernel's coarse clock (a few ms behind Date.now())
 * and some file systems keep whole seconds (2 s on FAT), so a file written just after the
 * source was created can look older than it.
 */
const mtimeSlackMs = 2_000;

/** A file being read: its row (identity and position) and what the last look saw of it. */
export interface Tracked {
  row: FileRow;
  fd: number | null;
  gzip: boolean;
  size: number;
  /** Seen at a followed path in the last look (else rotated away or gone: drained, retired). */
  live: boolean;
  lastGrowth: number;
  /** A copy being written may be shorter than the position it continues from: not a truncation. */
  copy: boolean;
}

/**
 * Which files a source reads, and from where: files are found by pattern each look, known by
 * device/inode checked by a fingerprint of their first bytes, and their rows (positions) kept
 * in the follow tables. A file renamed away is read to its end through its open descriptor
 * (after a restart, found again by inode among its folder's files); a truncated file starts
 * over, and a copy of it (copy-truncate, or a .gz) continues where the original was read to.
 * Reading the lines is the Follower's; `drain` reads a file to its current end.
 */
export class FileTracker {
  private readonly pattern: FollowPattern;
  private readonly tracked = new Map<number, Tracked>();
  private readonly rows: FileRow[];
  /** Identities (dev:inode) of the files at followed paths in the current look. */
  private listed = new Set<string>();
  /** Files with nothing to read (finished, or history), by identity: their size when judged. */
  private readonly settled = new Map<string, number>();

  constructor(
    private readonly store: FollowStore,
    private readonly source: SourceRow,
    private readonly drain: (t: Tracked, now: number) => Promise<void>,
    private readonly onNote?: (note: string) => void,
  ) {
    this.pattern = parsePattern(source.pattern);
    this.rows = store.files(source.id);
  }

  /** Files being read now. */
  get size(): number {
    return this.tracked.size;
  }

  /**
   * One look at the files: finds them (by pattern, and their rotated names beside them), tracks
   * the new ones, handles rotation and truncation, retires what is gone. Returns the files to
   * read, rotated-away ones first (they hold older lines than the live ones).
   */
  async look(now: number): Promise<Tracked[]> {
    const live = new Set<number>();
    const listing = listFiles(this.pattern, this.pattern.matches);
    this.listed = new Set(listing.map(identityOf));
    for (const file of listing) {
      const t = await this.identify(file, now);
      if (t) live.add(t.row.id);
    }
    for (const t of this.tracked.values()) t.live = live.has(t.row.id);
    for (const file of this.rotatedFiles(listing)) await this.identifyRotated(file, now);
    this.findLost(now);
    return [...this.tracked.values()].sort((a, b) => Number(a.live) - Number(b.live));
  }

  /** Null when the file moved between the look and the open: the next look finds it. */
  private track(row: FileRow, file: SeenFile, now: number, copy = false): Tracked | null {
    let fd: number | null = null;
    if (!file.gzip) {
      fd = openSeen(file);
      if (fd === null) return null;
    }
    const t: Tracked = {
      row,
      fd,
      gzip: file.gzip,
      size: file.size,
      live: true,
      lastGrowth: now,
      copy,
    };
    this.tracked.set(row.id, t);
    return t;
  }

  /** The tracked entry of a file at a followed path, tracking it (and handling rotation) as needed. */
  private async identify(file: SeenFile, now: number): Promise<Tracked | null> {
    let t = [...this.tracked.values()].find(
      (x) => x.row.dev === file.dev && x.row.inode === file.inode,
    );
    if (!t) {
      const rows = this.rows.filter((r) => r.dev === file.dev && r.inode === file.inode);
      const row = rows.find((r) => !r.done) ?? rows[rows.length - 1];
      const same = row ? await this.sameStart(file, row) : false;
      if (same === null) return null; // moved meanwhile
      if (row && same) {
        if (row.done) return null; // read to its end already (a .gz, a finished file)
        t = this.track(row, file, now) ?? undefined;
        if (!t) return null;
      } else if (row && !row.done) this.retire(row); // the inode was reused by another file
    }
    if (t) {
      if (t.row.path !== file.path) {
        t.row.path = file.path;
        this.store.seen(t.row);
      }
      if (t.gzip || t.row.done) return t.row.done ? null : t;
      if (file.size < t.row.offset && !t.copy) return this.truncated(t, file, now);
      if (file.size !== t.size && t.row.fpLen > 0 && !this.sameStartOpen(t)) {
        return this.truncated(t, file, now); // truncated and written past the old position
      }
      return t;
    }
    return this.newFile(file, now);
  }

  /** A file not seen before: from the start, or where a file with the same start was read to. */
  private async newFile(file: SeenFile, now: number, copiesOnly = false): Promise<Tracked | null> {
    const start = await readStart(file, fingerprintBytes);
    if (start === null) return null; // moved meanwhile: the next look finds it
    const matches: FileRow[] = [];
    for (const row of this.rows) {
      if (row.fpLen === 0 || start.length < row.fpLen) continue;
      if (hashBytes(start.subarray(0, row.fpLen)) === row.fp) matches.push(row);
    }
    if (copiesOnly && matches.length === 0) return null;
    // A copy of a file still at a followed path (a backup, or a copy before the truncation of
    // copy-truncate) holds nothing that file will not give: it is noted, not read. Should the
    // original be truncated, the copy is looked at again then (truncated()).
    const backup = matches.some((r) => !r.done && this.listed.has(identityOf(r)));
    // A copy of a file rotated away and still being read (a .gz of it): finish that one first,
    // so the copy starts after everything it gave.
    if (!backup) {
      for (const row of matches) {
        const other = this.tracked.get(row.id);
        if (other && !other.gzip) {
          await this.drain(other, now);
          this.untrack(other);
        }
      }
    }
    const from = matches.reduce<FileRow | null>(
      (best, r) => (best === null || r.offset > best.offset ? r : best),
      null,
    );
    const row = this.store.addFile({
      sourceId: this.source.id,
      dev: file.dev,
      inode: file.inode,
      path: file.path,
      fpLen: start.length,
      fp: hashBytes(start),
      offset: from?.offset ?? 0,
      lines: from?.lines ?? 0,
      done: backup,
    });
    if (!row) throw new FollowConflictError(file.path);
    this.rows.push(row);
    return backup ? null : this.track(row, file, now, from !== null);
  }

  /**
   * The file at a followed path is shorter than what was read, or starts differently: it was
   * truncated (copy-truncate) or replaced. Its old row is retired; a copy of the old content
   * beside it is read on from the old position; the file itself starts over.
   */
  private async truncated(t: Tracked, file: SeenFile, now: number): Promise<Tracked | null> {
    this.untrack(t);
    for (const sibling of listFiles(this.pattern, (n) => n.startsWith(this.pattern.prefix))) {
      const id = identityOf(sibling);
      if (id === identityOf(file) || this.isTracked(sibling)) continue;
      if (this.rows.some((r) => !r.done && identityOf(r) === id)) continue; // being read
      const copy = await this.newFile(sibling, now, true);
      if (copy) copy.live = this.listed.has(id);
    }
    return this.newFile(file, now);
  }

  /**
   * Rotated names of followed files beside them (`app.log.1`, `app.log-20241201`,
   * `app.log.2.gz`): files that were at a followed path, perhaps while nothing was looking
   * (two rotations within one look, or while the process was down).
   */
  private rotatedFiles(listing: SeenFile[]): SeenFile[] {
    const bases = new Set(listing.map((f) => path.basename(f.path)));
    for (const r of this.rows) {
      const name = path.basename(r.path);
      if (this.pattern.matches(name)) bases.add(name);
    }
    const rotated = (name: string) =>
      [...bases].some(
        (b) => name.length > b.length && name.startsWith(b) && '.-_'.includes(name[b.length]!),
      );
    return listFiles(this.pattern, (n) => !this.pattern.matches(n) && rotated(n));
  }

  /**
   * A rotated file: read on if known and not finished; read if it appeared after the source
   * was created (it was at the followed path unseen: from its start, or from where a file with
   * the same start was read to); older ones are history from before the source, left alone.
   */
  private async identifyRotated(file: SeenFile, now: number): Promise<void> {
    const id = identityOf(file);
    const known = this.trackedAs(file);
    if (known) {
      known.row.path = file.path; // where to open it (a .gz) after a further rename
      return;
    }
    if (this.settled.get(id) === file.size) return;
    const rows = this.rows.filter((r) => identityOf(r) === id);
    const row = rows.find((r) => !r.done) ?? rows[rows.length - 1];
    const same = row ? await this.sameStart(file, row) : false;
    if (same === null) return; // moved meanwhile
    if (row && same) {
      if (row.done) this.settled.set(id, file.size);
      else {
        const t = this.track(row, file, now);
        if (t) t.live = false;
      }
      return;
    }
    if (row && !row.done) this.retire(row); // the inode was reused by another file
    if (file.mtimeMs < this.source.createdAt - mtimeSlackMs) {
      this.settled.set(id, file.size);
      return;
    }
    const t = await this.newFile(file, now);
    if (t) t.live = false;
  }

  /** After a restart: rows still being read whose file is not at a followed path any more. */
  private findLost(now: number): void {
    const lost = this.rows.filter((r) => !r.done && !this.tracked.has(r.id));
    if (lost.length === 0) return;
    const siblings = listFiles(this.pattern, (n) => n.startsWith(this.pattern.prefix));
    for (const row of lost) {
      const file = siblings.find((f) => f.dev === row.dev && f.inode === row.inode);
      if (file) {
        const t = this.track(row, file, now);
        if (t) t.live = false;
        continue;
      }
      this.retire(row);
      this.onNote?.(
        `${row.path}: gone before it was read to the end (read up to line ${row.lines})`,
      );
    }
  }

  private trackedAs(file: SeenFile): Tracked | undefined {
    for (const t of this.tracked.values()) {
      if (t.row.dev === file.dev && t.row.inode === file.inode) return t;
    }
    return undefined;
  }

  private isTracked(file: SeenFile): boolean {
    return this.trackedAs(file) !== undefined;
  }

  /** Whether the file starts as the row's did; null when it moved before it could be read. */
  private async sameStart(file: SeenFile, row: FileRow): Promise<boolean | null> {
    if (row.fpLen === 0) return true;
    const start = await readStart(file, row.fpLen);
    if (start === null) return null;
    return start.length === row.fpLen && hashBytes(start) === row.fp;
  }

  /** The same, through a tracked file's own descriptor (no path, so no race with a rename). */
  private sameStartOpen(t: Tracked): boolean {
    if (t.fd === null) return true;
    const buf = Buffer.alloc(t.row.fpLen);
    const n = fs.readSync(t.fd, buf, 0, t.row.fpLen, 0);
    return n === t.row.fpLen && hashBytes(buf) === t.row.fp;
  }

  /** Stops reading a file (its descriptor closed) and retires its row. */
  untrack(t: Tracked): void {
    closeFd(t);
    this.tracked.delete(t.row.id);
    if (!t.row.done) this.retire(t.row);
  }

  private retire(row: FileRow): void {
    this.store.retire(row);
  }

  /** A file that grew past its fingerprint's bytes gets a longer one (up to 1 KiB). */
  lengthenFingerprint(t: Tracked): void {
    const n = Math.min(t.size, fingerprintBytes);
    const buf = Buffer.alloc(n);
    const got = fs.readSync(t.fd!, buf, 0, n, 0);
    t.row.fpLen = got;
    t.row.fp = hashBytes(buf.subarray(0, got));
    this.store.seen(t.row);
  }

  /** Closes every descriptor; the rows stay as they are (a later run continues from them). */
  closeAll(): void {
    for (const t of this.tracked.values()) closeFd(t);
    this.tracked.clear();
  }
}

const identityOf = (f: { dev: string; inode: string }) => `${f.dev}:${f.inode}`;

function closeFd(t: Tracked): void {
  if (t.fd === null) return;
  try {
    fs.closeSync(t.fd);
  } catch {
    // already closed
  }
  t.fd = null;
}
