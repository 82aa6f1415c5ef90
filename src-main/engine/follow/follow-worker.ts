import { parentPort, workerData } from 'node:worker_threads';
import { serveFollow } from './follow-loop';
import type { FollowWorkerData } from './follow-worker-protocol';

/**
 * The follow worker's entry point, built as out/main/follow-worker.js (a `main` build input).
 * The host's SourcesService starts one for all its live sources.
 */
if (!parentPort) throw new Error('follow-worker: run me as a worker thread (see SourcesService)');
serveFollow(workerData as FollowWorkerData, parentPort);
