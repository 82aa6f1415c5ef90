import type { ExportRequest, ExportStarted } from '../../../src-shared/contract/export-jobs';
import type { JobSnapshot } from '../../../src-shared/contract/jobs';
import type { JobClient } from '../../client/job-client';
import { exportBridge } from './export-bridge';

export type StartAnswer =
  | { kind: 'started'; snapshot: JobSnapshot; downloadUrl: string | null }
  /** The desktop app's save dialog was closed without a file: nothing happens. */
  | { kind: 'dismissed' }
  | { kind: 'refused'; error: string };

/**
 * How the export dialog starts, follows and ends a job. Starting is export's own (browser mode:
 * POST /api/export/start; the desktop app: main's save dialog through `eventlensExport`);
 * following and cancelling is the shared job layer's (JobClient: pushed snapshots, jobs.cancel).
 */
export interface ExportJobClient {
  readonly mode: 'browser' | 'desktop';
  start(request: ExportRequest): Promise<StartAnswer>;
  cancel(jobId: string): Promise<void>;
  /** Calls `onSnapshot` with the job's snapshots (pushed, and looked up once); returns stop. */
  watch(jobId: string, onSnapshot: (s: JobSnapshot) => void): () => void;
  /** Browser mode: starts the download of a finished job's file. */
  deliver(downloadUrl: string, fileName: string): void;
  showInFolder?(jobId: string): Promise<void>;
}

export function exportJobClient(jobs: JobClient): ExportJobClient {
  const bridge = exportBridge();
  const common = {
    async cancel(jobId: string) {
      await jobs.cancel(jobId);
    },
    watch(jobId: string, onSnapshot: (s: JobSnapshot) => void) {
      let pushed = false;
      const off = jobs.subscribe((s) => {
        if (s.jobId !== jobId) return;
        pushed = true;
        onSnapshot(s);
      });
      // A snapshot pushed before the listener was attached is not lost: ask once.
      void jobs.get(jobId).then((answer) => {
        if (!pushed && answer.success) onSnapshot(answer.data);
      });
      return off;
    },
  };
  if (bridge) {
    return {
      mode: 'desktop',
      ...common,
      async start(request) {
        const answer = await bridge.start(request);
        if (!answer.ok) return { kind: 'refused', error: answer.error };
        return 'dismissed' in answer
          ? { kind: 'dismissed' }
          : { kind: 'started', snapshot: answer.snapshot, downloadUrl: null };
      },
      deliver: () => undefined,
      showInFolder: (jobId) => bridge.showInFolder(jobId),
    };
  }
  const api = jobs.http;
  return {
    mode: 'browser',
    ...common,
    async start(request) {
      if (!api) return { kind: 'refused', error: 'no server to export through' };
      const answer = await api.request<ExportStarted>('POST', 'export/start', request);
      if (!answer.success) return { kind: 'refused', error: answer.error };
      return {
        kind: 'started',
        snapshot: answer.data.snapshot,
        downloadUrl: answer.data.downloadUrl,
      };
    },
    deliver(downloadUrl, fileName) {
      const a = document.createElement('a');
      a.href = `${api?.base ?? ''}${downloadUrl}`;
      a.download = fileName;
      document.body.append(a);
      a.click();
      a.remove();
    },
  };
}
