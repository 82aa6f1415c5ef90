import type { EventlensBridge } from '../../src-shared/contract/bridge';
import type { ErrorCode } from '../../src-shared/contract/error-codes';
import type { JobAnswer, JobListener, JobSnapshot } from '../../src-shared/contract/jobs';
import type { EventLogClient } from './event-log-client';
import {
  createBridgeExportClient,
  createHttpExportClient,
  type ExportClient,
} from './export-client';
import {
  createBridgeSourcesClient,
  createHttpSourcesClient,
  type SourcesClient,
  type SourcesFeed,
} from './sources-client';
import {
  createBridgeImportClient,
  createHttpImportClient,
  type ImportClient,
} from './import-client';

/**
 * Imports and exports run as jobs in the host (Electron's main process, or the browser-mode
 * server). This is the renderer's side of the job layer: follow, look up and cancel jobs (the
 * features follow one with `useJob`), and start them (`imports`, `exports`), over either
 * transport; every call answers a JobAnswer.
 */
export interface JobClient {
  get(jobId: string): Promise<JobAnswer<JobSnapshot>>;
  cancel(jobId: string): Promise<JobAnswer<{ cancelled: boolean }>>;
  /** Every snapshot of every job the host pushes; returns the unsubscribe function. */
  subscribe(listener: JobListener): () => void;
  /** Importing files (upload or chosen files, preview, start, the report). */
  readonly imports: ImportClient;
  /** Exporting the result of a query (and chart images). */
  readonly exports: ExportClient;
  /** Live sources: files the host follows into instances as they grow. */
  readonly sources: SourcesClient;
}

/** A listener set the transport feeds (the SSE stream's `job` events, or IPC pushes). */
export class JobFeed {
  private readonly listeners = new Set<JobListener>();
  readonly emit = (snapshot: JobSnapshot): void => {
    for (const l of this.listeners) l(snapshot);
  };
  add(listener: JobListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

export function failed(code: ErrorCode, error: string): JobAnswer<never> {
  return { success: false, code, error };
}

function looksLikeAnswer(v: unknown): v is JobAnswer<unknown> {
  return typeof v === 'object' && v !== null && 'success' in v;
}

/** Browser mode: job-layer routes under /api/ with the launch token. */
export class HttpApi {
  constructor(
    readonly base: string,
    private readonly token: string,
  ) {}

  /** `body`: JSON for objects, sent as is for a Blob (uploads stream from disk, not memory). */
  async request<T>(
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    body?: unknown,
    signal?: AbortSignal,
  ): Promise<JobAnswer<T>> {
    const isBlob = typeof Blob !== 'undefined' && body instanceof Blob;
    let response: Response;
    try {
      response = await fetch(`${this.base}/api/${path}`, {
        method,
        headers: {
          Authorization: `Bearer ${this.token}`,
          ...(body === undefined
            ? {}
            : { 'Content-Type': isBlob ? 'application/octet-stream' : 'application/json' }),
        },
        ...(body === undefined ? {} : { body: isBlob ? body : JSON.stringify(body) }),
        credentials: 'omit',
        cache: 'no-store',
        ...(signal ? { signal } : {}),
      });
    } catch (err) {
      if (signal?.aborted) return failed('CANCELLED', 'cancelled');
      return failed(
        'INTERNAL',
        `cannot reach the Eventlens server (is "eventlens serve" still running?): ${(err as Error).message}`,
      );
    }
    const answer: unknown = await response.json().catch(() => undefined);
    if (looksLikeAnswer(answer)) return answer as JobAnswer<T>;
    return failed('INTERNAL', `the server answered HTTP ${response.status} without an answer`);
  }

  /** Fetches a text resource (a bad-lines report) with the token. */
  async text(path: string): Promise<JobAnswer<string>> {
    try {
      const response = await fetch(`${this.base}/api/${path}`, {
        headers: { Authorization: `Bearer ${this.token}` },
        credentials: 'omit',
        cache: 'no-store',
      });
      if (response.ok) return { success: true, data: await response.text() };
      const answer: unknown = await response.json().catch(() => undefined);
      if (looksLikeAnswer(answer)) return answer as JobAnswer<string>;
      return failed('INTERNAL', `the server answered HTTP ${response.status}`);
    } catch (err) {
      return failed('INTERNAL', `cannot reach the Eventlens server: ${(err as Error).message}`);
    }
  }
}

export function createHttpJobClient(
  client: EventLogClient,
  feed: JobFeed,
  api: HttpApi,
  sourcesFeed: SourcesFeed,
): JobClient {
  // Snapshots pushed while the stream was down are lost: when it is back, every job the server
  // knows is looked up once and passed on as if pushed (a dialog waiting for an end sees it).
  let wasLive = client.connectionState() === 'live';
  client.onConnectionState((state) => {
    if (state !== 'live') return;
    if (wasLive) void resync();
    wasLive = true;
  });
  const resync = async () => {
    const answer = await api.request<{ jobs: JobSnapshot[] }>('GET', 'jobs');
    if (answer.success) for (const snapshot of answer.data.jobs) feed.emit(snapshot);
  };
  const follow = {
    get: (jobId: string) => api.request<JobSnapshot>('GET', `jobs/${encodeURIComponent(jobId)}`),
    subscribe(listener: JobListener) {
      const off = feed.add(listener);
      // Job snapshots ride the change stream: keep it open while anyone follows jobs.
      const keepOpen = client.subscribe(() => {});
      return () => {
        off();
        keepOpen();
      };
    },
  };
  return {
    ...follow,
    cancel: (jobId) => api.request<{ cancelled: boolean }>('POST', 'jobs/cancel', { jobId }),
    imports: createHttpImportClient(api),
    exports: createHttpExportClient(api, follow),
    sources: createHttpSourcesClient(client, sourcesFeed, api),
  };
}

export function createBridgeJobClient(
  bridge: Pick<EventlensBridge, 'jobs' | 'imports' | 'exports' | 'onJob' | 'sources' | 'onSources'>,
): JobClient {
  return {
    get: (jobId) => bridge.jobs.get(jobId),
    cancel: (jobId) => bridge.jobs.cancel(jobId),
    subscribe: (listener) => bridge.onJob(listener),
    imports: createBridgeImportClient(bridge.imports),
    exports: createBridgeExportClient(bridge.exports),
    sources: createBridgeSourcesClient(bridge.sources, (listener) => bridge.onSources(listener)),
  };
}
