/**
 * The query worker thread (built as out/main/query-worker.js): one read-only connection to the
 * database, the same pragmas and SQL functions as the engine's, running one query at a time.
 */
import type Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../db/connection';
import { InstanceStore } from '../instances';
import { catchUpTextIndex } from '../search/text-catch-up';
import { textIndexedUpto } from '../search/text-index';
import { eventTable } from '../db/event-table';
import {
  describeFailure,
  type IndexRequest,
  type TextIndexRequest,
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

/** A writable connection of this worker's own, for index builds. */
function writable(): { db: Database.Database; instances: InstanceStore } {
  if (!writer) {
    const { db: wdb } = openDatabase(setup.file, {
      integrityCheck: false,
      ...(setup.nativeBinding ? { nativeBinding: setup.nativeBinding } : {}),
    });
    writer = { db: wdb, instances: new InstanceStore(wdb) };
  }
  return writer;
}

/**
 * Whether the instance's text index is behind its events (read on the read connection) and
 * this database can be written to catch it up.
 */
function textBehind(instance: string): boolean {
  if (setup.readOnly) return false;
  const row = instances.find(instance);
  const upto = row ? textIndexedUpto(db, row.ino) : null;
  if (!row || upto === null) return false;
  const last = db.prepare(`SELECT coalesce(max(pos), 0) FROM ${eventTable(row.ino)}`).pluck();
  return (last.get() as number) > upto;
}

/** Takes the text index of an instance a step further, on the writable connection. */
function catchUpText(request: TextIndexRequest): void {
  try {
    const w = writable();
    const row = w.instances.find(request.instance);
    if (!row) return;
    const r = catchUpTextIndex(w.db, row.ino, { maxEvents: request.maxEvents });
    const note: WorkerNotice = { kind: 'textIndexed', instance: request.instance, ...r };
    parentPort!.postMessage(note);
  } catch {
    // busy or read-only: the next quiet moment tries again
  } finally {
    parentPort!.postMessage({ kind: 'free' } satisfies WorkerNotice);
  }
}

/** Builds the index a slow query wanted, on a writable connection of this worker's own. */
function buildIndex(request: IndexRequest): void {
  const policy = setup.autoIndex;
  try {
    if (!policy) return;
    const w = writable();
    const name = maybeIndex(w.db, w.instances, request.query, request.tookMs, policy);
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

// Loaded and connected: the pool stops answering first pages on its own thread (startPages).
parentPort!.postMessage({ kind: 'ready' } satisfies WorkerNotice);

parentPort!.on('message', (request: WorkerRequest | IndexRequest | TextIndexRequest) => {
  if ('kind' in request)
    return request.kind === 'text' ? catchUpText(request) : buildIndex(request);
  let response: WorkerResponse;
  try {
    const result = runQuery(db, instances, request.query);
    const wanted = wantsIndex(request.query, result.tookMs ?? 0);
    const behind = textBehind(request.query.from.instance);
    response = {
      id: request.id,
      ok: true,
      result,
      ...(wanted ? { wantsIndex: true } : {}),
      ...(behind ? { textBehind: true } : {}),
    };
  } catch (err) {
    response = { id: request.id, ok: false, ...describeFailure(err) };
  }
  parentPort!.postMessage(response);
});
