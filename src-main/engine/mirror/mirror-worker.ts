/**
 * The mirror's worker thread (built as out/main/mirror-worker.js): the one thread of the
 * process that opens the mirror's DuckDB file (two DuckDB instances on one file in one
 * process would corrupt it; DuckDB's own lock only keeps other processes out). It catches up
 * off the host's serving thread and answers the queries the host routes to it, with its own
 * read-only connection to the SQLite log.
 */
import type Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import type { MirrorStatus } from '../../../src-shared/contract/mirror-status';
import { openDatabase } from '../db/connection';
import { InstanceStore } from '../instances';
import { dropQueryIndexes, indexCount } from '../query/hot-paths';
import { describeFailure } from '../query/worker-protocol';
import { mirrorConfig } from './mirror-config';
import { MirrorKeeper } from './mirror-keeper';
import type { MirrorReply, MirrorRequest, MirrorWorkerSetup } from './mirror-protocol';
import { readerScriptIn } from './slice-source';
import { lowerThreadPriority } from './thread-priority';

const setup = workerData as MirrorWorkerSetup;
const port = parentPort!;
// Before DuckDB starts its threads and the reader is started: they inherit it.
lowerThreadPriority(mirrorConfig(setup.config).nice);
const post = (message: MirrorReply) => port.postMessage(message);

const { db } = openDatabase(setup.dbFile, {
  readonly: true,
  integrityCheck: false,
  ...(setup.nativeBinding ? { nativeBinding: setup.nativeBinding } : {}),
});
const instances = new InstanceStore(db);
const retired = new Set<string>();
let writer: Database.Database | undefined;

/**
 * Drops the on-demand indexes of instances the mirror has caught up with, once each, on a
 * writable connection of this thread's own (a big index takes seconds to free: never on the
 * thread that serves the windows). Busy or failed: they stay until the next start.
 */
function retireIndexes(status: MirrorStatus): void {
  if (!setup.retireIndexes || status.state !== 'ready') return;
  for (const i of status.instances) {
    if (retired.has(i.instanceId) || i.mirrored < i.events) continue;
    retired.add(i.instanceId);
    try {
      const row = instances.find(i.instanceId);
      if (!row || indexCount(db, row.ino) === 0) continue;
      writer ??= openDatabase(setup.dbFile, {
        integrityCheck: false,
        busyTimeoutMs: 1_000,
        ...(setup.nativeBinding ? { nativeBinding: setup.nativeBinding } : {}),
      }).db;
      // A file this process may not write (it opened read-only) keeps its indexes.
      if (writer.readonly) return;
      dropQueryIndexes(writer, row.ino);
    } catch {
      // an optimisation: the indexes stay, the queries the mirror answers do not use them
    }
  }
}

const readerScript = readerScriptIn(import.meta.dirname);
const keeper = new MirrorKeeper({
  db,
  mirrorFile: setup.mirrorFile,
  ...(setup.config ? { config: setup.config } : {}),
  retryMs: setup.retryMs ?? 30_000,
  // Built beside this file (out/main/mirror-reader.js): builds read on it.
  ...(readerScript ? { readerScript } : {}),
  ...(setup.nativeBinding ? { nativeBinding: setup.nativeBinding } : {}),
  onStatus: (status) => {
    post({ kind: 'status', status });
    retireIndexes(status);
  },
});
void keeper.start();

port.on('message', (request: MirrorRequest) => {
  switch (request.kind) {
    case 'changed':
      keeper.changed();
      return;
    case 'hold':
      keeper.hold(request.on);
      return;
    case 'cancel':
      keeper.cancel(request.requestId);
      return;
    case 'query':
      keeper.query(request.query, request.requestId).then(
        (result) => post({ kind: 'answer', id: request.id, ok: true, result }),
        (err: unknown) =>
          post({ kind: 'answer', id: request.id, ok: false, ...describeFailure(err) }),
      );
      return;
    case 'close':
      // Everything DuckDB was doing has ended when close resolves: the thread may then end
      // (ending it with native work in flight would abort the process).
      void keeper.close().finally(() => {
        db.close();
        writer?.close();
        post({ kind: 'closed' });
        port.close();
      });
      return;
  }
});
