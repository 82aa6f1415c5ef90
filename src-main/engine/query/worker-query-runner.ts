import fs from 'node:fs';
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Query } from '../../../src-shared/contract/query';
import type { QueryResult } from '../../../src-shared/contract/records';
import { EngineError } from '../errors';
import { adviseIndex } from './index-advisor';
import { countsKept } from './kept-total';
import { cancelled, type QueryRunner, type QueryRunOptions } from './query-runner';
import type {
  IndexedNotice,
  IndexRequest,
  TextIndexedNotice,
  TextIndexRequest,
  WorkerNotice,
  WorkerRequest,
  WorkerResponse,
  WorkerSetup,
} from './worker-protocol';

export interface WorkerQueryRunnerOptions extends WorkerSetup {
  /** The built worker entry, out/main/query-worker.js; the caller knows where it lives. */
  workerScript: string;
  /**
   * Worker threads for aggregations (default: cores - 1, between 1 and 4). Reads of events
   * (no `reduce`) may use one more, so a table's page never waits behind a long aggregation.
   */
  size?: number;
  /**
   * How long no query must have run before an index a slow query wants is built (default
   * 1,000 ms). A build takes a core for a second or two per million events: while someone
   * scrolls, filters or opens an instance it would compete with what they are waiting for.
   */
  indexAfterQuietMs?: number;
  /**
   * Answers, on the caller's thread, the plain pages asked before any worker is ready (see
   * startPage): a worker takes 0.3-1 s to load its code beside the host's other threads at
   * launch, and the window's first rows waited for it.
   */
  startPages?: (query: Query) => QueryResult;
}

/** The most events a page answered on the caller's thread may ask for. */
const startPageLimit = 1_000;

/**
 * A query the caller's thread may answer while no worker is ready: a page of events with no
 * condition (newest first or in append order, of an instance or a stream, from a cursor or
 * not: an index walk that stops after the page, milliseconds at any size) without its total,
 * or a total that kept counts hold. What a window asks first; anything that may scan waits.
 */
export function startPage(query: Query): boolean {
  if (query.reduce !== undefined || (query.where ?? []).length > 0) return false;
  if (query.limit === 0) return countsKept(query);
  return query.limit !== undefined && query.limit <= startPageLimit && query.total === false;
}

/** Wanted index builds remembered at once (each instance gets at most its policy's `max`). */
const maxWantedBuilds = 16;

interface Job {
  id: number;
  requestId: string | undefined;
  query: Query;
  /** An aggregation or a count: may run long (a histogram or facets over millions of events). */
  aggregate: boolean;
  resolve: (result: QueryResult) => void;
  reject: (err: Error) => void;
  worker?: Worker;
  cleanup: () => void;
}

/**
 * A pool of query worker threads, each with its own read-only connection. Queries queue for
 * a free worker; reads of events go before aggregations and have a lane of their own (what a
 * person looks at first is the table, not the histogram beside it). Indexes that slow queries
 * want are built last, one at a time, once no query has run for a second. Cancelling a running
 * query terminates its worker (SQLite work cannot be interrupted from another thread through
 * better-sqlite3) and a fresh one is started on demand.
 */
export class WorkerQueryRunner implements QueryRunner {
  private readonly size: number;
  private readonly idle: Worker[] = [];
  private readonly running = new Map<Worker, Job>();
  /** Workers building an index (an IndexRequest): busy, but no job. */
  private readonly indexing = new Set<Worker>();
  /** Indexes slow queries want, by instance and columns, built one at a time when quiet. */
  private readonly wantedBuilds = new Map<string, Omit<IndexRequest, 'kind'>>();
  /** Instances whose text index is behind their events: caught up a step at a time when quiet. */
  private readonly textBehind = new Set<string>();
  private readonly textListeners = new Set<(notice: TextIndexedNotice) => void>();
  private buildTimer: NodeJS.Timeout | undefined;
  /** Imports and exports running (holdBuilds): no build starts meanwhile. */
  private holds = 0;
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;
  /** A worker has loaded its code and opened its connection (its `ready` notice). */
  private workerReady = false;
  private readonly indexListeners = new Set<(notice: IndexedNotice) => void>();
  private readonly buildListeners = new Set<(kind: 'index' | 'text', instance: string) => void>();

  constructor(private readonly options: WorkerQueryRunnerOptions) {
    if (!fs.existsSync(options.workerScript)) {
      throw new Error(
        `the query worker ${options.workerScript} does not exist: run "npm run build" first`,
      );
    }
    this.size = options.size ?? Math.min(4, Math.max(1, (os.availableParallelism?.() ?? 2) - 1));
    this.keepOneWarm();
  }

