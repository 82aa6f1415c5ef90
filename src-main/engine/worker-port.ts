import { parentPort, type MessagePort } from 'node:worker_threads';

/**
 * A worker entry file's port to the thread that started it. Such a file does its work at import
 * time, so loaded on the main thread (by mistake, or by a bundler's entry list) it must stop
 * before it does: the error names the worker and what starts it.
 */
export function workerPort(worker: string, startedBy: string): MessagePort {
  if (!parentPort) throw new Error(`${worker}: run me as a worker thread (see ${startedBy})`);
  return parentPort;
}
