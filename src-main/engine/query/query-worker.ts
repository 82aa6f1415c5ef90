/**
 * The query worker thread (built as out/main/query-worker.js): one read-only connection to the
 * database, the same pragmas and SQL functions as the engine's, running one query at a time.
 */
import type Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../db/connection';
import { InstanceStore } from '../instances';
import {
  describeFailure,
  type IndexRequest,
  type WorkerNotice,
  type WorkerRequest,
  type WorkerResponse,
  type WorkerSetup,
} from './worker-protocol';
import { maybeIndex, wantedIndex } from './index-advisor';
import { runQuery } from './run-query';

const setup = workerData as WorkerSetup;
const { db } = openDatabase(setup.file, {
  readonly: true,
  integrityCheck: false,
  ...(setup.nativeBinding ? { nativeBinding: setup.nativeBinding } : {}),
  ...(setup.busyTimeoutMs !== undefined ? { busyTimeoutMs: setup.busyTimeoutMs } : {}),
});
const instances = new InstanceStore(db);
let writer: { db: Database.Database; instances: InstanceStore } | undefined;

/** Whether the index a slow query wants is still missing (asked on the read connection). */
function wantsIndex(query: WorkerRequest['query'], tookMs: number): boolean {
  const policy = setup.autoIndex;
  return !!policy && wantedIndex(db, instances, query, tookMs, policy) !== null;
}

/** Builds the index a slow query wanted, on a writable connection of this worker's own. */
function buildIndex(request: IndexRequest): void {
  const policy = setup.autoIndex;
  try {
    if (!policy) return;
    if (!writer) {
      const { db: wdb } = openDatabase(setup.file, {
        integrityCheck: false,
        ...(setup.nativeBinding ? { nativeBinding: setup.nativeBinding } : {}),
      });
      writer = { db: wdb, instances: new InstanceStore(wdb) };
    }
    const name = maybeIndex(writer.db, writer.instances, request.query, request.tookMs, policy);
    if (name) {
      const note: WorkerNotice = { kind: 'indexed', name, instance: request.query.from.instance };
      parentPort!.postMessage(note);
    }
  } catch {
    // an index is an optimisation: a busy or read-only file simply stays unindexed
  } finally {
    parentPort!.postMessage({ kind: 'free' } satisfies WorkerNotice);
  }
}

parentPort!.on('message', (request: WorkerRequest | IndexRequest) => {
  if ('kind' in request) return buildIndex(request);
  let response: WorkerResponse;
  try {
    const result = runQuery(db, instances, request.query);
    const wanted = wantsIndex(request.query, result.tookMs ?? 0);
    response = { id: request.id, ok: true, result, ...(wanted ? { wantsIndex: true } : {}) };
  } catch (err) {
    response = { id: request.id, ok: false, ...describeFailure(err) };
  }
  parentPort!.postMessage(response);
});