  /**
   * Starts a worker ahead of need when none is idle or busy: starting one (loading the engine,
   * opening the file) takes ~300 ms, which the first query after launch or after a cancel
   * would otherwise wait for (issue 5: first rows within 500 ms of a click).
   */
  private keepOneWarm(): void {
    if (this.closed || this.idle.length + this.running.size > 0) return;
    const worker = this.spawn();
    worker.unref(); // an idle pool never keeps the process alive
    this.idle.push(worker);
  }

  run(query: Query, options: QueryRunOptions = {}): Promise<QueryResult> {
    if (this.closed)
      return Promise.reject(new EngineError('CANCELLED', 'the query runner is closed'));
    if (options.signal?.aborted) return Promise.reject(cancelled());
    const startPages = this.options.startPages;
    if (!this.workerReady && startPages && startPage(query)) {
      return new Promise<QueryResult>((resolve) => resolve(startPages(query)));
    }
    return new Promise<QueryResult>((resolve, reject) => {
      const job: Job = {
        id: this.nextId++,
        requestId: options.requestId,
        query,
        // A total asked for on its own (`limit: 0`, after a page without it) counts like an
        // aggregation: the rows it follows, and the next pages, keep their lane. Unless kept
        // counts answer it: then it is as quick as a page, and waiting behind a histogram or
        // facets left an export dialog saying "Counting…" for 15 s and more.
        aggregate: query.reduce !== undefined || (query.limit === 0 && !countsKept(query)),
        resolve,
        reject,
        cleanup: () => {},
      };
      if (options.signal) {
        const onAbort = () => this.cancelJob(job);
        options.signal.addEventListener('abort', onAbort, { once: true });
        job.cleanup = () => options.signal!.removeEventListener('abort', onAbort);
      }
      this.queue.push(job);
      this.pump();
    });
  }

