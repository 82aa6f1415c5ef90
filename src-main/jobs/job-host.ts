import { randomUUID } from 'node:crypto';
import type { Worker } from 'node:worker_threads';
import type { ExportSpec } from '../../src-shared/contract/export-spec';
import type { ImportPreview, ImportSpec } from '../../src-shared/contract/import-spec';
import type {
  JobKind,
  JobListener,
  JobProgress,
  JobResult,
  JobSnapshot,
  JobState,
} from '../../src-shared/contract/jobs';
import type { OpenOptions } from '../engine/db/connection';
import type { CommitInfo } from '../engine/import/run-import';
import type { IoJob } from '../engine/io-worker/protocol';
import type { OpenedImport } from '../engine/open/run-opened-import';
import { runIoJob, startIoWorker } from '../engine/io-worker/run-io-job';

export interface JobHostOptions {
  /** The built io-worker entry (out/main/io-worker.js). */
  workerFile: string;
  /** The database file the jobs open (each worker opens its own connection). */
  db: string;
  dbOptions?: OpenOptions;
  /**
   * Called after every committed import batch. The hosts wire it to their ChangeFeed's poll(), so
   * the commit reaches the windows as an ordinary change event at once (see README: the job layer).
   */
  onCommit?: (commit: CommitInfo) => void;
  /**
   * Called as each job starts; what it returns is called when the job ends. The hosts pass the
   * query pool's holdBuilds: an index build beside an import would compete for the write lock,
   * and beside an export for the cores and memory the user is watching.
   */
  holdWhileRunning?: () => () => void;
  /** At most one progress notification per job per interval (default 200 ms: ~5/s). */
  progressIntervalMs?: number;
  /** How long a finished job stays answerable by get() (default 30 minutes). */
  keepFinishedMs?: number;
  /** Previews: how many events (default: the engine's). */
  previewEvents?: number;
}

/**
 * Rewrites what a job reports (progress, report, error) before any window sees it: an import of
 * uploads names its files as the user knows them, not by the host's temp paths.
 */
export type JobPresenter = <T>(value: T) => T;

const asIs: JobPresenter = (value) => value;

/** The state a job ends in, by its report's status. */
const endStates = {
  completed: 'done',
  cancelled: 'cancelled',
  failed: 'failed',
} as const satisfies Record<JobResult['status'], JobState>;

interface Running {
  snapshot: JobSnapshot;
  present: JobPresenter;
  controller: AbortController;
  done: Promise<JobSnapshot>;
  lastNotified: number;
  pending: NodeJS.Timeout | undefined;
  /** Ends the hold of holdWhileRunning. */
  release: () => void;
}

/**
 * Runs imports and exports as jobs on worker threads and keeps what the windows need to know
 * about them: the latest snapshot of each, pushed to subscribers (throttled), cancel by id, and
 * finished jobs for a while, so a window that reloads can still show the summary.
 * Plain Node: Electron's main process and the browser-mode server both use it.
 */
export class JobHost {
  private readonly jobs = new Map<string, Running>();
  private readonly finishedAt = new Map<string, number>();
  private readonly listeners = new Set<JobListener>();
  /** Previews in flight (not jobs: nobody follows or cancels them, but close() waits for them). */
  private readonly previews = new Set<Promise<ImportPreview>>();
  private readonly interval: number;
  private readonly keepMs: number;
  private closed = false;
  /** A worker started ahead of the next job, waiting for it (see keepOneWarm). */
  private warm: Worker | undefined;

  constructor(private readonly options: JobHostOptions) {
    this.interval = options.progressIntervalMs ?? 200;
    this.keepMs = options.keepFinishedMs ?? 30 * 60_000;
    this.keepOneWarm();
  }

