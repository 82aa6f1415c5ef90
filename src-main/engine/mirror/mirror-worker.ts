/**
 * The mirror's worker thread (built as out/main/mirror-worker.js): the one thread of the
 * process that opens the mirror's DuckDB file (two DuckDB instances on one file in one
 * process would corrupt it; DuckDB's own lock only keeps other processes out). It catches up
 * off the host's serving thread and answers the queries the host routes to it, with its own
 * read-only connection to the SQLite log.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../db/connection';
import { describeFailure } from '../query/worker-protocol';
import { MirrorKeeper } from './mirror-keeper';
import type { MirrorReply, MirrorRequest, MirrorWorkerSetup } from './mirror-protocol';

const setup = workerData as MirrorWorkerSetup;
const port = parentPort!;
const post = (message: MirrorReply) => port.postMessage(message);

const db = openDatabase(setup.dbFile, {
  readonly: true,
  integrityCheck: false,
  ...(setup.nativeBinding ? { nativeBinding: setup.nativeBinding } : {}),
});
const keeper = new MirrorKeeper({
  db,
  mirrorFile: setup.mirrorFile,
  ...(setup.config ? { config: setup.config } : {}),
  retryMs: setup.retryMs ?? 30_000,
  onStatus: (status) => post({ kind: 'status', status }),
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
        post({ kind: 'closed' });
        port.close();
      });
      return;
  }
});
