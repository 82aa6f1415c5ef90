import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { MirrorStatus } from '../../../src-shared/contract/mirror-status';
import type { Query } from '../../../src-shared/contract/query';
import type { QueryResult } from '../../../src-shared/contract/records';
import type { ChangeFeed } from '../change-feed';
import { EngineError } from '../errors';
import { cancelled } from '../query/query-runner';
import { mirrorSizeBytes } from './mirror-files';
import type { MirrorReply, MirrorRequest, MirrorWorkerSetup } from './mirror-protocol';

export interface MirrorHostOptions extends MirrorWorkerSetup {
  /** The built worker entry, out/main/mirror-worker.js. */
  workerScript: string;
}

/** Mirror files held by a host of this process (a second host on one file is refused). */
const held = new Set<string>();

interface Pending {
  resolve: (result: QueryResult | null) => void;
  reject: (err: Error) => void;
  requestId: string | undefined;
}

/**
 * The main thread's side of the mirror: starts the mirror's worker (mirror-worker.ts), tells
 * it when the log changed, passes queries to it and reports its status. While the mirror is
 * not there (starting, unavailable, failed) every query is declined at once, without a round
 * trip: SQLite answers.
 */
export class MirrorHost {
  private readonly worker: Worker | null;
  private current: MirrorStatus;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Set<(status: MirrorStatus) => void>();
  private nextId = 1;
  private holds = 0;
  private closed = false;
  private readonly key: string;
  private whenClosed: Promise<void> | undefined;

  constructor(private readonly options: MirrorHostOptions) {
    this.key = path.resolve(options.mirrorFile);
    this.current = {
      state: 'starting',
      file: options.mirrorFile,
      sizeBytes: mirrorSizeBytes(options.mirrorFile),
      mirrored: 0,
      events: 0,
      instances: [],
    };
    if (held.has(this.key)) {
      this.worker = null;
      this.current = {
        ...this.current,
        state: 'unavailable',
        reason: 'another part of this process holds the mirror',
      };
      return;
    }
    if (!fs.existsSync(options.workerScript)) {
      throw new Error(
        `the mirror worker ${options.workerScript} does not exist: run "npm run build" first`,
      );
    }
    held.add(this.key);
    const { workerScript, ...setup } = options;
    this.worker = new Worker(workerScript, { workerData: setup satisfies MirrorWorkerSetup });
    this.worker.unref(); // building a mirror never keeps a process alive on its own
    this.worker.on('message', (message: MirrorReply) => this.onMessage(message));
    this.worker.on('error', (err) => this.fail(`the mirror worker failed: ${err.message}`));
    this.worker.on('exit', (code) => {
      if (!this.closed) this.fail(`the mirror worker exited with code ${code}`);
    });
  }

  status(): MirrorStatus {
    return this.current;
  }

  onStatus(listener: (status: MirrorStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Whether queries are worth sending (the mirror is open; some instance may be current). */
  accepting(): boolean {
    return !this.closed && (this.current.state === 'ready' || this.current.state === 'building');
  }

  /** The log changed: the worker catches up (off this thread). */
  changed(): void {
    this.post({ kind: 'changed' });
  }

  /**
   * Holds background catch-ups until the returned function is called (imports and exports
   * hold them: the append path comes first). Queries still fold in the events they need.
   */
  hold(): () => void {
    if (this.holds++ === 0) this.post({ kind: 'hold', on: true });
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (--this.holds === 0) this.post({ kind: 'hold', on: false });
    };
  }

  /** Follows a change feed: every change it reports (ours or another process's) is a cue. */
  follow(feed: ChangeFeed): () => void {
    return feed.subscribe(() => this.changed());
  }

  /** The mirror's answer, or null when it declined (SQLite answers). */
  query(query: Query, requestId?: string, signal?: AbortSignal): Promise<QueryResult | null> {
    if (!this.accepting() || !this.worker) return Promise.resolve(null);
    if (signal?.aborted) return Promise.reject(cancelled());
    const id = this.nextId++;
    return new Promise<QueryResult | null>((resolve, reject) => {
      const onAbort = () => {
        if (requestId) this.cancel(requestId);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const done = () => signal?.removeEventListener('abort', onAbort);
      this.pending.set(id, {
        requestId,
        resolve: (r) => {
          done();
          resolve(r);
        },
        reject: (e) => {
          done();
          reject(e);
        },
      });
      this.worker!.ref(); // a query in flight keeps the process alive
      this.post({ kind: 'query', id, query, ...(requestId ? { requestId } : {}) });
    });
  }

  /** Interrupts a query running in the mirror; false when none has that request id. */
  cancel(requestId: string): boolean {
    for (const p of this.pending.values()) {
      if (p.requestId === requestId) {
        this.post({ kind: 'cancel', requestId });
        return true;
      }
    }
    return false;
  }

  close(): Promise<void> {
    if (this.whenClosed) return this.whenClosed;
    this.closed = true;
    const worker = this.worker;
    this.whenClosed = new Promise<void>((resolve) => {
      if (!worker) return resolve();
      const finish = () => {
        held.delete(this.key);
        resolve();
      };
      // The worker ends by itself once DuckDB is closed (a clean close checkpoints: the next
      // open replays no WAL); one stuck for a minute is cut short.
      const timer = setTimeout(() => void worker.terminate().then(finish), 60_000);
      worker.once('exit', () => {
        clearTimeout(timer);
        finish();
      });
      worker.ref();
      worker.postMessage({ kind: 'close' } satisfies MirrorRequest);
    });
    for (const p of this.pending.values()) p.resolve(null);
    this.pending.clear();
    this.setStatus({ ...this.current, state: 'closed' });
    return this.whenClosed;
  }

  private post(message: MirrorRequest): void {
    if (!this.closed && this.worker) this.worker.postMessage(message);
  }

  private onMessage(message: MirrorReply): void {
    if (message.kind === 'status') {
      if (!this.closed) this.setStatus(message.status);
      return;
    }
    if (message.kind !== 'answer') return;
    const p = this.pending.get(message.id);
    if (!p) return;
    this.pending.delete(message.id);
    if (this.pending.size === 0) this.worker?.unref();
    if (message.ok) p.resolve(message.result);
    else p.reject(new EngineError(message.code, message.message, message.details));
  }

  private setStatus(status: MirrorStatus): void {
    this.current = status;
    for (const listener of this.listeners) {
      try {
        listener(status);
      } catch (err) {
        console.error('mirror status listener failed:', err);
      }
    }
  }

  /** The worker is gone: SQLite answers from now on (pending queries too). */
  private fail(reason: string): void {
    held.delete(this.key);
    for (const p of this.pending.values()) p.resolve(null);
    this.pending.clear();
    this.setStatus({ ...this.current, state: 'failed', reason });
  }
}
