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
import { paramsSchemas } from '../../../src-shared/contract/operations';
import { singlePath } from '../append';
import type { Engine } from '../engine';
import { EngineError } from '../errors';
import type { InstanceRow } from '../instances';
import { BadLineCollector } from './bad-lines';
import { compileMapping, type MappedEvent, type MappingStats } from './mapping';
import { ImportSpecError, resolveImport, type ResolvedImport } from './resolve-spec';
import { ImportInputError, openSource, readHead, type TextSource } from './source';

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
export async function prepareImport(spec: ImportSpec, files: readonly string[]): Promise<Prepared> {
  const parsed = importSpecSchema.safeParse(spec);
  if (!parsed.success) throw new ImportSpecError(describeIssues(parsed.error.issues));
  if (files.length === 0) throw new ImportSpecError('no files to import');
  const sources = files.map((f) => openSource(f));
  const resolved: ResolvedImport[] = [];
  for (const source of sources) {
    resolved.push(await resolveImport(parsed.data, source.file, await readHead(source.file)));
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
  const prepared = await prepareImport(spec, files);
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
          ? `cancelled: everything up to ${this.committedThrough.file} line ${this.committedThrough.line} is imported, nothing after it`
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
      const stored = this.commit(batch, batchLines, source.name, badLine);
      file.events += stored;
      batch = [];
      batchLines = [];
    };

    try {
      for await (const records of resolved.reader(source.chunks(), state)) {
        for (const rec of records) {
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
        this.lines += state.lines - file.lines;
        file.lines = state.lines;
        if (signal?.aborted) return false;
        this.emitProgress(false);
      }
    } catch (err) {
      // A file that cannot be read on (a broken .gz, a JSON document that is not one): the rest
      // of it is one bad line, and the import goes on with what was read and the next file.
      if (!(err instanceof ImportInputError) && !(err instanceof SyntaxError)) throw err;
      badLine(state.lines + 1, `stopped reading this file: ${err.message}`, '');
      this.notes.push(`${source.file}: stopped reading at line ${state.lines + 1}: ${err.message}`);
    }
    this.lines += state.lines - file.lines;
    file.lines = state.lines;
    if (signal?.aborted) return false;
    flush();
    this.bytesDone += source.size;
    this.fileNotes(source.file, resolved.mapping, mapper.stats, outOfOrder);
    return true;
  }

  private fileNotes(file: string, fallbacks: Mapping, stats: MappingStats, outOfOrder: number) {
    if (stats.streamFallbacks > 0) {
      this.notes.push(
        `${file}: ${stats.streamFallbacks} records had no stream value; they went to stream "${fallbacks.streamFallback ?? 'default'}"`,
      );
    }
    if (stats.typeFallbacks > 0) {
      this.notes.push(
        `${file}: ${stats.typeFallbacks} records had no type value; they got type "${fallbacks.typeFallback ?? 'event'}"`,
      );
    }
    if (stats.idsMissing > 0) {
      this.notes.push(
        `${file}: ${stats.idsMissing} records had no id value; they got generated ids`,
      );
    }
    if (stats.textRepaired > 0) {
      this.notes.push(
        `${file}: ${stats.textRepaired} records held text that is not well-formed Unicode (lone UTF-16 surrogates, e.g. a "\\ud83d" escape cut from its pair); each such character was stored as U+FFFD`,
      );
    }
    if (outOfOrder > 0) {
      this.notes.push(
        `${file}: ${outOfOrder} records are older than one before them; they keep the file's order (sequence numbers follow the file)`,
      );
    }
  }

  /** Appends a batch; on a refused event, splits it until the refused events stand alone. */
  private commit(
    events: MappedEvent[],
    lines: { line: number; text: string }[],
    fileName: string,
    badLine: (line: number, reason: string, text: string) => void,
  ): number {
    if (this.dryRun) {
      this.events += events.length;
      this.committedThrough = { file: fileName, line: lines[lines.length - 1]!.line };
      return events.length;
    }
    const instance = this.ensureInstance();
    let stored = 0;
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
          this.options.onCommit?.({
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
    append(0, events.length);
    this.committedThrough = { file: fileName, line: lines[lines.length - 1]!.line };
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
