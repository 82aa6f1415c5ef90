import type { StreamAppend } from '../../../src-shared/contract/change-events';
import {
  importSpecSchema,
  type ImportFileReport,
  type ImportProgress,
  type ImportReport,
  type ImportSpec,
  type Mapping,
} from '../../../src-shared/contract/import-spec';
import { describeIssues } from '../../../src-shared/contract/issues';
import { limitText as count } from '../../../src-shared/contract/limits';
import { batchPath, singlePath } from '../pending-events';
import type { Engine } from '../engine';
import { EngineError } from '../errors';
import type { InstanceRow } from '../instances';
import { sliceSerialized } from '../serialized-events';
import { BadLineCollector } from './bad-lines';
import { importInstance } from './import-instance';
import type { MappingStats } from './mapping';
import {
  assertResumable,
  lineThrough,
  parseFile,
  textOf,
  type ImportResume,
  type ParsedBatch,
} from './parse-file';
import { parseFirstBatchHere, parseOnThread } from './parse-on-thread';
import { ImportSpecError, resolveImport, type ResolvedImport } from './resolve-spec';
import { openSource, readHead, type TextSource } from './source';

/** A batch the import committed: what a host needs to tell its windows (change events). */
export interface CommitInfo {
  instanceId: string;
  /** True on the first commit when the import created the instance. */
  instanceCreated: boolean;
  /** Events newly stored by this batch. */
  count: number;
  streams: StreamAppend[];
}

export interface ImportOptions {
  signal?: AbortSignal;
  onProgress?: (progress: ImportProgress) => void;
  onCommit?: (commit: CommitInfo) => void;
  /** At most one progress call per interval (default 200 ms); one always comes at the end. */
  progressIntervalMs?: number;
  /** The clock year-less timestamps are read against (tests). */
  now?: () => number;
  /**
   * Reads, parses and maps files of at least `minBytes` (default 1 MiB) on a thread of its own
   * beside the writing one: `file` is the built parser-worker entry (out/main/import-parser.js),
   * which the host knows the place of. Without it, or for smaller files, on this thread.
   */
  parser?: { file: string; minBytes?: number };
  /**
   * Called inside the transaction of every committed batch with the file's index and the last
   * line the batch covers: a caller keeps a position there that can never disagree with the
   * events stored (opened files, engine/open/).
   */
  position?: (fileIndex: number, line: number) => void;
  /** Continue one file (a single-file import) after the lines an earlier import read. */
  resume?: ImportResume;
  /**
   * Events in the first batch of each file, when fewer than the batch size: the first commit,
   * and so the first rows a window shows, comes sooner (an opened file's import). With a parser
   * thread, that batch is parsed on this thread while the parser thread starts.
   */
  firstBatchSize?: number;
}

/** From this size on, a file is worth a thread of its own (starting one takes ~50 ms). */
const defaultOffThreadBytes = 1 << 20;

/** Engine failures that reject one event, not the import: the event becomes a bad line. */
const rejectedEvent = new Set(['VALIDATION_ERROR', 'CONFLICT', 'LIMIT_EXCEEDED']);

export const defaultBatchSize = 5_000;

interface Prepared {
  spec: ImportSpec;
  sources: TextSource[];
  resolved: ResolvedImport[];
}

/** Checks the spec and every file, and resolves each file's format and mapping. Writes nothing. */
export async function prepareImport(
  spec: ImportSpec,
  files: readonly string[],
  resume?: ImportResume,
): Promise<Prepared> {
  const parsed = importSpecSchema.safeParse(spec);
  if (!parsed.success) throw new ImportSpecError(describeIssues(parsed.error.issues));
  if (files.length === 0) throw new ImportSpecError('no files to import');
  if (resume && files.length !== 1) throw new ImportSpecError('only one file can be continued');
  const sources = files.map((f) => openSource(f));
  const resolved: ResolvedImport[] = [];
  for (const source of sources) {
    const r = await resolveImport(parsed.data, source.file, await readHead(source.file));
    if (resume) assertResumable(r, source.file);
    resolved.push(r);
  }
  return { spec: parsed.data, sources, resolved };
}

