import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { findPreset } from '../../src-shared/contract/import-presets';
import type { ImportSpec } from '../../src-shared/contract/import-spec';
import { describeIssues } from '../../src-shared/contract/issues';
import { jobFailure, type JobAnswer } from '../../src-shared/contract/jobs';
import {
  sourceAddSchema,
  sourceRefSchema,
  type SourceSnapshot,
  type SourcesListener,
} from '../../src-shared/contract/sources';
import type { OpenOptions } from '../engine/db/connection';
import type { Engine } from '../engine/engine';
import { EngineError } from '../engine/errors';
import { checkFollow, FollowPatternError, FollowStore, openSource } from '../engine/follow';
import type {
  FollowHostMessage,
  FollowWorkerMessage,
  FollowWorkerStats,
} from '../engine/follow/follow-worker-protocol';
import { ImportSpecError } from '../engine/import/resolve-spec';
import { sourcePathProblem } from './source-paths';

export interface SourcesServiceOptions {
  /** The built follow worker (out/main/follow-worker.js). */
  workerFile: string;
  dbOptions?: OpenOptions;
  /** Called after every batch a source committed: the hosts poll their change feed. */
  onCommit?: () => void;
  /** Worker settings (tests shorten them). */
  pollMs?: number;
  retireIdleMs?: number;
  statsMs?: number;
}

interface ListedRow {
  id: number;
  pattern: string;
  paused: number;
  created_at: number;
  events: number;
  instance_id: string;
  instance_name: string;
}

/**
 * The host's live sources (`eventlens import --follow` for the windows): add, list, pause,
 * resume and remove, each call validated and answered with a JobAnswer, the same over IPC and
 * HTTP. Every source is followed on one worker thread (follow-worker.ts) with its own
 * connection, never on the thread that answers the windows; its commits poll the change feed,
 * so the windows see new events as ordinary change events. Sources are rows of the database
 * (follow_sources): the host resumes every one not paused when it opens.
 */
export class SourcesService {
  private readonly store: FollowStore;
  private worker: Worker | null = null;
  private workerClosed: Promise<void> | null = null;
  private readonly stats = new Map<number, FollowWorkerStats>();
  private readonly stopWaiters = new Map<number, (() => void)[]>();
  private readonly listeners = new Set<SourcesListener>();
  private lastPushed = '';
  private closing: Promise<void> | null = null;

  constructor(
    private readonly engine: Engine,
    private readonly options: SourcesServiceOptions,
  ) {
    this.store = new FollowStore(engine.db);
  }

  /** Resumes every stored source that is not paused (the host calls it as it opens). */
  resumeAll(): void {
    if (this.engine.readOnly !== null) return;
    for (const source of this.store.sources()) {
      if (!source.paused) this.send({ type: 'start', sourceId: source.id });
    }
  }

  list(): SourceSnapshot[] {
    const rows = this.engine.db
      .prepare<[], ListedRow>(
        `SELECT s.id, s.pattern, s.paused, s.created_at, s.events,
                i.id AS instance_id, i.name AS instance_name
         FROM follow_sources s JOIN instances i ON i.ino = s.ino ORDER BY s.id`,
      )
      .all();
    return rows.map((r) => {
      const live = r.paused ? undefined : this.stats.get(r.id);
      const failed = live?.state === 'failed';
      return {
        sourceId: r.id,
        path: r.pattern,
        instanceId: r.instance_id,
        instanceName: r.instance_name,
        state: r.paused ? 'paused' : failed ? 'error' : 'following',
        rate: live && !failed ? live.rate : 0,
        events: r.events,
        files: live?.files ?? 0,
        bad: live?.bad ?? 0,
        lastBadLine: live?.lastBadLine ?? null,
        lastError: live?.lastError ?? null,
        createdAt: new Date(r.created_at).toISOString(),
      };
    });
  }

