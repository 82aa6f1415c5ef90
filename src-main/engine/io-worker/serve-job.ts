import type { MessagePort } from 'node:worker_threads';
import { Engine } from '../engine';
import { runImport, type CommitInfo } from '../import/run-import';
import { runOpenedImport } from '../open/run-opened-import';
import type { ImportProgress } from '../../../src-shared/contract/import-spec';
import type { HostMessage, IoJob, WorkerMessage } from './protocol';

/**
 * Runs one job inside a worker thread, talking to the host over `port`. `parser`: the built
 * import parser thread (run-import.ts), when there is one.
 */
export async function serveJob(
  job: IoJob,
  port: MessagePort,
  options: { parser?: { file: string } | undefined } = {},
): Promise<void> {
  const controller = new AbortController();
  port.on('message', (message: HostMessage) => {
    if (message.type === 'cancel') controller.abort();
  });
  const post = (message: WorkerMessage) => port.postMessage(message);
  const onProgress = (progress: WorkerMessage & { type: 'progress' }) => post(progress);
  try {
    let result: (WorkerMessage & { type: 'done' })['result'];
    // The preview's and the export's code (with csv-stringify and hyparquet-writer) is loaded
    // by the jobs that need it: an import's thread, which the first rows of an opened file wait
    // for, starts without it.
    if (job.kind === 'preview') {
      const { previewImport } = await import('../import/preview');
      result = await previewImport(job.spec, job.files, job.n);
    } else {
      const engine = Engine.open(job.db, job.dbOptions);
      try {
        if (job.kind === 'export') {
          const { runExport } = await import('../export/run-export');
          result = await runExport(engine, job.spec, {
            signal: controller.signal,
            onProgress: (progress) => onProgress({ type: 'progress', progress }),
          });
        } else {
          const importOptions = {
            signal: controller.signal,
            onProgress: (progress: ImportProgress) => onProgress({ type: 'progress', progress }),
            onCommit: (commit: CommitInfo) => post({ type: 'commit', commit }),
            ...(options.parser ? { parser: options.parser } : {}),
          };
          result = job.open
            ? await runOpenedImport(engine, job.spec, job.files[0]!, job.open, importOptions)
            : await runImport(engine, job.spec, job.files, importOptions);
        }
      } finally {
        engine.close();
      }
    }
    post({ type: 'done', result });
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    post({ type: 'error', name: e.name, message: e.message });
  } finally {
    port.close();
  }
}
