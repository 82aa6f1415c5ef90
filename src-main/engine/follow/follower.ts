import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { StreamAppend } from '../../../src-shared/contract/change-events';
import { singlePath } from '../append';
import type { Engine } from '../engine';
import { EngineError } from '../errors';
import { compileMapping, type CompiledMapping, type MappedEvent } from '../import/mapping';
import { resolveImport, type ResolvedImport } from '../import/resolve-spec';
import { defaultBatchSize } from '../import/run-import';
import {
  fingerprintBytes,
  gunzipFd,
  hashBytes,
  listFiles,
  parsePattern,
  openSeen,
  readStart,
  type FollowPattern,
  type SeenFile,
} from './file-identity';
import type { FileRow, FollowStore, SourceRow } from './follow-store';
import { checkLineFormat } from './follow-spec';

/**
 * How much earlier than the source's creation a rotated file's mtime may be and still count as
 * written after it: file times come from the kernel's coarse clock (a few ms behind Date.now())
 * and some file systems keep whole seconds (2 s on FAT), so a file written just after the
 * source was created can look older than it.
 */
const mtimeSlackMs = 2_000;

export interface FollowCommit {
  sourceId: number;
  instanceId: string;
  file: string;
  /** Events newly stored. */
  count: number;
  streams: StreamAppend[];
  /** The events of the batch as mapped (their timestamps give the lag in the benchmark). */
  events: readonly MappedEvent[];
}

export interface FollowOptions {
  /** How often the files are looked at (default 200 ms). */
  pollMs?: number;
  /**
   * A file rotated away (renamed, deleted, copied before a truncation) is read on until it has
   * not grown for this long (default 5 s: a writer may still hold it open); then its last
   * line is taken even without a newline, and it is done.
   */
  retireIdleMs?: number;
  /** Lines per transaction (default the import's batch size). */
  batchLines?: number;
  onCommit?: (commit: FollowCommit) => void;
  /** Something worth telling that does not stop the source (a file gone before it was read). */
  onNote?: (note: string) => void;
}

export type FollowState = 'following' | 'paused' | 'stopped' | 'failed';

export interface FollowStats {
  state: FollowState;
  files: number;
  events: number;
  bad: number;
  /** Events per second over the last 10 s. */
  rate: number;
  lastError: string | null;
  lastBadLine: string | null;
}

/** Engine failures that reject one event, not the batch (as in the import). */
const rejectedEvent = new Set(['VALIDATION_ERROR', 'CONFLICT', 'LIMIT_EXCEEDED']);

/** Another process moved this source's position: two followers of one source would duplicate. */
export class FollowConflictError extends Error {
  constructor(file: string) {
    super(`${file}: another process is following this source (its position moved); stopping`);
    this.name = 'FollowConflictError';
  }
}

interface Tracked {
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

const maxLineBytes = 64 << 20;
const readBytes = 1 << 20;

/**
 * Follows one source (a file or a glob) into its instance, like `tail -F`: files are found by
 * pattern each look, known by device/inode checked by a fingerprint of their first bytes, read
 * by complete lines only, and each batch of events is appended in the same transaction that
 * moves the file's stored position past its lines. So after a crash the database holds exactly
 * the lines before the stored positions, and a restart continues from them: nothing twice,
 * nothing skipped. A file renamed away is read to its end through its open descriptor (after a
 * restart, found again by inode among its folder's files); a truncated file starts over, and a
 * copy of it (copy-truncate, or a .gz) continues where the original was read to.
 */
export class Follower {
  private readonly pattern: FollowPattern;
  private readonly tracked = new Map<number, Tracked>();
  private rows: FileRow[];
  private resolved: ResolvedImport | null = null;
  private mapper: CompiledMapping | null = null;
  private readonly pollMs: number;
  private readonly retireIdleMs: number;
  private readonly batchLines: number;
  private readonly recent: { at: number; n: number }[] = [];
  private statsNow: FollowStats = {
    state: 'following',
    files: 0,
    events: 0,
    bad: 0,
    rate: 0,
    lastError: null,
    lastBadLine: null,
  };
  private instanceId: string;
  /** Identities (dev:inode) of the files at followed paths in the current look. */
  private listed = new Set<string>();
  /** Files with nothing to read (finished, or history), by identity: their size when judged. */
  private readonly settled = new Map<string, number>();

  constructor(
    private readonly engine: Engine,
    private readonly store: FollowStore,
    private readonly source: SourceRow,
    private readonly options: FollowOptions = {},
  ) {
    this.pattern = parsePattern(source.pattern);
    this.rows = store.files(source.id);
    this.pollMs = options.pollMs ?? 200;
    this.retireIdleMs = options.retireIdleMs ?? 5_000;
    this.batchLines = Math.min(
      options.batchLines ?? source.spec.batchSize ?? defaultBatchSize,
      engine.limits.maxBatchEvents,
    );
    const instance = engine.db
      .prepare<[number], { id: string }>('SELECT id FROM instances WHERE ino = ?')
      .get(source.ino);
    if (!instance) throw new EngineError('NOT_FOUND', `live source ${source.id}: no instance`);
    this.instanceId = instance.id;
  }

