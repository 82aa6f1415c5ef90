import {
  exportRoutes,
  type ExportJobSnapshot,
  type ExportRequest,
} from '../../../src-shared/contract/export-jobs';
import { takeLaunchToken } from '../../client/launch-token';
import { exportBridge } from './export-bridge';

export type StartAnswer =
  | { kind: 'started'; snapshot: ExportJobSnapshot }
  /** The desktop app's save dialog was closed without a file: nothing happens. */
  | { kind: 'dismissed' }
  | { kind: 'refused'; error: string };

/**
 * How the export dialog starts, follows and ends a job, over either transport. Browser mode
 * asks the server (export-routes.ts) and offers the finished file as a download; the desktop
 * app goes through the preload's `eventlensExport`, whose save dialog picks the file.
 */
export interface ExportJobClient {
  readonly mode: 'browser' | 'desktop';
  start(request: ExportRequest): Promise<StartAnswer>;
  cancel(jobId: string): Promise<void>;
  /** Calls `onSnapshot` with each new snapshot until the job ends; returns the stop function. */
  watch(jobId: string, onSnapshot: (s: ExportJobSnapshot) => void): () => void;
  /** Browser mode: starts the download of a finished job's file. */
  deliver(snapshot: ExportJobSnapshot): void;
  showInFolder?(jobId: string): Promise<void>;
}

export function exportJobClient(): ExportJobClient {
  const bridge = exportBridge();
  if (bridge) {
    return {
      mode: 'desktop',
      async start(request) {
        const answer = await bridge.start(request);
        if (!answer.ok) return { kind: 'refused', error: answer.error };
        return 'dismissed' in answer
          ? { kind: 'dismissed' }
          : { kind: 'started', snapshot: answer.snapshot };
      },
      cancel: (jobId) => bridge.cancel(jobId),
      watch(jobId, onSnapshot) {
        const stop = bridge.onJob((s) => s.jobId === jobId && onSnapshot(s));
        // A snapshot pushed before the listener was attached is not lost: ask once.
        void bridge.get(jobId).then((s) => s && onSnapshot(s));
        return stop;
      },
      deliver: () => undefined,
      showInFolder: (jobId) => bridge.showInFolder(jobId),
    };
  }
  return httpExportClient(takeLaunchToken() ?? '');
}

async function readError(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { error?: unknown };
    if (typeof body.error === 'string') return body.error;
  } catch {
    // not JSON: the status says enough
  }
  return `the server answered HTTP ${response.status}`;
}

/**
 * Browser mode. Progress is polled (5 times a second) rather than pushed: a job's snapshot is
 * small, and the change-event stream stays the app's, untouched. The shared job layer pushes
 * snapshots on the stream; this client moves to it when that lands.
 */
export function httpExportClient(token: string, base = ''): ExportJobClient {
  const headers = { Authorization: `Bearer ${token}` };
  return {
    mode: 'browser',
    async start(request) {
      let response: Response;
      try {
        response = await fetch(`${base}${exportRoutes.start}`, {
          method: 'POST',
          headers: { ...headers, 'Content-Type': 'application/json' },
          body: JSON.stringify(request),
          credentials: 'omit',
          cache: 'no-store',
        });
      } catch (err) {
        return { kind: 'refused', error: `cannot reach the server: ${(err as Error).message}` };
      }
      if (!response.ok) return { kind: 'refused', error: await readError(response) };
      return { kind: 'started', snapshot: (await response.json()) as ExportJobSnapshot };
    },
    async cancel(jobId) {
      await fetch(`${base}${exportRoutes.job(jobId)}/cancel`, {
        method: 'POST',
        headers,
        credentials: 'omit',
      });
    },
    watch(jobId, onSnapshot) {
      let stopped = false;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const poll = async () => {
        try {
          const response = await fetch(`${base}${exportRoutes.job(jobId)}`, {
            headers,
            credentials: 'omit',
            cache: 'no-store',
          });
          if (stopped) return;
          if (!response.ok) {
            onSnapshot({
              jobId,
              kind: 'export',
              state: 'failed',
              progress: null,
              result: null,
              error: await readError(response),
            });
            return;
          }
          const snapshot = (await response.json()) as ExportJobSnapshot;
          if (stopped) return;
          onSnapshot(snapshot);
          if (snapshot.state !== 'running') return;
        } catch {
          // The server is briefly unreachable: keep asking.
        }
        if (!stopped) timer = setTimeout(() => void poll(), 200);
      };
      void poll();
      return () => {
        stopped = true;
        clearTimeout(timer);
      };
    },
    deliver(snapshot) {
      if (!snapshot.downloadUrl || !snapshot.result) return;
      const a = document.createElement('a');
      a.href = `${base}${snapshot.downloadUrl}`;
      a.download = snapshot.result.fileName;
      document.body.append(a);
      a.click();
      a.remove();
    },
  };
}
