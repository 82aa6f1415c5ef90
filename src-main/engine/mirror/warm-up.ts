import { raw, sql, type Sql } from '../db/sql';
import type { MirroredInstance } from './mirror-schema';
import { mirrorTable } from './mirror-schema';
import { columnName } from './path-tree';

/**
 * The mirror's warm-up: once a session's mirror has caught up, every column of every instance
 * is read once, in the background, so that the first chart of a field finds its blocks in
 * DuckDB's buffer pool. A freshly opened mirror otherwise reads (and checks) each compressed
 * block from the file on the first query that needs it: first runs were 1.3-2.4× the warm ones
 * at 1M events (docs/performance.md).
 *
 * It is work nobody waits for, so it gives way to everything that somebody does wait for:
 *
 * - it runs in pieces (one column of one instance over `warmUpRows` positions), and checks
 *   between pieces whether it should wait (a catch-up round, a hold, a query in flight);
 * - a query that arrives while a piece runs interrupts it (Mirror.query); the piece is read
 *   again once no query runs. So a query shares DuckDB's threads with no warm-up at all;
 * - it runs on the mirror's thread, whose DuckDB threads run at the mirror's lower priority;
 * - close stops it between pieces and interrupts the piece in flight.
 *
 * It is skipped when the mirror's file is larger than `warmUpShare` of DuckDB's memory_limit.
 */

/** One column of one instance, positions `from` (exclusive) to `to` (inclusive). */
export interface WarmPiece {
  ino: number;
  column: string;
  from: number;
  to: number;
}

export type WarmUpPlan = { pieces: WarmPiece[]; bytes: number } | { skip: string };

export interface WarmUpOutcome {
  /**
   * done: every piece was read (or failed: `failed` says how many); skipped: too large, or
   * nothing to read; stopped: closed first; off: turned off in the config.
   */
  state: 'done' | 'skipped' | 'stopped' | 'off';
  /** Pieces read, and pieces planned (read, failed, or not reached when stopped). */
  read: number;
  pieces: number;
  /** Pieces that failed (an instance dropped meanwhile): the warm-up goes on without them. */
  failed: number;
  /** The mirror's size when the warm-up was planned. */
  bytes: number;
  /** Why it was skipped. */
  reason?: string;
  /** From its start to its end, waits included. */
  ms: number;
}

/** The outcome of a warm-up that read nothing: off, skipped (and why), or stopped first. */
export function nothingWarmed(state: WarmUpOutcome['state'], reason?: string): WarmUpOutcome {
  return { state, read: 0, pieces: 0, failed: 0, bytes: 0, ms: 0, ...(reason ? { reason } : {}) };
}

/** What a warm-up runs against (Mirror implements it). */
export interface WarmUpTarget {
  warmUpPlan(): Promise<WarmUpPlan>;
  /** Reads one piece; false when a query or close interrupted it (it is to be read again). */
  warmPiece(piece: WarmPiece): Promise<boolean>;
  /** Whether a query is being answered (the warm-up waits until none is). */
  answering(): boolean;
  /** Whether it was closed (the warm-up ends). */
  isClosed(): boolean;
}

export interface WarmUpOptions {
  /** Whether to wait before the next piece (a catch-up round runs, catch-ups are held). */
  pause: () => boolean;
  /** Whether to end now (closing). */
  stop: () => boolean;
  /** Hears after every piece, read or failed (tests). */
  onPiece?: (read: number, pieces: number) => void;
}

/** How long to wait before looking again whether the warm-up may go on. */
const pollMs = 20;

/** The columns every instance's table has, before its payload and metadata columns. */
const fixedColumns = ['pos', 'ts', 'type', 'stream', 'seq'] as const;

/**
 * The pieces of a warm-up: per instance, per column (the fixed ones, then c1, c2, ...), the
 * mirrored positions in runs of `rows`.
 */