/**
 * Imports files into an instance, streaming: records are read, mapped and appended in batches
 * through the engine's append path (one transaction per batch, so every guarantee of
 * appendEvents holds and a batch is all or nothing). A line that cannot be read or mapped, or
 * an event the engine refuses, is a bad line: counted, kept, written to the report, and the
 * import goes on. Cancelling (the signal) stops before the next batch; what was committed stays.
 *
 * Throws before anything is written when the spec (ImportSpecError), a file (ImportInputError)
 * or the instance (EngineError NOT_FOUND) is wrong; a failure while writing ends with status
 * `failed` in the report.
 */
export async function runImport(
  engine: Engine,
  spec: ImportSpec,
  files: readonly string[],
  options: ImportOptions = {},
): Promise<ImportReport> {
  const prepared = await prepareImport(spec, files, options.resume);
  const s = prepared.spec;
  const dryRun = s.dryRun ?? false;
  const instance = importInstance(engine, s.instance, s.autoCreate);
  const run = new ImportRun(engine, prepared, instance, dryRun, options);
  return run.execute();
}

class ImportRun {
  private readonly started = performance.now();
  private readonly bad: BadLineCollector;
  private readonly batchSize: number;
  private readonly bytesTotal: number;
  private readonly files: ImportFileReport[] = [];
  private readonly notes: string[] = [];
  private instanceCreated = false;
  private createdReported = false;
  private lines = 0;
  private events = 0;
  private replayed = 0;
  private bytesDone = 0;
  private lastProgress = -Infinity;
  private committedThrough: ImportReport['committedThrough'] = null;
  private current: {
    source: TextSource;
    index: number;
    progress: { lines: number; bytesRead: number };
  } | null = null;

  constructor(
    private readonly engine: Engine,
    private readonly prepared: Prepared,
    private instance: InstanceRow | null,
    private readonly dryRun: boolean,
    private readonly options: ImportOptions,
  ) {
    const spec = prepared.spec;
    this.bad = new BadLineCollector(spec.keepBadLines ?? 1_000, spec.reportFile);
    this.batchSize = Math.min(spec.batchSize ?? defaultBatchSize, engine.limits.maxBatchEvents);
    this.bytesTotal = prepared.sources.reduce((n, src) => n + src.size, 0);
  }

  async execute(): Promise<ImportReport> {
    let status: ImportReport['status'] = 'completed';
    let error: string | undefined;
    try {
      const { sources, resolved } = this.prepared;
      for (let i = 0; i < sources.length; i++) {
        const done = await this.importFile(sources[i]!, resolved[i]!, i);
        if (!done) {
          status = 'cancelled';
          break;
        }
      }
    } catch (err) {
      status = 'failed';
      error = err instanceof Error ? err.message : String(err);
    } finally {
      this.bad.close();
    }
    this.emitProgress(true, status === 'completed');
    const elapsedMs = performance.now() - this.started;
    const report: ImportReport = {
      status,
      dryRun: this.dryRun,
      instance: this.instance ? { id: this.instance.id, name: this.instance.name } : null,
      instanceCreated: this.instanceCreated,
      preset: this.prepared.resolved[0]?.preset?.name ?? null,
      lines: this.lines,
      events: this.events,
      replayed: this.replayed,
      bad: this.bad.count,
      badLines: this.bad.kept,
      reportFile: this.bad.reportFile,
      files: this.files,
      committedThrough: this.committedThrough,
      notes: this.notes,
      elapsedMs: Math.round(elapsedMs),
      eventsPerSecond: elapsedMs > 0 ? Math.round((this.events * 1000) / elapsedMs) : 0,
    };
    if (error !== undefined) report.error = error;
    if (status === 'cancelled') {
      report.notes.push(
        this.committedThrough
          ? `cancelled: everything up to ${this.committedThrough.file} line ${count(this.committedThrough.line)} is imported, nothing after it`
          : 'cancelled before the first batch: nothing was imported',
      );
    }
    return report;
  }

