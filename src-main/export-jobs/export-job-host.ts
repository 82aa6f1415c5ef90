import { randomUUID } from 'node:crypto';
import type { ExportJobSnapshot, ExportRequest } from '../../src-shared/contract/export-jobs';
import type { ExportReport, ExportSpec } from '../../src-shared/contract/export-spec';
import type { OpenOptions } from '../engine/db/connection';
import { IoJobError, runIoJob } from '../engine/io-worker/run-io-job';

export interface ExportJobHostOptions {
  /** The database file; each job's worker opens its own connection to it. */
  dbFile: string;
  /** The built io-worker entry (out/main/io-worker.js). */
  workerFile: string;
  /** How workers open the file (Electron: its own better-sqlite3 build). */
  dbOptions?: OpenOptions;
  /** At most this many exports at once (each is a worker thread); default 3. */
  maxRunning?: number;
}

/** A start that was refused before anything was written: bad input, or too many jobs. */
export class ExportStartError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 404 | 429,
  ) {
    super(message);
    this.name = 'ExportStartError';
  }
}

interface Job {
  snapshot: ExportJobSnapshot;
  out: string;
  controller: AbortController;
  finished: Promise<void>;
}

type Listener = (snapshot: ExportJobSnapshot) => void;

/** Spec errors the worker reports: the input was wrong, nothing was written. */
const inputErrors = new Set(['ExportSpecError', 'ExportOutputError', 'EngineError']);

/**
 * Runs exports on I/O worker threads and keeps a snapshot of each (state, progress, result) for
 * the page to follow. Both hosts use it: browser mode writes into its own temp folder, the
 * desktop app into the file the user chose in the save dialog. The engine's FileSink makes the
 * file appear only when complete, so a cancelled or failed job leaves nothing that looks whole.
 */
export class ExportJobHost {
  private readonly jobs = new Map<string, Job>();
  private readonly listeners = new Set<Listener>();

  constructor(private readonly options: ExportJobHostOptions) {}

  /**
   * Starts an export of `request` into the file `outFor(jobId)` names (its folder exists). Resolves once the job is under way (its first
   * progress) or refused: input the engine rejects (unknown instance, bad columns, a format an
   * aggregation cannot have) throws ExportStartError, and no job remains.
   */
  async start(
    request: ExportRequest,
    outFor: (jobId: string) => string,
  ): Promise<ExportJobSnapshot> {
    const running = [...this.jobs.values()].filter((j) => j.snapshot.state === 'running').length;
    if (running >= (this.options.maxRunning ?? 3)) {
      throw new ExportStartError(
        `${running} exports are running already; wait for one to finish or cancel one`,
        429,
      );
    }
    const jobId = randomUUID();
    const out = outFor(jobId);
    const controller = new AbortController();
    const snapshot: ExportJobSnapshot = {
      jobId,
      kind: 'export',
      state: 'running',
      progress: null,
      result: null,
      error: null,
    };
    const spec: ExportSpec = { query: request.query, format: request.format, out };
    if (request.columns) spec.columns = request.columns;

    let underWay!: () => void;
    const started = new Promise<void>((resolve) => (underWay = resolve));
    let lastPush = 0;
    const job: Job = { snapshot, out, controller, finished: Promise.resolve() };
    job.finished = runIoJob(
      this.options.workerFile,
      {
        kind: 'export',
        db: this.options.dbFile,
        ...(this.options.dbOptions ? { dbOptions: this.options.dbOptions } : {}),
        spec,
      },
      {
        signal: controller.signal,
        onProgress: (progress) => {
          job.snapshot = { ...job.snapshot, progress };
          underWay();
          // The worker already reports at most 5 times a second; this keeps pushes to that.
          const now = Date.now();
          if (now - lastPush >= 150) {
            lastPush = now;
            this.emit(job.snapshot);
          }
        },
      },
    ).then(
      (report) => {
        job.snapshot = settle(job.snapshot, report, request.fileName);
        this.emit(job.snapshot);
      },
      (err: unknown) => {
        const message = err instanceof Error ? err.message : String(err);
        job.snapshot = { ...job.snapshot, state: 'failed', error: message };
        if (job.snapshot.progress === null && err instanceof IoJobError) {
          // Refused before any row was written: the caller gets the error, no job is kept.
          if (inputErrors.has(err.errorName)) this.jobs.delete(jobId);
        }
        this.emit(job.snapshot);
      },
    );
    this.jobs.set(jobId, job);
    await Promise.race([started, job.finished]);
    if (!this.jobs.has(jobId)) {
      throw new ExportStartError(job.snapshot.error ?? 'the export was refused', 400);
    }
    return job.snapshot;
  }

  get(jobId: string): ExportJobSnapshot | null {
    return this.jobs.get(jobId)?.snapshot ?? null;
  }

  /** The file a finished job wrote (for the download), or null. */
  fileOf(jobId: string): string | null {
    const job = this.jobs.get(jobId);
    return job?.snapshot.state === 'done' ? job.out : null;
  }

  /** Asks the worker to stop; resolves with the final snapshot. */
  async cancel(jobId: string): Promise<ExportJobSnapshot | null> {
    const job = this.jobs.get(jobId);
    if (!job) return null;
    job.controller.abort();
    await job.finished;
    return job.snapshot;
  }

  /** Forgets a job (after its file was delivered or expired). */
  forget(jobId: string): void {
    this.jobs.delete(jobId);
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Cancels every running job and waits until their workers have answered. */
  async close(): Promise<void> {
    const jobs = [...this.jobs.values()];
    for (const job of jobs) job.controller.abort();
    await Promise.all(jobs.map((j) => j.finished));
    this.listeners.clear();
  }

  private emit(snapshot: ExportJobSnapshot): void {
    for (const listener of this.listeners) listener(snapshot);
  }
}

function settle(
  snapshot: ExportJobSnapshot,
  report: ExportReport,
  fileName: string,
): ExportJobSnapshot {
  const state =
    report.status === 'completed' ? 'done' : report.status === 'cancelled' ? 'cancelled' : 'failed';
  return {
    ...snapshot,
    state,
    error: report.error ?? null,
    result: {
      fileName,
      kind: report.kind,
      format: report.format,
      rows: report.rows,
      total: report.total,
      bytes: report.bytes,
      elapsedMs: report.elapsedMs,
      ...(report.columns ? { columns: report.columns } : {}),
    },
  };
}
