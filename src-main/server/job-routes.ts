import type { ExportReport } from '../../src-shared/contract/export-spec';
import {
  jobIdSchema,
  jobRefParamsSchema,
  jobFailure,
  type JobSnapshot,
} from '../../src-shared/contract/jobs';
import { unknownJob } from '../jobs/job-answers';
import type { JobHost } from '../jobs/job-host';
import { sendAnswer, type ServerPlugin } from './http-util';

/**
 * Browser mode's job routes: every page gets each job's snapshots on the event stream
 * (`event: job`), and may look one up or cancel it.
 *   GET  /api/jobs          the jobs the host still knows (a reloaded page finds its import)
 *   GET  /api/jobs/<id>     one job's snapshot
 *   POST /api/jobs/cancel   {jobId} -> {cancelled}
 */
export function jobRoutes(host: JobHost): ServerPlugin {
  return {
    attach: (hub) => host.subscribe((snapshot) => hub.sendEvent('job', publicSnapshot(snapshot))),
    routes: [
      {
        method: 'GET',
        path: 'jobs',
        handle: (_req, res) =>
          sendAnswer(res, { success: true, data: { jobs: host.list().map(publicSnapshot) } }),
      },
      {
        method: 'POST',
        path: 'jobs/cancel',
        handle: async (_req, res, _m, _url, body) => {
          const input = await body.json(jobRefParamsSchema);
          if (!input.ok) return sendAnswer(res, input.answer);
          const snapshot = host.get(input.value.jobId);
          if (!snapshot) return sendAnswer(res, unknownJob(input.value.jobId));
          sendAnswer(res, { success: true, data: { cancelled: host.cancel(input.value.jobId) } });
        },
      },
      {
        method: 'GET',
        path: /^jobs\/([^/]+)$/u,
        handle: (_req, res, match) => {
          const id = jobIdSchema.safeParse(decodeURIComponent(match?.[1] ?? ''));
          if (!id.success)
            return sendAnswer(
              res,
              jobFailure('VALIDATION_ERROR', 'jobId: must be a job id (a UUID)'),
            );
          const snapshot = host.get(id.data);
          sendAnswer(
            res,
            snapshot ? { success: true, data: publicSnapshot(snapshot) } : unknownJob(id.data),
          );
        },
      },
    ],
  };
}

/**
 * A snapshot as pages see it: an export's file is in a folder the server owns (the page
 * downloads it by key), so its path is left out; the page has no use for it.
 */
export function publicSnapshot(snapshot: JobSnapshot): JobSnapshot {
  if (!snapshot.result || snapshot.kind !== 'export') return snapshot;
  const result: ExportReport = { ...(snapshot.result as ExportReport), file: null };
  return { ...snapshot, result };
}
