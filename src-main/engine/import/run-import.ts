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
import { paramsSchemas } from '../../../src-shared/contract/operations';
import { singlePath } from '../append';
import type { Engine } from '../engine';
import { EngineError } from '../errors';
import type { InstanceRow } from '../instances';
import { BadLineCollector } from './bad-lines';
import { compileMapping, type MappedEvent, type MappingStats } from './mapping';
import { ImportSpecError, resolveImport, type ResolvedImport } from './resolve-spec';
import { ImportInputError, openSource, readHead, skipLines, type TextSource } from './source';

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
   * Called inside the transaction of every committed batch with the file's index and the last
   * line the batch covers: a caller keeps a position there that can never disagree with the
   * events stored (opened files, engine/open/).
   */
  position?: (fileIndex: number, line: number) => void;
  /** Continue one file (a single-file import) after the lines an earlier import read. */
  resume?: ImportResume;
}

/**
 * Where a continued import starts: after line `lines` (the lines before are skipped unparsed;
 * a CSV's header line is read first). Line numbers stay the file's own.
 */
export interface ImportResume {
  lines: number;
}

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
    const head = await readHead(source.file);
    const r = await resolveImport(parsed.data, source.file, head);
    resolved.push(r);
    if (resume) sources[0] = resumedSource(source, r, resume);
  }
  return { spec: parsed.data, sources, resolved };
}

/**
 * The source of a continued file: its lines after `resume.lines` (after a CSV's header line,
 * which the reader needs first), renumbered by the reader from 1. `lineShift` maps them back.
 */
function resumedSource(
  source: TextSource,
  resolved: ResolvedImport,
  resume: ImportResume,
): TextSource {
  if (resolved.format === 'json') {
    throw new ImportSpecError(
      `${source.file}: a JSON document cannot continue where it stopped; open it anew`,
    );
  }
  const keep = resolved.format === 'csv' && !resolved.spec.csv?.columns ? 1 : 0;
  return {
    ...source,
    lineShift: { after: keep, by: resume.lines - keep },
    chunks: () => skipLines(source.chunks(), keep, resume.lines),
  };
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
  const autoCreate = s.autoCreate ?? true;
  const instance: InstanceRow | null = engine.instances.find(s.instance) ?? null;
  if (!instance) {
    if (!autoCreate) {
      throw new EngineError(
        'NOT_FOUND',
        `instance: no instance with id or name "${s.instance}" (create it first, or allow the import to create it)`,
        { instanceId: s.instance },
      );
    }
    const name = paramsSchemas.createInstance.safeParse({ name: s.instance });
    if (!name.success) throw new ImportSpecError(describeIssues(name.error.issues));
  }
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
  private current: { source: TextSource; index: number; state: { lines: number } } | null = null;

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
    const mapper = compileMapping(resolved.mapping, this.options.now);
    const state = { lines: 0 };
    this.current = { source, index, state };
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
    let batch: MappedEvent[] = [];
    let batchLines: { line: number; text: string }[] = [];
    let lastTs = -Infinity;
    let outOfOrder = 0;
    const badLine = (line: number, reason: string, text: string) => {
      this.bad.add(source.name, line, reason, text);
      file.bad++;
    };
    const flush = () => {
      if (batch.length === 0) return;
      const stored = this.commit(batch, batchLines, source.name, badLine, index);
      file.events += stored;
      batch = [];
      batchLines = [];
    };

    // A continued file's reader counts from its first line read: back to the file's numbers.
    const shift = source.lineShift;
    const fileLines = () =>
      shift && state.lines > shift.after ? state.lines + shift.by : state.lines;
    try {
      for await (const records of resolved.reader(source.chunks(), state)) {
        for (const rec of records) {
          if (shift && rec.line > shift.after) rec.line += shift.by;
          if (rec.value === undefined) {
            badLine(rec.line, rec.error ?? 'unreadable', rec.text);
            continue;
          }
          const out = mapper.map(rec.value, { file: source.name, line: rec.line, text: rec.text });
          if (out.error !== undefined) {
            badLine(rec.line, out.error, rec.text);
            continue;
          }
          const ts = out.event.timestamp;
          if (ts !== undefined) {
            if (ts < lastTs) outOfOrder++;
            else lastTs = ts;
          }
          batch.push(out.event);
          batchLines.push({ line: rec.line, text: rec.text });
          if (batch.length >= this.batchSize) {
            if (signal?.aborted) return false;
            flush();
          }
        }
        this.lines += fileLines() - file.lines;
        file.lines = fileLines();
        if (signal?.aborted) return false;
        this.emitProgress(false);
      }
    } catch (err) {
      // A file that cannot be read on (a broken .gz, a JSON document that is not one): the rest
      // of it is one bad line, and the import goes on with what was read and the next file.
      if (!(err instanceof ImportInputError) && !(err instanceof SyntaxError)) throw err;
      badLine(fileLines() + 1, `stopped reading this file: ${err.message}`, '');
      this.notes.push(
        `${source.file}: stopped reading at line ${count(fileLines() + 1)}: ${err.message}`,
      );
    }
    this.lines += fileLines() - file.lines;
    file.lines = fileLines();
    if (signal?.aborted) return false;
    flush();
    this.bytesDone += source.size;
    this.fileNotes(source.file, resolved.mapping, mapper.stats, outOfOrder);
    return true;
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
    events: MappedEvent[],
    lines: { line: number; text: string }[],
    fileName: string,
    badLine: (line: number, reason: string, text: string) => void,
    fileIndex: number,
  ): number {
    if (this.dryRun) {
      this.events += events.length;
      this.committedThrough = { file: fileName, line: lines[lines.length - 1]!.line };
      return events.length;
    }
    const instance = this.ensureInstance();
    let stored = 0;
    // Told once the batch's transaction committed (a host's feed then sees the rows).
    const commits: CommitInfo[] = [];
    const append = (lo: number, hi: number) => {
      const slice = lo === 0 && hi === events.length ? events : events.slice(lo, hi);
      try {
        const result = this.engine.append(
          instance.id,
          slice,
          false,
          hi - lo === 1 ? singlePath : undefined,
        );
        stored += result.events.length;
        this.events += result.appended;
        this.replayed += result.events.length - result.appended;
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
          badLine(lines[lo]!.line, err.message, lines[lo]!.text);
          return;
        }
        const mid = (lo + hi) >>> 1;
        append(lo, mid);
        append(mid, hi);
      }
    };
    const last = lines[lines.length - 1]!;
    const position = this.options.position;
    if (position) {
      // The batch and the position move together: each append is a savepoint inside this one.
      this.engine.db
        .transaction(() => {
          append(0, events.length);
          position(fileIndex, last.line + newlines(last.text));
        })
        .immediate();
    } else append(0, events.length);
    for (const commit of commits) this.options.onCommit?.(commit);
    this.committedThrough = { file: fileName, line: last.line };
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
      : Math.min(this.bytesTotal, this.bytesDone + (cur ? cur.source.bytesRead() : 0));
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

/** Line breaks inside a record's text (a CSV record over several lines): where it ends. */
function newlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