  stats(): FollowStats {
    const cutoff = Date.now() - 10_000;
    while (this.recent.length > 0 && this.recent[0]!.at < cutoff) this.recent.shift();
    const n = this.recent.reduce((sum, r) => sum + r.n, 0);
    const files = this.statsNow.state === 'following' ? this.tracked.size : this.statsNow.files;
    return { ...this.statsNow, files, rate: Math.round(n) / 10 };
  }

  /**
   * Follows until the signal is aborted; a batch being written is finished first, so the
   * stored position covers exactly what is stored. Resolves when stopped; rejects (state
   * `failed`) on a failure that stops the source: storage, a spec that cannot read the lines,
   * another process following the same source.
   */
  async run(signal: AbortSignal): Promise<void> {
    try {
      if (this.source.resolved) await this.resolve(this.source.pattern, '');
      while (!signal.aborted) {
        await this.look(signal);
        if (signal.aborted) break;
        await sleep(this.pollMs, signal);
      }
      this.statsNow.state = 'stopped';
    } catch (err) {
      this.statsNow.state = 'failed';
      this.statsNow.lastError = err instanceof Error ? err.message : String(err);
      throw err;
    } finally {
      this.statsNow.files = this.tracked.size;
      for (const t of this.tracked.values()) closeFd(t);
      this.tracked.clear();
    }
  }

