import { z } from 'zod';
import type { ErrorCode } from './error-codes';
import type { ExportProgress, ExportReport } from './export-spec';
import type { ImportProgress, ImportReport } from './import-spec';

/**
 * Long-running imports and exports as jobs: the host (Electron's main process or the browser-mode
 * server) runs each on a worker thread and pushes snapshots of it to every window, so a dialog
 * can be closed and reopened, and a reload does not lose the job.
 */

export const jobKinds = ['import', 'export'] as const;
export type JobKind = (typeof jobKinds)[number];

export const jobStates = ['running', 'done', 'failed', 'cancelled'] as const;
export type JobState = (typeof jobStates)[number];

export type JobProgress = ImportProgress | ExportProgress;
export type JobResult = ImportReport | ExportReport;

export interface JobSnapshot {
  jobId: string;
  kind: JobKind;
  state: JobState;
  /** The latest progress; null until the worker reported some. */
  progress: JobProgress | null;
  /** The report, once the job ended (also when cancelled: what was committed until then). */
  result?: JobResult;
  /** Why the job failed (state `failed`). */
  error?: string;
  /** ISO time. */
  startedAt: string;
  /** ISO time; set when the job ended. */
  endedAt?: string;
  /** A short label for lists: the instance, the file names. */
  title: string;
  /** A cancel was asked for; the worker stops after its current batch (state still running). */
  cancelling?: boolean;
}

/** Hears every snapshot of every job (the host's subscribers, the renderer's job client). */
export type JobListener = (snapshot: JobSnapshot) => void;

/** An import job's snapshot, narrowed by kind. */
export type ImportJobSnapshot = JobSnapshot & {
  kind: 'import';
  progress: ImportProgress | null;
  result?: ImportReport;
};
export type ExportJobSnapshot = JobSnapshot & {
  kind: 'export';
  progress: ExportProgress | null;
  result?: ExportReport;
};

/** Job ids are host-generated UUIDs; anything else is refused before a lookup. */
export const jobIdSchema = z.uuid({ message: 'must be a job id (a UUID)' });

export const jobRefParamsSchema = z.strictObject({ jobId: jobIdSchema });

/**
 * The answer of a job-layer call (jobs, import files, previews): like an operation's envelope,
 * a failure is a value with a code and a sentence naming the offending input.
 */
export type JobAnswer<T> =
  { success: true; data: T } | { success: false; error: string; code: ErrorCode };

export function jobFailure(code: ErrorCode, error: string): JobAnswer<never> {
  return { success: false, error, code };
}
