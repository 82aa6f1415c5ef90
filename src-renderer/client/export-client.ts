import type { ExportsBridge } from '../../src-shared/contract/bridge';
import type {
  ExportRequest,
  ExportStart,
  ExportStarted,
} from '../../src-shared/contract/export-jobs';
import type { JobAnswer, JobListener, JobSnapshot } from '../../src-shared/contract/jobs';
import { downloadBlob, startDownload } from './download';
import type { HttpApi } from './job-client';

/**
 * The renderer's side of exporting. Starting an export is each transport's own; following and
 * cancelling it is the job layer's (JobClient: get, cancel, pushed snapshots; `useJob`), as for
 * an import. Either way the file reaches the user without the page's help: in the desktop app
 * main writes it to the file chosen in its save dialog; in browser mode this client starts the
 * download once the job is done (also when the export dialog was closed meanwhile).
 */
export interface ExportClient {
  /** 'desktop': main's save dialog comes first; 'browser': a download when the job is done. */
  readonly mode: 'browser' | 'desktop';
  start(request: ExportRequest): Promise<JobAnswer<ExportStart>>;
  /** The desktop app: shows a finished export's file in the file manager; null in browser mode. */
  readonly showInFolder: ((jobId: string) => Promise<JobAnswer<{ shown: boolean }>>) | null;
  /** Bytes made in the page (a chart image): main's save dialog, or a download. */
  saveImage(blob: Blob, fileName: string): Promise<JobAnswer<{ saved: boolean }>>;
}

/** What the browser-mode client needs of the job layer to see its export end. */
export interface JobFollower {
  get(jobId: string): Promise<JobAnswer<JobSnapshot>>;
  subscribe(listener: JobListener): () => void;
}

export function createHttpExportClient(api: HttpApi, jobs: JobFollower): ExportClient {
  return {
    mode: 'browser',
    async start(request) {
      const answer = await api.request<ExportStarted>('POST', 'export/start', request);
      if (!answer.success) return answer;
      const { snapshot, downloadUrl } = answer.data;
      void whenEnded(jobs, snapshot).then((final) => {
        if (final?.state === 'done') startDownload(`${api.base}${downloadUrl}`, request.fileName);
      });
      return { success: true, data: { snapshot } };
    },
    showInFolder: null,
    saveImage(blob, fileName) {
      downloadBlob(blob, fileName);
      return Promise.resolve({ success: true, data: { saved: true } });
    },
  };
}

export function createBridgeExportClient(bridge: ExportsBridge): ExportClient {
  return {
    mode: 'desktop',
    start: (request) => bridge.start(request),
    showInFolder: (jobId) => bridge.showInFolder(jobId),
    async saveImage(blob, fileName) {
      return bridge.saveImage({ fileName, bytes: new Uint8Array(await blob.arrayBuffer()) });
    },
  };
}

/**
 * The job's last snapshot once it ended (pushed, or looked up once: it may have ended before
 * the listener was attached); null when the host no longer knows it.
 */
function whenEnded(jobs: JobFollower, first: JobSnapshot): Promise<JobSnapshot | null> {
  if (first.state !== 'running') return Promise.resolve(first);
  return new Promise((resolve) => {
    const end = (snapshot: JobSnapshot | null) => {
      off();
      resolve(snapshot);
    };
    const off = jobs.subscribe((s) => {
      if (s.jobId === first.jobId && s.state !== 'running') end(s);
    });
    void jobs.get(first.jobId).then((answer) => {
      if (answer.success && answer.data.state !== 'running') end(answer.data);
      else if (!answer.success && answer.code === 'NOT_FOUND') end(null);
    });
  });
}