  /**
   * Starts a worker ahead of the next job, which would otherwise wait while one starts and
   * loads its code (0.2-0.5 s on a busy machine; an opened file's first rows wait for it): at
   * the start, and when a job ends (not as one starts: it would slow down its first batch).
   * It holds no connection until its job comes. One that fails while it waits is forgotten;
   * the next job starts its own, whose failure that job reports.
   */
  private keepOneWarm(): void {
    if (this.closed || this.warm) return;
    const worker = startIoWorker(this.options.workerFile);
    worker.on('error', () => {});
    worker.once('exit', () => {
      if (this.warm === worker) this.warm = undefined;
    });
    this.warm = worker;
  }

  /** The warm worker, if one waits (the next is started when this job ends), else the file. */
  private takeWorker(): Worker | string {
    const worker = this.warm;
    this.warm = undefined;
    return worker ?? this.options.workerFile;
  }

  /**
   * Starts an import of files the caller has already vetted (uploads, paths the user chose);
   * `open`: the one file is an opened file whose position is kept (jobs/open-files.ts).
   */
  startImport(
    spec: ImportSpec,
    files: string[],
    title?: string,
    present: JobPresenter = asIs,
    open?: OpenedImport,
  ): JobSnapshot {
    return this.start(
      {
        kind: 'import',
        db: this.options.db,
        ...this.dbOptions(),
        spec,
        files,
        ...(open ? { open } : {}),
      },
      title ?? `Import into ${spec.instance}`,
      present,
    );
  }

  startExport(spec: ExportSpec, title?: string, present: JobPresenter = asIs): JobSnapshot {
    return this.start(
      { kind: 'export', db: this.options.db, ...this.dbOptions(), spec },
      title ?? 'Export',
      present,
    );
  }

  /** Reads the start of the files and maps it; writes nothing. Not a job: it answers quickly. */
  preview(spec: ImportSpec, files: string[]): Promise<ImportPreview> {
    if (this.closed) return Promise.reject(new Error('the job host is closed'));
    const n = this.options.previewEvents;
    const preview = runIoJob(this.options.workerFile, {
      kind: 'preview',
      spec,
      files,
      ...(n !== undefined ? { n } : {}),
    });
    this.previews.add(preview);
    const forget = () => this.previews.delete(preview);
    preview.then(forget, forget);
    return preview;
  }

  get(jobId: string): JobSnapshot | undefined {
    this.sweep();
    return this.jobs.get(jobId)?.snapshot;
  }

  list(): JobSnapshot[] {
    this.sweep();
    return [...this.jobs.values()].map((j) => j.snapshot);
  }

  /** Resolves with the final snapshot (tests and the CLI-like callers). */
  whenDone(jobId: string): Promise<JobSnapshot> | undefined {
    return this.jobs.get(jobId)?.done;
  }

  /**
   * Resolves once the job reported progress or ended: a job refused by its input (an unknown
   * instance, bad columns) ends before any progress. Undefined for a job the host does not know.
   */
  whenUnderWay(jobId: string): Promise<JobSnapshot | undefined> {
    return new Promise((resolve) => {
      const check = (s: JobSnapshot | undefined) => {
        if (s && s.jobId !== jobId) return;
        if (s && s.progress === null && s.state === 'running') return;
        off();
        resolve(s);
      };
      const off = this.subscribe(check);
      check(this.get(jobId));
    });
  }

  /**
   * Asks a running job to stop: the worker finishes its current batch (or page) and answers with
   * its report, so what was committed stays consistent. False for unknown or finished jobs.
   */
  cancel(jobId: string): boolean {
    const job = this.jobs.get(jobId);
    if (!job || job.snapshot.state !== 'running') return false;
    if (!job.snapshot.cancelling) {
      job.snapshot = { ...job.snapshot, cancelling: true };
      this.notify(job);
    }
    job.controller.abort();
    return true;
  }

