import fs from 'node:fs';
import path from 'node:path';
import { ChangeFeed } from '../engine/change-feed';
import { Engine } from '../engine/engine';
import type { MirrorConfig } from '../engine/mirror/mirror-config';
import type { MirrorHost } from '../engine/mirror/mirror-host';
import { createMirroredQueryRunner } from '../engine/mirror/mirrored-query-runner';
import type { QueryRunner } from '../engine/query/query-runner';
import { EventLogService } from '../engine/service';
import { JobHost } from '../jobs/job-host';
import { SourcesService } from '../jobs/sources-service';
import { makeHostTempDir, removeStaleHostTempDirs } from './host-temp-dir';

export interface HostOptions {
  /** The database file (created when missing). */
  db: string;
  /** Create the database's folder when missing (only for the app's own default file). */
  createFolder?: boolean;
  /** The built workers' folder (out/main: query-worker.js, io-worker.js, mirror-worker.js). */
  workerDir: string;
  /** better-sqlite3 built for the running runtime (Electron's ABI), for every connection. */
  nativeBinding?: string;
  /** Where the host's temp folder goes (default: the OS temp folder). */
  tempParent?: string;
  /**
   * The columnar mirror's settings, or false for none (SQLite answers everything). Default: on,
   * unless EVENTLENS_MIRROR=off.
   */
  mirror?: Partial<MirrorConfig> | false;
}

/**
 * Everything that owns the data of one database file in a long-running process — the desktop
 * app's main process, or `eventlens serve`: the engine, the query runner (worker threads with
 * read-only connections, behind the columnar mirror's router), the service, the change feed
 * and the job host (imports and exports on worker threads), and a temp folder of the
 * process's own.
 */
export interface Host {
  readonly engine: Engine;
  readonly queryRunner: QueryRunner;
  /**
   * The columnar mirror (engine/mirror/, on a worker thread of its own), which answers payload
   * aggregations and scans first; null when it is off. Its status tells its progress.
   */
  readonly mirror: MirrorHost | null;
  readonly service: EventLogService;
  readonly feed: ChangeFeed;
  readonly jobs: JobHost;
  /** Live sources (files followed as they grow), all on one worker thread; resumed on open. */
  readonly sources: SourcesService;
  /** The host's temp folder (uploads, exports, reports); removed by close(). */
  readonly tempDir: string;
  /**
   * Adds what a shell built on the host (the HTTP server, the IPC handlers) to close(): closed
   * once the jobs have ended and before the feed, the query runner and the engine, last added
   * first.
   */
  onClose(close: () => void | Promise<void>): void;
  /**
   * Closes it all, in one order, each step awaited: running jobs are cancelled and their
   * workers gone; live sources stop after their current batch (positions kept); then the shells' parts; the feed; the query workers (so their connections);
   * the engine (the last connection: SQLite checkpoints the WAL and removes it); the temp folder.
   * Idempotent: every call gets the same promise.
   */
  close(): Promise<void>;
}

/**
 * Opens the host on `options.db`. Stale temp folders of hosts that died without closing are
 * removed first. Throws (and leaves nothing open) when the database cannot be opened.
 */
export function openHost(options: HostOptions): Host {
  removeStaleHostTempDirs(options.tempParent);
  const dbOptions = options.nativeBinding ? { nativeBinding: options.nativeBinding } : {};
  const engine = Engine.open(options.db, {
    ...dbOptions,
    ...(options.createFolder ? { createFolder: true } : {}),
  });
  let queryRunner: QueryRunner;
  let mirror: MirrorHost | null;
  try {
    // Queries run on worker threads: a heavy one never stalls the windows or other requests.
    // Payload aggregations and scans go to the mirror first (mirror-routing.ts).
    ({ queryRunner, mirror } = createMirroredQueryRunner(engine, {
      workerScript: path.join(options.workerDir, 'query-worker.js'),
      ...dbOptions,
      ...(options.mirror === false
        ? { mirror: false }
        : {
            mirrorWorkerScript: path.join(options.workerDir, 'mirror-worker.js'),
            ...(options.mirror ? { mirror: options.mirror } : {}),
          }),
    }));
  } catch (err) {
    engine.close();
    throw err;
  }
  const service = new EventLogService(engine, {
    queryRunner,
    ...(mirror ? { mirrorStatus: () => mirror.status() } : {}),
  });
  const feed = new ChangeFeed(service).start();
  // Every change the feed sees (ours, or another process's) is the mirror's cue to catch up.
  mirror?.follow(feed);
  // A committed import batch makes the feed look at once, so windows see it as an ordinary
  // change event; index builds and the mirror's catch-up wait while a job runs (appends first).
  const jobs = new JobHost({
    workerFile: path.join(options.workerDir, 'io-worker.js'),
    db: engine.file,
    ...(options.nativeBinding ? { dbOptions } : {}),
    onCommit: () => feed.poll(),
    holdWhileRunning: () => queryRunner.holdBuilds(),
  });
  const sources = new SourcesService(engine, {
    workerFile: path.join(options.workerDir, 'follow-worker.js'),
    ...(options.nativeBinding ? { dbOptions } : {}),
    onCommit: () => feed.poll(),
  });
  sources.resumeAll();
  const tempDir = makeHostTempDir(options.tempParent);
  const closers: (() => void | Promise<void>)[] = [];
  let closing: Promise<void> | undefined;

  const closeAll = async () => {
    const failures: unknown[] = [];
    const step = async (run: () => unknown) => {
      try {
        await run();
      } catch (err) {
        failures.push(err);
      }
    };
    await step(() => jobs.close());
    await step(() => sources.close());
    for (const close of closers.reverse()) await step(close);
    await step(() => feed.stop());
    await step(() => queryRunner.close());
    await step(() => engine.close());
    await step(() => fs.rmSync(tempDir, { recursive: true, force: true }));
    if (failures.length > 0) throw failures[0];
  };

  return {
    engine,
    queryRunner,
    mirror,
    service,
    feed,
    jobs,
    sources,
    tempDir,
    onClose: (close) => void closers.push(close),
    close: () => (closing ??= closeAll()),
  };
}
