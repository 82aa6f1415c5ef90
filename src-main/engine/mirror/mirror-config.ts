import os from 'node:os';

/** How the mirror runs; every field has a default from the machine (mirrorConfig). */
export interface MirrorConfig {
  /** DuckDB's memory_limit: past it, queries spill to `<mirror>.tmp/` instead of growing. */
  memoryLimit: string;
  /** DuckDB's worker threads. */
  threads: number;
  /**
   * A query folds in at most this many events appended since the last catch-up before it
   * answers; further behind (the first build, right after a big import), SQLite answers.
   */
  maxLag: number;
  /** Payload/metadata columns per instance; paths past the cap are answered by SQLite. */
  maxColumns: number;
  /** Events copied per DuckDB transaction while building (a row group or more). */
  buildBatch: number;
  /** Events copied per transaction when catching up a small tail. */
  tailBatch: number;
  /**
   * While appends keep coming, a background catch-up starts at most this often (ms): the
   * events of that time go in one transaction instead of a small one per append, which cost
   * the append path 40% of its rate (performance.md). A change after a quiet spell is copied
   * at once; queries fold in what is still missing, so their answers stay exact.
   */
  followMs: number;
  /**
   * The nice value of the mirror's threads (Linux; 0 leaves them as they are): catch-ups and
   * the mirror's queries yield to the append path and the windows on a busy machine
   * (thread-priority.ts). An idle core runs them at full speed whatever the value.
   */
  nice: number;
  /**
   * A query whose `where` has a regex on one field (an AND of the top level) that the text
   * index narrows to fewer events than this is left to SQLite (text-index-first.ts
   * `textIndexFindsFew`): testing a few thousand events there beats reading a whole column.
   * 0: the mirror answers every regex it can.
   */
  indexFirstHits: number;
  /**
   * Once the mirror has caught up for the first time in a session, read every column once in
   * the background (warm-up.ts), so the first chart of a field finds it in DuckDB's buffer pool
   * instead of reading and checking its blocks from the file. false: never
   * (EVENTLENS_MIRROR_WARMUP=off).
   */
  warmUp: boolean;
  /**
   * The warm-up is skipped when the mirror's file is larger than this share of DuckDB's
   * memory_limit: the pool must keep room for the queries' own memory (hash tables, sorts),
   * and a file that does not fit would only evict what it read before.
   */
  warmUpShare: number;
  /**
   * Rows per piece of the warm-up (a piece is one column of one instance over this many
   * positions): a query never shares the machine with more than one piece, and interrupts it.
   * A multiple of DuckDB's row group (122,880 rows).
   */
  warmUpRows: number;
}

const mib = 1024 * 1024;

/**
 * The defaults: memory 15% of RAM between 256 MiB and 2 GiB (DuckDB's own default is 80%,
 * and it measured 1.3-2.2 GB resident while loading 5M events), one thread per core. The
 * environment overrides them: EVENTLENS_MIRROR_MEMORY (e.g. "512MB"), EVENTLENS_MIRROR_THREADS,
 * EVENTLENS_MIRROR_NICE (0-19, default 5), EVENTLENS_MIRROR_WARMUP (off: no warm-up).
 */
export function mirrorConfig(
  overrides: Partial<MirrorConfig> = {},
  env: NodeJS.ProcessEnv = process.env,
): MirrorConfig {
  const memory = Math.min(2048 * mib, Math.max(256 * mib, os.totalmem() * 0.15));
  const threads = Number(env.EVENTLENS_MIRROR_THREADS);
  // 5, not 10: whatever waits on the mirror (a query routed to it, the host's close) waits on
  // these threads, and at nice 10 a saturated machine gives them ~1/9 of a nice-0 thread's
  // share (a serve process took 2.4 s to stop under 8 busy loops, against 1.3-1.5 s at 5 or 0).
  const nice = Number(env.EVENTLENS_MIRROR_NICE || 5);
  return {
    memoryLimit: env.EVENTLENS_MIRROR_MEMORY || `${Math.floor(memory / mib)}MB`,
    threads:
      Number.isInteger(threads) && threads > 0 ? threads : (os.availableParallelism?.() ?? 2),
    maxLag: 100_000,
    maxColumns: 2_000,
    buildBatch: 122_880,
    tailBatch: 20_000,
    followMs: 1_000,
    nice: Number.isInteger(nice) && nice >= 0 && nice <= 19 ? nice : 5,
    indexFirstHits: 10_000,
    warmUp: !off(env.EVENTLENS_MIRROR_WARMUP),
    warmUpShare: 0.5,
    warmUpRows: 8 * 122_880,
    ...overrides,
  };
}

/** EVENTLENS_MIRROR=off turns the mirror off in every host (SQLite answers everything). */
export function mirrorEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return !off(env.EVENTLENS_MIRROR);
}

function off(value: string | undefined): boolean {
  return /^(0|off|false|no)$/iu.test(value ?? '');
}