  subscribe(listener: JobListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Cancels every running job and waits until their workers answered and are gone (previews
   * too): afterwards no thread of the host's runs and none of its connections is open.
   */
  async close(): Promise<void> {
    this.closed = true;
    const running = [...this.jobs.values()].filter((j) => j.snapshot.state === 'running');
    for (const job of running) job.controller.abort();
    const warm = this.takeWorker();
    if (typeof warm !== 'string') await warm.terminate();
    await Promise.allSettled([...running.map((j) => j.done), ...this.previews]);
    for (const job of this.jobs.values()) clearTimeout(job.pending);
    this.listeners.clear();
  }

  private dbOptions(): { dbOptions?: OpenOptions } {
    return this.options.dbOptions ? { dbOptions: this.options.dbOptions } : {};
  }

  private start(
    job: IoJob & { kind: JobKind },
    title: string,
    present: JobPresenter = asIs,
  ): JobSnapshot {
    if (this.closed) throw new Error('the job host is closed');
    this.sweep();
    const jobId = randomUUID();
    const controller = new AbortController();
    const running: Running = {
      snapshot: {
        jobId,
        kind: job.kind,
        state: 'running',
        progress: null,
        startedAt: new Date().toISOString(),
        title,
      },
      present,
      controller,
      done: Promise.resolve(undefined as unknown as JobSnapshot),
      lastNotified: 0,
      pending: undefined,
      release: this.options.holdWhileRunning?.() ?? (() => {}),
    };
    this.jobs.set(jobId, running);
    running.done = runIoJob(this.takeWorker(), job, {
      signal: controller.signal,
      onProgress: (progress: JobProgress) => this.onProgress(running, progress),
      onCommit: (commit) => {
        try {
          this.options.onCommit?.(commit);
        } catch (err) {
          console.error('job commit listener failed:', err);
        }
      },
    }).then(
      (result) => this.finish(running, result),
      (err: unknown) => this.fail(running, err instanceof Error ? err.message : String(err)),
    );
    this.notify(running);
    return running.snapshot;
  }

  private onProgress(job: Running, progress: JobProgress): void {
    job.snapshot = { ...job.snapshot, progress: job.present(progress) };
    if (job.pending) return; // the scheduled notification will carry this progress
    const wait = job.lastNotified + this.interval - Date.now();
    if (wait <= 0) {
      this.notify(job);
      return;
    }
    job.pending = setTimeout(() => {
      job.pending = undefined;
      if (job.snapshot.state === 'running') this.notify(job);
    }, wait);
    job.pending.unref();
  }

  private finish(job: Running, result: JobResult): JobSnapshot {
    return this.end(job, {
      state: endStates[result.status],
      result: job.present(result),
      ...(result.status === 'failed'
        ? { error: job.present(result.error ?? 'the job failed') }
        : {}),
    });
  }

  private fail(job: Running, error: string): JobSnapshot {
    return this.end(job, { state: 'failed', error: job.present(error) });
  }

  private end(job: Running, changes: Partial<JobSnapshot>): JobSnapshot {
    job.release();
    this.keepOneWarm();
    clearTimeout(job.pending);
    job.pending = undefined;
    const { cancelling: _cancelling, ...rest } = job.snapshot;
    job.snapshot = { ...rest, ...changes, endedAt: new Date().toISOString() };
    this.finishedAt.set(job.snapshot.jobId, Date.now());
    this.notify(job);
    return job.snapshot;
  }

  private notify(job: Running): void {
    job.lastNotified = Date.now();
    const snapshot = job.snapshot;
    for (const listener of this.listeners) {
      try {
        listener(snapshot);
      } catch (err) {
        console.error('job listener failed:', err);
      }
    }
  }

  /** Forgets jobs that finished more than keepFinishedMs ago. */
  private sweep(): void {
    const now = Date.now();
    for (const [jobId, at] of this.finishedAt) {
      if (now - at < this.keepMs) continue;
      this.finishedAt.delete(jobId);
      this.jobs.delete(jobId);
    }
  }
}
