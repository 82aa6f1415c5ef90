import { workerData } from 'node:worker_threads';
import { workerPort } from '../worker-port';
import { parserIn } from '../import/parse-on-thread';
import type { HostMessage, IoJob } from './protocol';
import { serveJob } from './serve-job';

/**
 * The I/O worker's entry point, built as out/main/io-worker.js (a `main` build input). Hosts
 * start it with runIoJob(path-to-that-file, job); the engine never assumes where it is.
 */
const port = workerPort('io-worker', 'runIoJob');
// The import's parser thread is built beside this file (out/main/import-parser.js).
const options = { parser: parserIn(import.meta.dirname) };
const job = workerData as IoJob | undefined;
if (job) void serveJob(job, port, options);
else {
  // Started ahead of its job (startIoWorker): the job is the first message.
  port.once('message', (m: HostMessage) => {
    if (m.type === 'job') void serveJob(m.job, port, options);
  });
}