  holdBuilds(): () => void {
    this.holds++;
    this.scheduleBuild();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.holds--;
      this.scheduleBuild();
    };
  }

  /** Workers waiting, running a query, and building an index (for tests and diagnostics). */
  workerCounts(): { idle: number; running: number; indexing: number } {
    return { idle: this.idle.length, running: this.running.size, indexing: this.indexing.size };
  }

  /** Listens for the text index's progress (a hook for the UI to show; tests). */
  onTextIndexed(listener: (notice: TextIndexedNotice) => void): () => void {
    this.textListeners.add(listener);
    return () => this.textListeners.delete(listener);
  }

  /** Listens for indexes the workers made on demand (e.g. to tell the user, or in tests). */
  onIndexed(listener: (notice: IndexedNotice) => void): () => void {
    this.indexListeners.add(listener);
    return () => this.indexListeners.delete(listener);
  }

  /**
   * Listens for the start of each quiet build (a payload index or a text index step), called
   * as its worker is told: the build runs from then until onIndexed/onTextIndexed.
   */
  onBuildStarted(listener: (kind: 'index' | 'text', instance: string) => void): () => void {
    this.buildListeners.add(listener);
    return () => this.buildListeners.delete(listener);
  }

  cancel(requestId: string): boolean {
    const job =
      this.queue.find((j) => j.requestId === requestId) ??
      [...this.running.values()].find((j) => j.requestId === requestId);
    if (!job) return false;
    this.cancelJob(job);
    return true;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.buildTimer);
    this.wantedBuilds.clear();
    this.textBehind.clear();
    for (const job of this.queue.splice(0)) this.settle(job, cancelled());
    const workers = [...this.idle.splice(0), ...this.running.keys(), ...this.indexing];
    this.indexing.clear();
    for (const [, job] of this.running) this.settle(job, cancelled());
    this.running.clear();
    await Promise.all(workers.map((w) => w.terminate()));
  }

  private cancelJob(job: Job): void {
    const queued = this.queue.indexOf(job);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      this.settle(job, cancelled());
      return;
    }
    const worker = job.worker;
    if (!worker || this.running.get(worker) !== job) return;
    this.running.delete(worker);
    this.settle(job, cancelled());
    void worker.terminate();
    this.pump();
    this.keepOneWarm();
  }

  private settle(job: Job, outcome: QueryResult | Error): void {
    job.cleanup();
    if (outcome instanceof Error) job.reject(outcome);
    else job.resolve(outcome);
  }

  /** The next job that may start now: reads first; aggregations only within `size`. */
  private takeNext(): Job | undefined {
    if (this.running.size >= this.size + 1) return undefined;
    let i = this.queue.findIndex((j) => !j.aggregate);
    if (i < 0) {
      let aggregates = 0;
      for (const job of this.running.values()) if (job.aggregate) aggregates++;
      if (aggregates >= this.size || this.running.size >= this.size) return undefined;
      i = this.queue.findIndex((j) => j.aggregate);
    }
    return i < 0 ? undefined : this.queue.splice(i, 1)[0];
  }

  private pump(): void {
    this.pumpQueries();
    this.scheduleBuild();
  }

  /**
   * Starts the next wanted index build once the pool has been quiet (no query queued or
   * running, no build running, no import or export holding it) for indexAfterQuietMs. Every query start or finish comes through
   * pump() and restarts the wait.
   */
  private scheduleBuild(): void {
    clearTimeout(this.buildTimer);
    this.buildTimer = undefined;
    if (this.closed || this.wantedBuilds.size + this.textBehind.size === 0 || !this.quiet()) return;
    this.buildTimer = setTimeout(() => this.startBuild(), this.options.indexAfterQuietMs ?? 1000);
    this.buildTimer.unref(); // a wanted index never keeps the process alive
  }

  private quiet(): boolean {
    return (
      this.holds === 0 &&
      this.queue.length === 0 &&
      this.running.size === 0 &&
      this.indexing.size === 0
    );
  }

  private startBuild(): void {
    this.buildTimer = undefined;
    if (this.closed || !this.quiet()) return;
    // The text index first: searches are what a person types most.
    const text = this.textBehind.values().next();
    const next = this.wantedBuilds.entries().next();
    let request: IndexRequest | TextIndexRequest;
    if (!text.done) {
      this.textBehind.delete(text.value);
      // About a second or two of work: a query that comes meanwhile waits at most that long.
      request = { kind: 'text', instance: text.value, maxEvents: 32_768 };
    } else if (!next.done) {
      const [key, build] = next.value;
      this.wantedBuilds.delete(key);
      request = { kind: 'index', ...build };
    } else return;
    const worker = this.idle.pop() ?? this.spawn();
    this.indexing.add(worker);
    worker.unref();
    worker.postMessage(request);
    const instance = request.kind === 'text' ? request.instance : request.query.from.instance;
    for (const listener of this.buildListeners) listener(request.kind, instance);
  }

  /** Remembers the index a slow query wants (the worker said so), once per index. */
  private wantBuild(query: Query, tookMs: number): void {
    const cols = adviseIndex(query);
    const key = cols && JSON.stringify([query.from.instance, cols]);
    // A few at most: a session that is never quiet must not pile them up, and a query that is
    // still slow next time asks again.
    if (key && (this.wantedBuilds.has(key) || this.wantedBuilds.size < maxWantedBuilds)) {
      this.wantedBuilds.set(key, { query, tookMs });
    }
  }

  private pumpQueries(): void {
    while (this.queue.length > 0 && !this.closed) {
      const job = this.takeNext();
      if (!job) return;
      const worker = this.idle.pop() ?? this.spawn();
      job.worker = worker;
      this.running.set(worker, job);
      worker.ref(); // a running query keeps the process alive; an idle pool does not
      const request: WorkerRequest = { id: job.id, query: job.query };
      worker.postMessage(request);
    }
  }

  private spawn(): Worker {
    const { workerScript: _script, size: _size, startPages: _pages, ...setup } = this.options;
    const worker = new Worker(this.options.workerScript, {
      workerData: setup satisfies WorkerSetup,
    });
    worker.on('message', (message: WorkerResponse | WorkerNotice) => {
      if ('kind' in message) {
        if (message.kind === 'ready') {
          this.workerReady = true;
        } else if (message.kind === 'indexed') {
          for (const listener of this.indexListeners) listener(message);
        } else if (message.kind === 'textIndexed') {
          // Still behind: another step at the next quiet moment.
          if (message.remaining > 0 && !this.closed) this.textBehind.add(message.instance);
          for (const listener of this.textListeners) listener(message);
        } else if (this.indexing.delete(worker) && !this.closed) {
          // A query that came during the build started another worker: keep no more idle
          // ones than the pool runs at once (each holds its own page cache).
          if (this.idle.length >= this.size + 1) void worker.terminate();
          else this.idle.push(worker);
          this.pump();
        }
        return;
      }
      const response = message;
      const job = this.running.get(worker);
      if (!job || job.id !== response.id) return;
      this.running.delete(worker);
      this.idle.push(worker);
      worker.unref();
      if (response.ok && response.wantsIndex)
        this.wantBuild(job.query, response.result.tookMs ?? 0);
      if (response.ok && response.textBehind) this.textBehind.add(job.query.from.instance);
      this.settle(
        job,
        response.ok
          ? response.result
          : new EngineError(response.code, response.message, response.details),
      );
      this.pump();
    });
    const fail = (err: Error) => {
      const job = this.running.get(worker);
      this.running.delete(worker);
      const i = this.idle.indexOf(worker);
      if (i >= 0) this.idle.splice(i, 1);
      this.indexing.delete(worker);
      if (job) {
        this.settle(job, new EngineError('INTERNAL', `the query worker failed: ${err.message}`));
      }
      this.pump();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (this.running.has(worker) || this.idle.includes(worker) || this.indexing.has(worker)) {
        fail(new Error(`it exited with code ${code}`));
      }
    });
    return worker;
  }
}