  /** Reads one file to the end; false when cancelled. */
  private async importFile(source: TextSource, resolved: ResolvedImport, index: number) {
    const progress = { lines: 0, bytesRead: 0 };
    this.current = { source, index, progress };
    const file: ImportFileReport = {
      file: source.file,
      format: resolved.format,
      gzip: source.gzip,
      bytes: source.size,
      lines: 0,
      events: 0,
      bad: 0,
    };
    this.files.push(file);
    const signal = this.options.signal;
    const countLines = (lines: number) => {
      this.lines += lines - file.lines;
      file.lines = lines;
      progress.lines = lines;
    };
    const parts = this.parse(source, resolved);
    try {
      for await (const part of parts) {
        progress.bytesRead = part.bytesRead;
        for (const b of part.bad) this.badLine(source.name, file, b.line, b.reason, b.text);
        if (part.end?.stopped != null) {
          this.notes.push(
            `${source.file}: stopped reading at line ${count(part.lines + 1)}: ${part.end.stopped}`,
          );
        }
        if (part.batch) {
          // One turn of the event loop first, so that a cancel on its way (a host's message, a
          // signal) is heard: the parser thread's parts arrive while a batch commits, and Node
          // delivers a port's messages in one run, which would otherwise never end until the
          // file does. Cancelled: nothing more is committed (what was stays).
          await new Promise<void>((resolve) => setImmediate(resolve));
          if (signal?.aborted) return false;
          file.events += this.commit(part.batch, source.name, file, index);
        }
        countLines(part.lines);
        if (part.end) {
          this.bytesDone += source.size;
          this.fileNotes(source.file, resolved.mapping, part.end.stats, part.end.outOfOrder);
          return true;
        }
        if (signal?.aborted) return false;
        this.emitProgress(false);
      }
    } finally {
      await parts.return(undefined);
    }
    throw new Error(`${source.file}: the reading stopped before the end`);
  }

  /**
   * The file's parts: from the parser thread for a large file, else parsed on this one. With a
   * small first batch (an opened file), that batch is parsed here while the thread starts.
   */
  private parse(source: TextSource, resolved: ResolvedImport) {
    const parser = this.options.parser;
    const options = {
      batchSize: this.batchSize,
      firstBatchSize: this.options.firstBatchSize,
      now: this.options.now,
      resume: this.options.resume,
    };
    if (!parser || source.size < (parser.minBytes ?? defaultOffThreadBytes)) {
      return parseFile(source, resolved, options);
    }
    const job = {
      spec: this.prepared.spec,
      file: source.file,
      batchSize: this.batchSize,
      firstBatchSize: this.options.firstBatchSize ?? null,
      nowMs: this.options.now?.() ?? null,
      resume: this.options.resume ?? null,
      lastTs: null,
    };
    return options.firstBatchSize !== undefined && resolved.format !== 'json'
      ? parseFirstBatchHere(parser.file, job, source, resolved, options)
      : parseOnThread(parser.file, job);
  }

  private badLine(
    name: string,
    file: ImportFileReport,
    line: number,
    reason: string,
    text: string,
  ) {
    this.bad.add(name, line, reason, text);
    file.bad++;
  }

  private fileNotes(file: string, fallbacks: Mapping, stats: MappingStats, outOfOrder: number) {
    if (stats.streamFallbacks > 0) {
      this.notes.push(
        `${file}: ${count(stats.streamFallbacks)} records had no stream value; they went to stream "${fallbacks.streamFallback ?? 'default'}"`,
      );
    }
    if (stats.typeFallbacks > 0) {
      this.notes.push(
        `${file}: ${count(stats.typeFallbacks)} records had no type value; they got type "${fallbacks.typeFallback ?? 'event'}"`,
      );
    }
    if (stats.idsMissing > 0) {
      this.notes.push(
        `${file}: ${count(stats.idsMissing)} records had no id value; they got generated ids`,
      );
    }
    if (stats.textRepaired > 0) {
      this.notes.push(
        `${file}: ${count(stats.textRepaired)} records held text that is not well-formed Unicode (lone UTF-16 surrogates, e.g. a "\\ud83d" escape cut from its pair); each such character was stored as U+FFFD`,
      );
    }
    if (outOfOrder > 0) {
      this.notes.push(
        `${file}: ${count(outOfOrder)} records are older than one before them; they keep the file's order (sequence numbers follow the file)`,
      );
    }
  }

