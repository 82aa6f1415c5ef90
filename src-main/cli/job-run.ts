import type { Engine } from '../engine/engine';
import { exitCodes } from './command';
import { openEngine } from './open-engine';
import { formatJson, writeLine } from './output';
import { cancelOnSigint, cancelledExitCode, ProgressLine } from './progress-line';

/** What a long job run from the command line (an import, an export) works with. */
export interface CliJob {
  engine: Engine;
  progress: ProgressLine;
  /** Aborted by Ctrl-C: the job stops cleanly and keeps what it committed. */
  signal: AbortSignal;
}

/**
 * Runs `fn` on the database with progress on stderr (unless quiet) and Ctrl-C as cancel; the
 * handler is removed and the database closed however it ends.
 */
export async function runCliJob<T>(
  options: { db?: string | undefined; quiet?: boolean | undefined },
  fn: (job: CliJob) => Promise<T>,
): Promise<T> {
  const engine = openEngine(options.db);
  const progress = new ProgressLine(options.quiet === true);
  const { signal, dispose } = cancelOnSigint(progress);
  try {
    return await fn({ engine, progress, signal });
  } finally {
    dispose();
    engine.close();
  }
}

/**
 * Prints a job's report on stdout (as JSON with --json, else `summary`) and returns the exit
 * code its status means: 0 completed, 130 cancelled, 1 failed.
 */
export async function reportCliJob(
  report: { status: 'completed' | 'cancelled' | 'failed' },
  json: boolean | undefined,
  summary: () => string,
): Promise<number> {
  await writeLine(
    process.stdout,
    json ? formatJson(report, process.stdout.isTTY === true) : summary(),
  );
  if (report.status === 'cancelled') return cancelledExitCode;
  return report.status === 'completed' ? exitCodes.ok : exitCodes.failed;
}
