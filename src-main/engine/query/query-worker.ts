/**
 * The query worker thread (built as out/main/query-worker.js): one read-only connection to the
 * database, the same pragmas and SQL functions as the engine's, running one query at a time.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../db/connection';
import { InstanceStore } from '../instances';
import { describeFailure, type WorkerRequest, type WorkerResponse, type WorkerSetup } from './worker-protocol';
import { runQuery } from './run-query';

const setup = workerData as WorkerSetup;
const db = openDatabase(setup.file, {
  readonly: true,
  integrityCheck: false,
  ...(setup.nativeBinding ? { nativeBinding: setup.nativeBinding } : {}),
  ...(setup.busyTimeoutMs !== undefined ? { busyTimeoutMs: setup.busyTimeoutMs } : {}),
});
const instances = new InstanceStore(db);

parentPort!.on('message', (request: WorkerRequest) => {
  let response: WorkerResponse;
  try {
    response = { id: request.id, ok: true, result: runQuery(db, instances, request.query) };
  } catch (err) {
    response = { id: request.id, ok: false, ...describeFailure(err) };
  }
  parentPort!.postMessage(response);
});
