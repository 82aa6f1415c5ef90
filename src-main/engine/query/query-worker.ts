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
  type WorkerNotice,
  type WorkerRequest,
  type WorkerResponse,
  type WorkerSetup,
} from './worker-protocol';
import { maybeIndex, wantedIndex } from './index-advisor';
import { runQuery } from './run-query';

const setup = workerData as WorkerSetup;
const db = openDatabase(setup.file, {
  readonly: true,
  integrityCheck: false,
  ...(setup.nativeBinding ? { nativeBinding: setup.nativeBinding } : {}),
  ...(setup.busyTimeoutMs !== undefined ? { busyTimeoutMs: setup.busyTimeoutMs } : {}),
});
const instances = new InstanceStore(db);
let writer: { db: Database.Database; instances: InstanceStore } | undefined;

/**
 * After answering: the index a slow query wants, built here so no other thread waits. True when
 * a build may follow: the worker then says `free` when it is done, and the pool gives it no
 * query before that (a page of the table queued behind a 2 s index build otherwise).
 */
function indexLater(query: WorkerRequest['query'], tookMs: number): boolean {
  const policy = setup.autoIndex;
  // Asked here first, so that a query that already has its index (a warm facet takes about
  // minMs) does not set the worker aside for nothing.
  if (!policy || !wantedIndex(db, instances, query, tookMs, policy)) return false;
  setImmediate(() => {
    try {
      if (!writer) {
        const wdb = openDatabase(setup.file, {
          integrityCheck: false,
          ...(setup.nativeBinding ? { nativeBinding: setup.nativeBinding } : {}),
        });
        writer = { db: wdb, instances: new InstanceStore(wdb) };
      }
      const name = maybeIndex(writer.db, writer.instances, query, tookMs, policy);
      if (name) {
        const note: WorkerNotice = { kind: 'indexed', name, instance: query.from.instance };
        parentPort!.postMessage(note);
      }
    } catch {
      // an index is an optimisation: a busy or read-only file simply stays unindexed
    } finally {
      parentPort!.postMessage({ kind: 'free' } satisfies WorkerNotice);
    }
  });
  return true;
}

parentPort!.on('message', (request: WorkerRequest) => {
  let response: WorkerResponse;
  try {
    const result = runQuery(db, instances, request.query);
    const indexing = indexLater(request.query, result.tookMs ?? 0);
    response = { id: request.id, ok: true, result, ...(indexing ? { indexing } : {}) };
  } catch (err) {
    response = { id: request.id, ok: false, ...describeFailure(err) };
  }
  parentPort!.postMessage(response);
});
