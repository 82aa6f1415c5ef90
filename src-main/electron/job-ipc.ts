import { jobIdSchema } from '../../src-shared/contract/jobs';
import type { JobHost } from '../jobs/job-host';
import { unknownJob } from '../jobs/job-answers';
import { jobCall, type IpcTable } from './ipc-table';

/** The job id argument of the job calls: `jobId: must be a job id (a UUID)` when it is not. */
export const jobIdArg = { schema: jobIdSchema, name: 'jobId' };

/** `window.eventlens.jobs`: look up and cancel the imports and exports running in main. */
export function jobCalls(host: JobHost): IpcTable['jobs'] {
  return {
    cancel: jobCall(jobIdArg, (_caller, jobId) =>
      host.get(jobId)
        ? { success: true, data: { cancelled: host.cancel(jobId) } }
        : unknownJob(jobId),
    ),
    get: jobCall(jobIdArg, (_caller, jobId) => {
      const snapshot = host.get(jobId);
      return snapshot ? { success: true, data: snapshot } : unknownJob(jobId);
    }),
  };
}
