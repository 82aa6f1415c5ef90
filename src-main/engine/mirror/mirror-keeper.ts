import type Database from 'better-sqlite3';
import type {
  MirrorState,
  MirrorStatus,
  MirrorWarmUpStatus,
} from '../../../src-shared/contract/mirror-status';
import type { Query } from '../../../src-shared/contract/query';
import type { QueryResult } from '../../../src-shared/contract/records';
import { mirrorConfig, type MirrorConfig } from './mirror-config';
import { mirrorSizeBytes } from './mirror-files';
import { Mirror, MirrorUnavailable, type MirrorProgress } from './mirror';
import { nothingWarmed, runWarmUp, type WarmUpOutcome } from './warm-up';

export interface MirrorKeeperOptions {
  /** The SQLite log (read-only is enough). */
  db: Database.Database;
  mirrorFile: string;
  config?: Partial<MirrorConfig>;
  /** The built reader thread and better-sqlite3's addon for it (mirror.ts MirrorOpenOptions). */
  readerScript?: string;
  nativeBinding?: string;
  /** How long to wait before trying again to open a mirror that could not be opened. */
  retryMs?: number;
  /** Hears every change of state, and progress while building (at most every 250 ms). */
  onStatus?: (status: MirrorStatus) => void;
}

/** How often the keeper looks for appends nobody told it about (other processes). */
const sweepMs = 5_000;
const reportEveryMs = 250;

/**
 * Keeps one mirror: opens it (and tries again later while another process holds it), runs
 * catch-up rounds off the caller's path whenever told the log changed (and every few seconds),
 * answers queries, and reports its state with progress. Runs wherever the mirror may live:
 * the host's mirror worker thread (mirror-worker.ts), or the CLI's own `mirror build`.
 */
export class MirrorKeeper {
  private mirror: Mirror | null = null;
  private state: MirrorState = 'starting';
  private reason: string | undefined;
  private readonly config: MirrorConfig;
  private running = false;
  private dirty = false;
  private closing = false;
  /** Background catch-ups wait (hold); queries still fold in what they need. */
  private held = false;
  private retryTimer: NodeJS.Timeout | undefined;
  /** Runs from the end of a round for `followMs`: changes meanwhile wait for it (changed()). */
  private cooldown: NodeJS.Timeout | undefined;
  /** An open in progress (close waits for it: DuckDB's work must end before the thread). */
  private opening: Promise<void> | undefined;
  private readonly sweepTimer: NodeJS.Timeout;
  private idleWaiters: (() => void)[] = [];
  private lastReport = 0;
  private progress: MirrorProgress = { mirrored: 0, events: 0, instances: [] };
  /** (time, events mirrored) a few seconds back, for the rate and the time left. */
  private samples: { at: number; mirrored: number }[] = [];
  /** The session's warm-up (warm-up.ts): started after the first caught-up round, once. */
  private warming: Promise<WarmUpOutcome> | undefined;
  private readonly warmedUp: Promise<WarmUpOutcome>;
  private settleWarmUp: (outcome: WarmUpOutcome) => void = () => {};
  /** What the status says of the warm-up: absent until it starts. */
  private warmUpStatus: MirrorWarmUpStatus | undefined;

  constructor(private readonly options: MirrorKeeperOptions) {
    this.config = mirrorConfig(options.config);
    this.warmedUp = new Promise((resolve) => (this.settleWarmUp = resolve));
    this.sweepTimer = setInterval(() => this.changed(), sweepMs);
    this.sweepTimer.unref();
  }

  /** Opens the mirror and starts its first catch-up (the build, on a database without one). */
  start(): Promise<void> {
    this.opening ??= this.open().finally(() => (this.opening = undefined));
    return this.opening;
  }

  private async open(): Promise<void> {
    if (this.closing || this.mirror) return;
    try {
      this.mirror = await Mirror.open({
        db: this.options.db,
        file: this.options.mirrorFile,
        config: this.config,
        ...(this.options.readerScript ? { readerScript: this.options.readerScript } : {}),
        ...(this.options.nativeBinding ? { nativeBinding: this.options.nativeBinding } : {}),
      });
      if (this.closing) {
        await this.mirror.close();
        this.mirror = null;
        return;
      }
      this.setState('starting');
      this.changed();
    } catch (err) {
      const unavailable = err instanceof MirrorUnavailable;
      this.setState(unavailable ? 'unavailable' : 'failed', (err as Error).message);
      this.retryLater();
    }
  }

