import { workerData } from 'node:worker_threads';
import { workerPort } from '../worker-port';
import { serveFollow } from './follow-loop';
import type { FollowWorkerData } from './follow-worker-protocol';

/**
 * The follow worker's entry point, built as out/main/follow-worker.js (a `main` build input).
 * The host's SourcesService starts one for all its live sources.
 */
serveFollow(workerData as FollowWorkerData, workerPort('follow-worker', 'SourcesService'));
