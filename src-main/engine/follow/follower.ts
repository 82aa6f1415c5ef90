import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { StreamAppend } from '../../../src-shared/contract/change-events';
import { batchPath, singlePath } from '../pending-events';
import { CatalogTally } from '../catalog/catalog-tally';
import type { Engine } from '../engine';
import { EngineError } from '../errors';
import { compileMapping, type CompiledMapping, type MappedEvent } from '../import/mapping';
import { addMapped } from '../import/parse-file';
import { resolveImport, type ResolvedImport } from '../import/resolve-spec';
import { defaultBatchSize } from '../import/run-import';
import {
  SerializedEventsBuilder,
  sliceSerialized,
  type SerializedEvents,
} from '../serialized-events';
import { FileTracker, type Tracked } from './file-tracker';
import { fingerprintBytes, gunzipFd, openSeen } from './file-identity';
import { FollowConflictError, type FollowStore, type SourceRow } from './follow-store';
import { checkLineFormat } from './follow-spec';

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
  /** How often the files are looked at while nothing is written (default 200 ms). */
  pollMs?: number;
  /**
   * How soon the next look comes after one that read lines (default 50 ms, at most pollMs):
   * a file being written is read in step with its writer, each look taking what came during
   * the last commit, instead of once per pollMs (which added up to 200 ms to every line's lag).
   * Bounds the commits per second of a busy source.
   */
  busyPollMs?: number;
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

const maxLineBytes = 64 << 20;
const readBytes = 1 << 20;

/**
 * Follows one source (a file or a glob) into its instance, like `tail -F`. Which files to read
 * and from where is the FileTracker's (identity, rotation, truncation, positions); this reads
 * them by complete lines only, and appends each batch of events in the same transaction that
 * moves the file's stored position past its lines. So after a crash the database holds exactly
 * the lines before the stored positions, and a restart continues from them: nothing twice,
 * nothing skipped.
 */
export class Follower {
  private readonly files: FileTracker;
  private resolved: ResolvedImport | null = null;
  private mapper: CompiledMapping | null = null;
  private readonly pollMs: number;
  private readonly busyPollMs: number;
  private readonly retireIdleMs: number;
  /** Bytes of lines committed, ever (a look that moved it read something). */
  private bytesCommitted = 0;
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

  constructor(
    private readonly engine: Engine,
    private readonly store: FollowStore,
    private readonly source: SourceRow,
    private readonly options: FollowOptions = {},
  ) {
    // A file rotated away and still being read is read to its end before a copy of it (its
    // .gz) continues from there.
    this.files = new FileTracker(
      store,
      source,
      (t, now) => this.readPlain(t, now, new AbortController().signal),
      options.onNote,
    );
    this.pollMs = options.pollMs ?? 200;
    this.busyPollMs = Math.min(options.busyPollMs ?? 50, this.pollMs);
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
    const files = this.statsNow.state === 'following' ? this.files.size : this.statsNow.files;
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
        const read = await this.look(signal);
        if (signal.aborted) break;
        await sleep(read > 0 ? this.busyPollMs : this.pollMs, signal);
      }
      this.statsNow.state = 'stopped';
    } catch (err) {
      this.statsNow.state = 'failed';
      this.statsNow.lastError = err instanceof Error ? err.message : String(err);
      throw err;
    } finally {
      this.statsNow.files = this.files.size;
      this.files.closeAll();
    }
  }

  /**
   * One look at the files: find them, read what is new, retire what rotated away. Answers the
   * bytes of lines it committed.
   */
  async look(signal: AbortSignal): Promise<number> {
    const now = Date.now();
    const before = this.bytesCommitted;
    for (const t of await this.files.look(now)) {
      if (signal.aborted) break;
      if (t.gzip) await this.readGzip(t, signal);
      else await this.readPlain(t, now, signal);
    }
    return this.bytesCommitted - before;
  }
  private async readPlain(t: Tracked, now: number, signal: AbortSignal): Promise<void> {
    if (t.fd === null) {
      if (!t.live) this.files.untrack(t);
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
      if (t.row.fpLen < fingerprintBytes && size > t.row.fpLen) this.files.lengthenFingerprint(t);
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
    if (finishing && t.row.offset >= size && !signal.aborted) this.files.untrack(t);
  }

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
    this.files.untrack(t);
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
    // Serialised as the import's parser does: appended without re-checking or building records.
    const builder = new SerializedEventsBuilder();
    const tally = new CatalogTally();
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
        addMapped(builder, tally, out.event);
      }
    }
    const batch = builder.take([...tally.counts()]);
    const from = t.row.offset;
    const offset = from + bytes.length;
    const lines = base + lineCount;
    let stored = 0;
    const streams: StreamAppend[] = [];
    this.engine.assertWritable();
    this.engine.db
      .transaction(() => {
        if (!this.store.advance(t.row, from, offset, lines)) throw new FollowConflictError(name);
        stored = this.appendSplitting(batch, eventLines, 0, batch.count, streams);
        this.store.countEvents(this.source.id, stored);
      })
      .immediate();
    t.row.offset = offset;
    t.row.lines = lines;
    this.bytesCommitted += bytes.length;
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
    batch: SerializedEvents,
    where: { file: string; line: number }[],
    lo: number,
    hi: number,
    streams: StreamAppend[],
  ): number {
    if (lo >= hi) return 0;
    try {
      const result = this.engine.appendSerialized(
        this.instanceId,
        sliceSerialized(batch, lo, hi),
        hi - lo === 1 ? singlePath : batchPath,
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
        this.appendSplitting(batch, where, lo, mid, streams) +
        this.appendSplitting(batch, where, mid, hi, streams)
      );
    }
  }

  private bad(file: string, line: number, reason: string): void {
    this.statsNow.bad++;
    this.statsNow.lastBadLine = `${file}:${line}: ${reason}`;
  }
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