  /** One look at the files: find them, read what is new, retire what rotated away. */
  async look(signal: AbortSignal): Promise<void> {
    const now = Date.now();
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
    // Rotated-away files hold older lines than the live ones: read them first.
    const order = [...this.tracked.values()].sort((a, b) => Number(a.live) - Number(b.live));
    for (const t of order) {
      if (signal.aborted) return;
      if (t.gzip) await this.readGzip(t, signal);
      else await this.readPlain(t, now, signal);
    }
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
          await this.readPlain(other, now, new AbortController().signal);
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
      this.options.onNote?.(
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

  private untrack(t: Tracked): void {
    closeFd(t);
    this.tracked.delete(t.row.id);
    if (!t.row.done) this.retire(t.row);
  }

  private retire(row: FileRow): void {
    this.store.retire(row);
  }

  /** Reads a plain file's complete lines from its position; retires it when rotated away and idle. */
  private async readPlain(t: Tracked, now: number, signal: AbortSignal): Promise<void> {
    if (t.fd === null) {
      if (!t.live) this.untrack(t);
      return;
    }
    let size: number;
    try {
      size = fs.fstatSync(t.fd).size;
    } catch {
      return;
    }
    if (size !== t.size) {
      t.size = size;
      t.lastGrowth = now;
      if (t.row.fpLen < fingerprintBytes && size > t.row.fpLen) this.lengthenFingerprint(t);
    }
    if (size >= t.row.offset) t.copy = false;
    const finishing = !t.live && now - t.lastGrowth >= this.retireIdleMs;
    let chunk = readBytes;
    while (!signal.aborted && t.row.offset < size) {
      const want = Math.min(size - t.row.offset, chunk);
      const buf = Buffer.allocUnsafe(want);
      const n = fs.readSync(t.fd, buf, 0, want, t.row.offset);
      if (n === 0) break;
      const bytes = buf.subarray(0, n);
      let end = bytes.lastIndexOf(10) + 1;
      if (end === 0) {
        if (n === want && want === chunk && chunk < maxLineBytes) {
          chunk *= 2; // a line longer than the chunk
          continue;
        }
        if (!finishing) break; // a partial last line: wait for its newline
        end = n;
      }
      await this.commitLines(t, bytes.subarray(0, end));
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (finishing && t.row.offset >= size && !signal.aborted) this.untrack(t);
  }

  private lengthenFingerprint(t: Tracked): void {
    const n = Math.min(t.size, fingerprintBytes);
    const buf = Buffer.alloc(n);
    const got = fs.readSync(t.fd!, buf, 0, n, 0);
    t.row.fpLen = got;
    t.row.fp = hashBytes(buf.subarray(0, got));
    this.store.seen(t.row);
  }

  /** A .gz is read whole once (from the position a file with its start was read to), then done. */
  private async readGzip(t: Tracked, signal: AbortSignal): Promise<void> {
    const fd = openSeen(t.row);
    if (fd === null) return; // moved meanwhile: the next look finds it
    const input = gunzipFd(fd);
    let skip = t.row.offset;
    let pending: Buffer = Buffer.alloc(0);
    try {
      for await (const raw of input as AsyncIterable<Buffer>) {
        let chunk = raw;
        if (skip > 0) {
          const s = Math.min(skip, chunk.length);
          skip -= s;
          chunk = chunk.subarray(s);
          if (chunk.length === 0) continue;
        }
        pending = pending.length > 0 ? Buffer.concat([pending, chunk]) : chunk;
        const end = pending.lastIndexOf(10) + 1;
        if (end > 0) {
          await this.commitLines(t, pending.subarray(0, end));
          pending = pending.subarray(end);
        }
        if (signal.aborted) return;
      }
    } catch {
      return; // still being written (or broken): the next look tries again from the position
    } finally {
      input.destroy();
    }
    // (skip > 0: shorter than the file it continues, so nothing new in it.)
    if (pending.length > 0) await this.commitLines(t, pending);
    this.untrack(t);
  }

  private async resolve(file: string, head: string): Promise<void> {
    this.resolved = await resolveImport(this.source.spec, file, head);
    checkLineFormat(this.resolved.format, file);
    this.mapper = compileMapping(this.resolved.mapping);
    if (!this.source.resolved) {
      this.store.resolve(this.source.id, this.resolved.spec);
      this.source.resolved = true;
    }
  }

  /**
   * Maps the lines in `bytes` (complete lines, except a last one without a newline when the
   * file is finished) and appends their events, a batch per transaction with the file's new
   * position.
   */
  private async commitLines(t: Tracked, bytes: Buffer): Promise<void> {
    let pos = 0;
    while (pos < bytes.length) {
      let end = pos;
      let count = 0;
      while (count < this.batchLines && end < bytes.length) {
        const nl = bytes.indexOf(10, end);
        end = nl < 0 ? bytes.length : nl + 1;
        count++;
      }
      await this.commitBatch(t, bytes.subarray(pos, end), count);
      pos = end;
    }
  }

  private async commitBatch(t: Tracked, bytes: Buffer, lineCount: number): Promise<void> {
    let text = bytes.toString('utf8');
    if (t.row.offset === 0 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (!this.resolved) await this.resolve(t.row.path, text.slice(0, 64 * 1024));
    const mapper = this.mapper!;
    const base = t.row.lines;
    const name = path.basename(t.row.path);
    const events: MappedEvent[] = [];
    const eventLines: { file: string; line: number }[] = [];
    for await (const records of this.resolved!.reader(once(text), { lines: 0 })) {
      for (const rec of records) {
        const line = base + rec.line;
        if (rec.value === undefined) {
          this.bad(name, line, rec.error ?? 'unreadable');
          continue;
        }
        const out = mapper.map(rec.value, { file: name, line, text: rec.text });
        if (out.error !== undefined) {
          this.bad(name, line, out.error);
          continue;
        }
        events.push(out.event);
        eventLines.push({ file: name, line });
      }
    }
    const from = t.row.offset;
    const offset = from + bytes.length;
    const lines = base + lineCount;
    let stored = 0;
    const streams: StreamAppend[] = [];
    this.engine.assertWritable();
    this.engine.db
      .transaction(() => {
        if (!this.store.advance(t.row, from, offset, lines)) throw new FollowConflictError(name);
        stored = this.appendSplitting(events, eventLines, 0, events.length, streams);
        this.store.countEvents(this.source.id, stored);
      })
      .immediate();
    t.row.offset = offset;
    t.row.lines = lines;
    this.statsNow.events += stored;
    this.recent.push({ at: Date.now(), n: stored });
    if (events.length > 0 || stored > 0) {
      this.options.onCommit?.({
        sourceId: this.source.id,
        instanceId: this.instanceId,
        file: t.row.path,
        count: stored,
        streams,
        events,
      });
    }
  }

  /** Appends inside the caller's transaction; a refused event is split off and counted as bad. */
  private appendSplitting(
    events: MappedEvent[],
    where: { file: string; line: number }[],
    lo: number,
    hi: number,
    streams: StreamAppend[],
  ): number {
    if (lo >= hi) return 0;
    try {
      const result = this.engine.append(
        this.instanceId,
        lo === 0 && hi === events.length ? events : events.slice(lo, hi),
        false,
        hi - lo === 1 ? singlePath : undefined,
      );
      streams.push(...result.streams);
      return result.appended;
    } catch (err) {
      if (!(err instanceof EngineError) || !rejectedEvent.has(err.code)) throw err;
      if (hi - lo === 1) {
        this.bad(where[lo]!.file, where[lo]!.line, err.message);
        return 0;
      }
      const mid = (lo + hi) >>> 1;
      return (
        this.appendSplitting(events, where, lo, mid, streams) +
        this.appendSplitting(events, where, mid, hi, streams)
      );
    }
  }

  private bad(file: string, line: number, reason: string): void {
    this.statsNow.bad++;
    this.statsNow.lastBadLine = `${file}:${line}: ${reason}`;
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

function once(text: string): AsyncIterable<string> {
  return Readable.from([text]) as AsyncIterable<string>;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done);
  });
}