  /** Appends a batch; on a refused event, splits it until the refused events stand alone. */
  private commit(
    batch: ParsedBatch,
    fileName: string,
    file: ImportFileReport,
    fileIndex: number,
  ): number {
    const { events, lines } = batch;
    const lastLine = lines[lines.length - 1]!;
    if (this.dryRun) {
      this.events += events.count;
      this.committedThrough = { file: fileName, line: lastLine };
      return events.count;
    }
    const instance = this.ensureInstance();
    let stored = 0;
    // Told once the batch's transaction committed (a host's feed then sees the rows).
    const commits: CommitInfo[] = [];
    const append = (lo: number, hi: number) => {
      try {
        const result = this.engine.appendSerialized(
          instance.id,
          sliceSerialized(events, lo, hi),
          hi - lo === 1 ? singlePath : batchPath,
        );
        stored += result.count;
        this.events += result.appended;
        this.replayed += result.count - result.appended;
        if (result.appended > 0 || (this.instanceCreated && !this.createdReported)) {
          commits.push({
            instanceId: instance.id,
            instanceCreated: this.instanceCreated && !this.createdReported,
            count: result.appended,
            streams: result.streams,
          });
          this.createdReported = this.instanceCreated;
        }
      } catch (err) {
        if (!(err instanceof EngineError) || !rejectedEvent.has(err.code)) throw err;
        if (hi - lo === 1) {
          this.badLine(fileName, file, lines[lo]!, err.message, textOf(batch, lo));
          return;
        }
        const mid = (lo + hi) >>> 1;
        append(lo, mid);
        append(mid, hi);
      }
    };
    const position = this.options.position;
    if (position) {
      // The batch and the position move together: each append is a savepoint inside this one.
      const through = lineThrough(batch);
      this.engine.db
        .transaction(() => {
          append(0, events.count);
          position(fileIndex, through);
        })
        .immediate();
    } else append(0, events.count);
    for (const commit of commits) this.options.onCommit?.(commit);
    this.committedThrough = { file: fileName, line: lastLine };
    this.emitProgress(false);
    return stored;
  }

  /** The instance is created with the first batch, so an import that stores nothing creates nothing. */
  private ensureInstance(): InstanceRow {
    if (this.instance) return this.instance;
    const name = this.prepared.spec.instance;
    try {
      this.instance = this.engine.createInstance(name);
      this.instanceCreated = true;
    } catch (err) {
      // Someone else created it meanwhile: use theirs.
      const existing = this.engine.instances.find(name);
      if (!(err instanceof EngineError) || err.code !== 'CONFLICT' || !existing) throw err;
      this.instance = existing;
    }
    return this.instance;
  }

  private emitProgress(final: boolean, complete = false) {
    const onProgress = this.options.onProgress;
    if (!onProgress) return;
    const now = performance.now();
    if (!final && now - this.lastProgress < (this.options.progressIntervalMs ?? 200)) return;
    this.lastProgress = now;
    const elapsedMs = now - this.started;
    const cur = this.current;
    const bytesRead = complete
      ? this.bytesTotal
      : Math.min(this.bytesTotal, this.bytesDone + (cur ? cur.progress.bytesRead : 0));
    const bytesPerMs = elapsedMs > 0 ? bytesRead / elapsedMs : 0;
    onProgress({
      file: cur?.source.file ?? '',
      fileIndex: cur?.index ?? 0,
      fileCount: this.prepared.sources.length,
      lines: this.lines,
      bytesRead,
      bytesTotal: this.bytesTotal,
      events: this.events,
      bad: this.bad.count,
      elapsedMs: Math.round(elapsedMs),
      eventsPerSecond: elapsedMs > 0 ? Math.round((this.events * 1000) / elapsedMs) : 0,
      etaMs: complete
        ? 0
        : bytesPerMs > 0
          ? Math.round((this.bytesTotal - bytesRead) / bytesPerMs)
          : null,
    });
  }
}
