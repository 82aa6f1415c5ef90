import { Worker } from 'node:worker_threads';
import type { CommitInfo } from '../import/run-import';
import type { HostMessage, IoJob, IoProgress, IoResults, WorkerMessage } from './protocol';

/** A job that failed in the worker; `name` is the error's class there (ImportSpecError, ...). */
export class IoJobError extends Error {
  constructor(
    readonly errorName: string,
    message: string,
  ) {
    super(message);
    this.name = 'IoJobError';
  }
}

export interface IoJobHandlers<K extends IoJob['kind']> {
  onProgress?: (progress: IoProgress[K]) => void;
  /** Import batches as they commit: the host turns them into change events for its windows. */
  onCommit?: (commit: CommitInfo) => void;
  /** Cancels: the worker stops before its next batch or page and answers with its report. */
  signal?: AbortSignal;
}

/**
 * Runs an import, preview or export on a worker thread, off the caller's event loop.
 * `workerFile` is the built io-worker entry (out/main/io-worker.js next to the host's own
 * bundle); the host knows where it is, the engine does not.
 */
export function runIoJob<K extends IoJob['kind']>(
  workerFile: string | URL,
  job: IoJob & { kind: K },
  handlers: IoJobHandlers<K> = {},
): Promise<IoResults[K]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerFile, { workerData: job });
    let settled = false;
    const cancel = () => worker.postMessage({ type: 'cancel' } satisfies HostMessage);
    const { signal } = handlers;
    if (signal?.aborted) cancel();
    signal?.addEventListener('abort', cancel, { once: true });
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', cancel);
      fn();
    };
    worker.on('message', (message: WorkerMessage) => {
      switch (message.type) {
        case 'progress':
          handlers.onProgress?.(message.progress as IoProgress[K]);
          break;
        case 'commit':
          handlers.onCommit?.(message.commit);
          break;
        case 'done':
          finish(() => resolve(message.result as IoResults[K]));
          break;
        case 'error':
          finish(() => reject(new IoJobError(message.name, message.message)));
          break;
      }
    });
    worker.on('error', (err) => finish(() => reject(err)));
    worker.on('exit', (code) =>
      finish(() =>
        reject(new Error(`the I/O worker stopped (exit code ${code}) before it answered`)),
      ),
    );
  });
}