  private retryLater(): void {
    if (this.closing || this.options.retryMs === undefined) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.start(), this.options.retryMs);
    this.retryTimer.unref();
  }

  /** Pauses background catch-ups between batches, or resumes them. */
  hold(on: boolean): void {
    this.held = on;
    if (!on) this.changed();
  }

  /**
   * The log changed: a catch-up round runs now, or, within `followMs` of the last round's
   * end, when that time is up (a stream of appends is copied a few transactions a second,
   * not one per append).
   */
  changed(): void {
    if (!this.mirror || this.closing || this.held) return;
    if (this.running || this.cooldown) {
      this.dirty = true;
      this.cooldown?.ref(); // a round is due: idle() waits for it
      return;
    }
    void this.round();
  }

  private async round(): Promise<void> {
    const mirror = this.mirror!;
    this.running = true;
    this.dirty = false;
    this.samples = []; // the rate is this round's
    try {
      this.progress = mirror.progress();
      this.report(true);
      await mirror.catchUpAll({
        onBatch: () => {
          this.progress = mirror.progress();
          this.report(false);
        },
        stop: () => this.closing || this.held,
      });
      this.progress = mirror.progress();
      this.report(true);
      if (this.state === 'ready' && !this.closing && !this.held) this.warmUp(mirror);
    } catch (err) {
      // A failed batch rolled back; the next change tries again.
      this.setState('failed', `catching up failed: ${(err as Error).message}`);
    } finally {
      this.running = false;
      if (!this.closing) this.cool();
      // A change that came meanwhile is due after the cooldown, but not once closing: close()
      // waits in idle() and nothing else would wake it (it hung for a minute under load).
      if (!this.dirty || this.closing) this.wakeIdle();
    }
  }

  /**
   * Reads every column once (warm-up.ts), after the session's first round that left the
   * mirror caught up. It waits while a round runs or catch-ups are held, and gives way to
   * every query; close stops it.
   */
  private warmUp(mirror: Mirror): void {
    if (this.warming) return;
    if (this.config.warmUp) this.reportWarmUp({ state: 'running', read: 0, pieces: 0 });
    this.warming = (
      this.config.warmUp
        ? runWarmUp(mirror, {
            pause: () => this.running || this.held,
            stop: () => this.closing,
            onPiece: (read, pieces) => (this.warmUpStatus = { state: 'running', read, pieces }),
          })
        : Promise.resolve(nothingWarmed('off'))
    ).catch((err: unknown) =>
      // The plan failed (DuckDB refused a setting): the mirror works as it did without.
      nothingWarmed('skipped', `the warm-up failed: ${(err as Error).message}`),
    );
    void this.warming.then((outcome) => {
      // After close the status is 'closed' and says nothing more.
      if (!this.closing) {
        this.reportWarmUp({
          state: outcome.state,
          read: outcome.read,
          pieces: outcome.pieces,
          ms: outcome.ms,
          ...(outcome.reason !== undefined ? { reason: outcome.reason } : {}),
        });
      }
      this.settleWarmUp(outcome);
    });
  }

  /**
   * The warm-up's start and end are reported (its memory settles at the end: a user watching
   * the process, or a test measuring another job's memory, knows when); its pieces are not.
   */
  private reportWarmUp(status: MirrorWarmUpStatus): void {
    this.warmUpStatus = status;
    this.emit();
  }

  /**
   * How the session's warm-up ended: once it has read every column, or was skipped, or stopped
   * by close (the bench waits for it, as a user who opens a chart a little after the app).
   */
  warmUpDone(): Promise<WarmUpOutcome> {
    return this.warmedUp;
  }

  /** After a round, changes wait `followMs`; then one round copies all they brought. */
  private cool(): void {
    this.cooldown = setTimeout(() => {
      this.cooldown = undefined;
      if (this.dirty && this.mirror && !this.closing && !this.held) void this.round();
      else this.wakeIdle();
    }, this.config.followMs);
    if (!this.dirty) this.cooldown.unref();
  }

  private wakeIdle(): void {
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  /** Resolves once no catch-up round is running or due (tests, the CLI's build). */
  idle(): Promise<void> {
    if (!this.running && !(this.cooldown && this.dirty)) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** The query's answer from the mirror, or null when SQLite should answer it. */
  async query(query: Query, requestId?: string): Promise<QueryResult | null> {
    const mirror = this.mirror;
    if (!mirror || this.closing) return null;
    return mirror.query(query, requestId);
  }

  cancel(requestId: string): void {
    this.mirror?.cancel(requestId);
  }

  status(): MirrorStatus {
    const p = this.progress;
    const status: MirrorStatus = {
      state: this.state,
      file: this.options.mirrorFile,
      sizeBytes: mirrorSizeBytes(this.options.mirrorFile),
      mirrored: p.mirrored,
      events: p.events,
      instances: p.instances,
      ...(this.reason !== undefined ? { reason: this.reason } : {}),
      ...(this.warmUpStatus ? { warmUp: { ...this.warmUpStatus } } : {}),
    };
    if (p.mirrored < p.events && this.samples.length > 1) {
      const first = this.samples[0]!;
      const last = this.samples[this.samples.length - 1]!;
      const rate = ((last.mirrored - first.mirrored) / (last.at - first.at)) * 1000;
      if (rate > 0) {
        status.eventsPerSecond = Math.round(rate);
        status.etaMs = Math.round(((p.events - p.mirrored) / rate) * 1000);
      }
    }
    return status;
  }

  private report(force: boolean): void {
    if (!this.mirror) return;
    const behind = this.progress.instances.some((i) => i.events - i.mirrored > this.config.maxLag);
    const now = performance.now();
    this.samples.push({ at: now, mirrored: this.progress.mirrored });
    while (this.samples.length > 2 && now - this.samples[0]!.at > 5_000) this.samples.shift();
    const state: MirrorState = behind ? 'building' : 'ready';
    if (state !== this.state || this.reason !== undefined) {
      this.setState(state);
    } else if (force || now - this.lastReport >= reportEveryMs) {
      this.emit();
    }
  }

  private setState(state: MirrorState, reason?: string): void {
    this.state = state;
    this.reason = reason;
    this.emit();
  }

  /** Tells the listener the status now (and when, for the progress reports' pace). */
  private emit(): void {
    this.lastReport = performance.now();
    this.options.onStatus?.(this.status());
  }

  async close(): Promise<void> {
    this.closing = true;
    clearInterval(this.sweepTimer);
    clearTimeout(this.retryTimer);
    clearTimeout(this.cooldown);
    this.cooldown = undefined;
    if (!this.running) this.wakeIdle();
    await this.opening;
    await this.idle();
    // Stops the warm-up too: its piece in flight is interrupted, the next never starts.
    await this.mirror?.close();
    this.mirror = null;
    this.settleWarmUp((await this.warming) ?? nothingWarmed('stopped'));
    this.setState('closed');
  }
}
