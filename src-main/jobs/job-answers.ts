import { jobFailure, type JobAnswer, type JobSnapshot } from '../../src-shared/contract/jobs';

/** The answer for a job id the host does not know, the same over IPC and HTTP. */
export function unknownJob(jobId: string) {
  return jobFailure(
    'NOT_FOUND',
    `jobId: no job ${JSON.stringify(jobId)} (finished jobs are forgotten after a while)`,
  );
}

/**
 * The answer to a job start, once the job is under way (JobHost.whenUnderWay): a job that ended
 * before any progress was refused by its input, which is a VALIDATION_ERROR like every other bad
 * input (nothing was written); else the job's snapshot.
 */
export function startAnswer(first: JobSnapshot | undefined): JobAnswer<JobSnapshot> {
  if (!first) return jobFailure('INTERNAL', 'the job vanished as it started');
  if (first.state === 'failed' && first.progress === null) {
    return jobFailure('VALIDATION_ERROR', first.error ?? 'refused');
  }
  return { success: true, data: first };
}
