import { parentPort, workerData } from 'node:worker_threads';
import { parserIn } from '../import/parse-on-thread';
import type { IoJob } from './protocol';
import { serveJob } from './serve-job';

/**
 * The I/O worker's entry point, built as out/main/io-worker.js (a `main` build input). Hosts
 * start it with runIoJob(path-to-that-file, job); the engine never assumes where it is.
 */
if (!parentPort) throw new Error('io-worker: run me as a worker thread (see runIoJob)');
// The import's parser thread is built beside this file (out/main/import-parser.js).
void serveJob(workerData as IoJob, parentPort, { parser: parserIn(import.meta.dirname) });
