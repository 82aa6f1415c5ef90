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
 * Starts an I/O worker before its job is known: it loads its code (0.2-0.5 s on a busy
 * machine) and waits for the job runIoJob gives it. Unreferenced: while it waits, it does not
 * keep the process alive.
 */
export function startIoWorker(workerFile: string | URL): Worker {
  const worker = new Worker(workerFile);
  worker.unref();
  return worker;
}

/**
 * Runs an import, preview or export on a worker thread, off the caller's event loop.
 * `workerFile` is the built io-worker entry (out/main/io-worker.js next to the host's own
 * bundle); the host knows where it is, the engine does not. Or a worker started before
 * (startIoWorker) and still waiting for its job.
 */
export function runIoJob<K extends IoJob['kind']>(
  workerFile: string | URL | Worker,
  job: IoJob & { kind: K },
  handlers: IoJobHandlers<K> = {},
): Promise<IoResults[K]> {
  return new Promise((resolve, reject) => {
    let worker: Worker;
    if (workerFile instanceof Worker) {
      worker = workerFile;
      worker.ref(); // a running job keeps the process alive, as a worker started for it does
      worker.postMessage({ type: 'job', job } satisfies HostMessage);
    } else worker = new Worker(workerFile, { workerData: job });
    /** How the job ended (its answer, or why not); the promise settles once the thread is gone. */
    let outcome: (() => void) | undefined;
    const cancel = () => worker.postMessage({ type: 'cancel' } satisfies HostMessage);
    const { signal } = handlers;
    if (signal?.aborted) cancel();
    signal?.addEventListener('abort', cancel, { once: true });
    const end = (fn: () => void) => {
      if (outcome) return;
      outcome = fn;
      signal?.removeEventListener('abort', cancel);
      // The worker closed its connection before it answered; nothing of it is needed any more.
      void worker.terminate();
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
          end(() => resolve(message.result as IoResults[K]));
          break;
        case 'error':
          end(() => reject(new IoJobError(message.name, message.message)));
          break;
      }
    });
    worker.on('error', (err) => end(() => reject(err)));
    // Settled only here: when a job's promise settles, its thread (and connection) is gone.
    worker.on('exit', (code) => {
      end(() => reject(new Error(`the I/O worker stopped (exit code ${code}) before it answered`)));
      outcome?.();
    });
  });
}