  /** Hears the whole list when a source changed; returns the unsubscribe function. */
  subscribe(listener: SourcesListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Starts following a path into an instance (created when missing). Everything is checked
   * before anything is written: the path (exists, readable; a glob's folder), the preset, the
   * format of the lines already there, and that the path is not followed into it already.
   */
  async add(input: unknown): Promise<JobAnswer<SourceSnapshot>> {
    const refused = this.refusal();
    if (refused) return refused;
    const parsed = sourceAddSchema.safeParse(input);
    if (!parsed.success) return jobFailure('VALIDATION_ERROR', describeIssues(parsed.error.issues));
    const { path: pattern, instance, preset } = parsed.data;
    const problem = sourcePathProblem(pattern);
    if (problem) return jobFailure('VALIDATION_ERROR', `path: ${problem}`);
    if (preset !== undefined && !findPreset(preset)) {
      return jobFailure('VALIDATION_ERROR', `preset: no preset named ${JSON.stringify(preset)}`);
    }
    const existing = this.engine.instances.find(instance);
    if (existing && this.store.sourceByPattern(existing.ino, path.resolve(pattern))) {
      return jobFailure(
        'CONFLICT',
        `path: ${pattern} is already followed into "${existing.name}" (resume it in the list)`,
      );
    }
    const spec: ImportSpec = { instance, ...(preset ? { preset } : {}) };
    try {
      await checkFollow(spec, pattern);
      const source = openSource(this.engine, spec, pattern);
      this.send({ type: 'start', sourceId: source.id });
      return this.answer(source.id);
    } catch (err) {
      return failureOf(err);
    }
  }

  /** Stops following after the batch being written; the position is kept. */
  async pause(input: unknown): Promise<JobAnswer<SourceSnapshot>> {
    return this.withSource(input, async (id) => {
      this.store.setPaused(id, true);
      await this.stop(id);
      return this.answer(id);
    });
  }

  /** Follows again from the stored position (also retries a source that failed). */
  async resume(input: unknown): Promise<JobAnswer<SourceSnapshot>> {
    return this.withSource(input, async (id) => {
      await this.stop(id); // a failed source is restarted afresh
      this.store.setPaused(id, false);
      this.send({ type: 'start', sourceId: id });
      return this.answer(id);
    });
  }

  /** Stops following and forgets the source; the events it imported stay in the instance. */
  async remove(input: unknown): Promise<JobAnswer<{ removed: SourceSnapshot }>> {
    return this.withSource(input, async (id) => {
      const removed = this.list().find((s) => s.sourceId === id)!;
      await this.stop(id);
      this.store.removeSource(id);
      this.stats.delete(id);
      this.push();
      return { success: true, data: { removed: { ...removed, state: 'paused', rate: 0 } } };
    });
  }

  /** Stops every source (positions kept, paused flags untouched) and ends the worker. */
  close(): Promise<void> {
    return (this.closing ??= this.closeWorker().then(() => this.listeners.clear()));
  }

  private refusal(): JobAnswer<never> | null {
    if (this.closing) return jobFailure('BUSY', 'the host is closing');
    try {
      this.engine.assertWritable();
    } catch (err) {
      return failureOf(err);
    }
    return null;
  }

  private async withSource<T>(
    input: unknown,
    run: (id: number) => Promise<JobAnswer<T>>,
  ): Promise<JobAnswer<T>> {
    const refused = this.refusal();
    if (refused) return refused;
    const parsed = sourceRefSchema.safeParse(input);
    if (!parsed.success) return jobFailure('VALIDATION_ERROR', describeIssues(parsed.error.issues));
    const id = parsed.data.sourceId;
    if (!this.store.source(id)) {
      return jobFailure('NOT_FOUND', `sourceId: no live source ${id} (removed already?)`);
    }
    try {
      return await run(id);
    } catch (err) {
      return failureOf(err);
    }
  }

  private answer(id: number): JobAnswer<SourceSnapshot> {
    this.push();
    const source = this.list().find((s) => s.sourceId === id);
    return source
      ? { success: true, data: source }
      : jobFailure('NOT_FOUND', `sourceId: no live source ${id}`);
  }

  /** Resolves once the worker stopped following `id` (at once when it was not). */
  private stop(id: number): Promise<void> {
    this.stats.delete(id);
    if (!this.worker) return Promise.resolve();
    return new Promise((resolve) => {
      const waiting = this.stopWaiters.get(id) ?? [];
      waiting.push(resolve);
      this.stopWaiters.set(id, waiting);
      this.send({ type: 'stop', sourceId: id });
    });
  }

  private send(message: FollowHostMessage): void {
    this.startWorker().postMessage(message);
  }

  private startWorker(): Worker {
    if (this.worker) return this.worker;
    const o = this.options;
    const worker = new Worker(o.workerFile, {
      workerData: {
        db: this.engine.file,
        ...(o.dbOptions ? { dbOptions: o.dbOptions } : {}),
        ...(o.pollMs !== undefined ? { pollMs: o.pollMs } : {}),
        ...(o.retireIdleMs !== undefined ? { retireIdleMs: o.retireIdleMs } : {}),
        ...(o.statsMs !== undefined ? { statsMs: o.statsMs } : {}),
      },
    });
    this.worker = worker;
    this.workerClosed = new Promise((resolve) => worker.once('exit', () => resolve()));
    worker.on('message', (message: FollowWorkerMessage) => this.onMessage(message));
    worker.on('error', (err) => this.onWorkerGone(`the follow worker failed: ${err.message}`));
    worker.on('exit', (code) => {
      if (this.worker === worker) this.onWorkerGone(`the follow worker stopped (code ${code})`);
    });
    return worker;
  }

  private onMessage(message: FollowWorkerMessage): void {
    switch (message.type) {
      case 'stats':
        for (const s of message.stats) this.stats.set(s.sourceId, s);
        this.push();
        break;
      case 'commit':
        try {
          this.options.onCommit?.();
        } catch (err) {
          console.error('sources: commit listener failed:', err);
        }
        break;
      case 'stopped': {
        const waiting = this.stopWaiters.get(message.sourceId) ?? [];
        this.stopWaiters.delete(message.sourceId);
        for (const resolve of waiting) resolve();
        break;
      }
      case 'closed':
        break;
    }
  }

  /** The worker died: every source it followed is in error until resumed (a new worker). */
  private onWorkerGone(reason: string): void {
    const sources = [...this.stats.keys()];
    this.worker = null;
    for (const id of sources) {
      this.stats.set(id, {
        sourceId: id,
        state: 'failed',
        events: 0,
        rate: 0,
        files: 0,
        bad: 0,
        lastError: reason,
        lastBadLine: null,
      });
    }
    for (const waiting of this.stopWaiters.values()) for (const resolve of waiting) resolve();
    this.stopWaiters.clear();
    if (!this.closing) this.push();
  }

  private async closeWorker(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    const exited = this.workerClosed;
    worker.postMessage({ type: 'close' } satisfies FollowHostMessage);
    const closed = new Promise<void>((resolve) => {
      worker.on('message', (m: FollowWorkerMessage) => m.type === 'closed' && resolve());
    });
    await Promise.race([closed, exited]);
    this.worker = null;
    await worker.terminate();
    await exited;
  }

  /** Tells the listeners when what they would show changed. */
  private push(): void {
    if (this.listeners.size === 0) return;
    const sources = this.list();
    const text = JSON.stringify(sources);
    if (text === this.lastPushed) return;
    this.lastPushed = text;
    for (const listener of this.listeners) {
      try {
        listener(sources);
      } catch (err) {
        console.error('sources listener failed:', err);
      }
    }
  }
}

function failureOf(err: unknown): JobAnswer<never> {
  if (err instanceof ImportSpecError || err instanceof FollowPatternError) {
    return jobFailure('VALIDATION_ERROR', err.message);
  }
  if (err instanceof EngineError) return jobFailure(err.code, err.message);
  throw err;
}