export function warmUpPieces(instances: Iterable<MirroredInstance>, rows: number): WarmPiece[] {
  if (!Number.isSafeInteger(rows) || rows <= 0) throw new Error(`bad warm-up piece ${rows}`);
  const pieces: WarmPiece[] = [];
  for (const m of instances) {
    const columns = [...fixedColumns, ...m.columns.map((c) => columnName(c.col))];
    for (const column of columns) {
      for (let from = 0; from < m.mirroredTo; from += rows) {
        pieces.push({ ino: m.ino, column, from, to: Math.min(from + rows, m.mirroredTo) });
      }
    }
  }
  return pieces;
}

/**
 * The SQL that reads a piece. A hash of every value: DuckDB answers min, max and count of a
 * column from its statistics without reading it, and drops a filter its statistics say is
 * always true, so those read nothing; a hash has to read every block (the warm-up test checks
 * that the buffer pool grows). Positions are literals (numbers from the mirror) so that DuckDB
 * skips the row groups outside them; names are made from integers, never from user text.
 */
export function warmUpSql(piece: WarmPiece): Sql {
  if (!/^(pos|ts|type|stream|seq|c\d+)$/u.test(piece.column)) {
    throw new Error(`bad warm-up column ${piece.column}`);
  }
  const [from, to] = [piece.from, piece.to].map((n) => {
    if (!Number.isSafeInteger(n) || n < 0) throw new Error(`bad warm-up position ${n}`);
    return raw(String(n));
  });
  return sql`SELECT bit_xor(hash(${raw(piece.column)})) FROM ${raw(mirrorTable(piece.ino))}
    WHERE pos > ${from!} AND pos <= ${to!}`;
}

const units: Record<string, number> = {
  bytes: 1,
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  tib: 2 ** 40,
};

/** Bytes of a size as DuckDB prints a setting ("1.9 GiB", "256.0 MiB"); null if not one. */
export function duckSizeBytes(text: string): number | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]+)\s*$/iu.exec(text);
  const unit = match ? units[match[2]!.toLowerCase()] : undefined;
  return match && unit !== undefined ? Number(match[1]) * unit : null;
}

/**
 * What a warm-up reads: every column of every instance, in pieces of `warmUpRows`; skipped when
 * the mirror (`bytes`) is larger than `warmUpShare` of DuckDB's memory_limit (`limitText`, as
 * DuckDB prints the setting).
 */
export function planWarmUp(
  limitText: string,
  bytes: number,
  instances: Iterable<MirroredInstance>,
  config: { warmUpShare: number; warmUpRows: number },
): WarmUpPlan {
  const limit = duckSizeBytes(limitText);
  if (limit === null) return { skip: "DuckDB's memory limit is not a size" };
  const budget = limit * config.warmUpShare;
  if (bytes > budget) {
    const mb = (n: number) => `${Math.round(n / 2 ** 20)} MiB`;
    return {
      skip: `the mirror (${mb(bytes)}) is larger than ${config.warmUpShare} of DuckDB's memory limit (${mb(limit)})`,
    };
  }
  return { pieces: warmUpPieces(instances, config.warmUpRows), bytes };
}

/** Runs a warm-up to its end: every piece read, or stopped. Never throws for a piece. */
export async function runWarmUp(
  target: WarmUpTarget,
  options: WarmUpOptions,
): Promise<WarmUpOutcome> {
  const started = performance.now();
  const plan = await target.warmUpPlan();
  const ms = () => Math.round(performance.now() - started);
  if ('skip' in plan) return { ...nothingWarmed('skipped', plan.skip), ms: ms() };
  const outcome = (state: WarmUpOutcome['state']): WarmUpOutcome => ({
    state,
    read,
    pieces: plan.pieces.length,
    failed,
    bytes: plan.bytes,
    ms: ms(),
  });
  let read = 0;
  let failed = 0;
  for (const piece of plan.pieces) {
    for (;;) {
      if (options.stop() || target.isClosed()) return outcome('stopped');
      if (options.pause() || target.answering()) {
        await new Promise((resolve) => setTimeout(resolve, pollMs));
        continue;
      }
      try {
        if (await target.warmPiece(piece)) read++;
        else continue; // interrupted: read again once the query is answered
      } catch {
        // An instance dropped or started over since the plan: its pieces have nothing to read.
        failed++;
      }
      break;
    }
    options.onPiece?.(read + failed, plan.pieces.length);
  }
  return outcome('done');
}
