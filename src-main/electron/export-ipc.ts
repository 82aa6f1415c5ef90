import fs from 'node:fs';
import path from 'node:path';
import { chartImageSchema, exportRequestSchema } from '../../src-shared/contract/export-jobs';
import type { ExportFormat } from '../../src-shared/contract/export-spec';
import { jobFailure } from '../../src-shared/contract/jobs';
import { startAnswer } from '../jobs/job-answers';
import type { JobHost } from '../jobs/job-host';
import type { Dialogs, SaveFileOptions } from './dialogs';
import { jobCall, type IpcTable } from './ipc-table';
import { jobIdArg } from './job-ipc';

const filters: Record<ExportFormat, SaveFileOptions['filters']> = {
  csv: [{ name: 'CSV', extensions: ['csv'] }],
  json: [{ name: 'JSON', extensions: ['json'] }],
  ndjson: [{ name: 'NDJSON', extensions: ['ndjson', 'jsonl'] }],
  parquet: [{ name: 'Parquet', extensions: ['parquet'] }],
};

/**
 * `window.eventlens.exports`, the desktop app's export: main shows the save dialog (the page
 * never names a path), then the shared JobHost writes the whole result straight to the chosen
 * file on an I/O worker (it appears only when complete; a cancelled job leaves nothing); the job
 * layer pushes its snapshots and cancels it. Chart images go through the same dialog.
 */
export function exportCalls(host: JobHost, dialogs: Dialogs): IpcTable['exports'] {
  /** The files of the exports started here, by job. */
  const files = new Map<string, string>();
  return {
    start: jobCall({ schema: exportRequestSchema }, async (caller, request) => {
      const out = await dialogs.saveFile(caller, {
        title: 'Export',
        fileName: request.fileName,
        filters: filters[request.format],
      });
      if (!out) return { success: true, data: { dismissed: true } };
      const snapshot = host.startExport(
        {
          query: request.query,
          format: request.format,
          out,
          ...(request.columns ? { columns: request.columns } : {}),
          ...(request.protectFormulas === false ? { protectFormulas: false } : {}),
        },
        `Export ${path.basename(out)}`,
      );
      files.set(snapshot.jobId, out);
      // Refused before a row was written (unknown instance, bad columns): nothing is left.
      const first = startAnswer(await host.whenUnderWay(snapshot.jobId));
      if (!first.success) files.delete(snapshot.jobId);
      return first.success ? { success: true, data: { snapshot: first.data } } : first;
    }),
    showInFolder: jobCall(jobIdArg, (_caller, jobId) => {
      const file = files.get(jobId);
      // Only files this app wrote, and only once they are complete.
      if (!file || host.get(jobId)?.state !== 'done') {
        return jobFailure('NOT_FOUND', `jobId: no finished export ${jobId}`);
      }
      dialogs.showInFolder(file);
      return { success: true, data: { shown: true } };
    }),
    saveImage: jobCall({ schema: chartImageSchema }, async (caller, { fileName, bytes }) => {
      const svg = /\.svg$/iu.test(fileName);
      const target = await dialogs.saveFile(caller, {
        title: 'Save the chart',
        fileName,
        filters: [
          svg ? { name: 'SVG', extensions: ['svg'] } : { name: 'PNG', extensions: ['png'] },
        ],
      });
      if (!target) return { success: true, data: { saved: false } };
      // Beside the target, then renamed: never a half-written image under the chosen name.
      const temp = `${target}.${process.pid}.partial`;
      try {
        await fs.promises.writeFile(temp, bytes);
        await fs.promises.rename(temp, target);
      } catch (err) {
        await fs.promises.rm(temp, { force: true });
        return jobFailure('STORAGE_ERROR', `${target}: ${(err as Error).message}`);
      }
      return { success: true, data: { saved: true } };
    }),
  };
}
