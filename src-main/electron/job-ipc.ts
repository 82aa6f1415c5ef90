import { jobRefParamsSchema, jobFailure, type JobAnswer } from '../../src-shared/contract/jobs';
import { describeIssues } from '../../src-shared/contract/issues';
import type { JobSnapshot } from '../../src-shared/contract/jobs';
import type { JobHost } from '../jobs/job-host';
import { senderRefusal, type IpcSender } from './ipc-router';

/**
 * The job calls over IPC, with the same sender checks as the operations. No electron import:
 * main.ts registers these on ipcMain, the tests call them directly.
 */
export function createJobIpc(host: JobHost, appOrigin: string) {
  const refusal = (sender: IpcSender): JobAnswer<never> | null => {
    const why = senderRefusal(sender, appOrigin);
    return why ? jobFailure('UNAUTHORIZED', `IPC refused: ${why}`) : null;
  };
  const jobId = (
    value: unknown,
  ): { ok: true; id: string } | { ok: false; answer: JobAnswer<never> } => {
    const parsed = jobRefParamsSchema.safeParse({ jobId: value });
    return parsed.success
      ? { ok: true, id: parsed.data.jobId }
      : { ok: false, answer: jobFailure('VALIDATION_ERROR', describeIssues(parsed.error.issues)) };
  };
  const unknown = (id: string) =>
    jobFailure(
      'NOT_FOUND',
      `jobId: no job ${JSON.stringify(id)} (finished jobs are forgotten after a while)`,
    );
  return {
    cancel(sender: IpcSender, value: unknown): JobAnswer<{ cancelled: boolean }> {
      const refused = refusal(sender);
      if (refused) return refused;
      const id = jobId(value);
      if (!id.ok) return id.answer;
      if (!host.get(id.id)) return unknown(id.id);
      return { success: true, data: { cancelled: host.cancel(id.id) } };
    },
    get(sender: IpcSender, value: unknown): JobAnswer<JobSnapshot> {
      const refused = refusal(sender);
      if (refused) return refused;
      const id = jobId(value);
      if (!id.ok) return id.answer;
      const snapshot = host.get(id.id);
      return snapshot ? { success: true, data: snapshot } : unknown(id.id);
    },
  };
}
