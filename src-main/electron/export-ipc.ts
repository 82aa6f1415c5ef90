import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  shell,
  type IpcMainInvokeEvent,
  type SaveDialogOptions,
} from 'electron';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { exportChannels, type ExportBridge } from '../../src-shared/contract/export-bridge';
import { exportFileNameSchema, exportRequestSchema } from '../../src-shared/contract/export-jobs';
import type { ExportFormat } from '../../src-shared/contract/export-spec';
import { describeIssues } from '../../src-shared/contract/issues';
import type { JobHost } from '../jobs/job-host';
import { senderRefusal } from './ipc-router';

const filters: Record<ExportFormat, SaveDialogOptions['filters']> = {
  csv: [{ name: 'CSV', extensions: ['csv'] }],
  json: [{ name: 'JSON', extensions: ['json'] }],
  ndjson: [{ name: 'NDJSON', extensions: ['ndjson', 'jsonl'] }],
  parquet: [{ name: 'Parquet', extensions: ['parquet'] }],
};

/** A chart image from the page: a file name and at most 64 MB of PNG or SVG bytes. */
const imageSchema = z.strictObject({
  fileName: exportFileNameSchema.refine((n) => /\.(png|svg)$/iu.test(n), {
    message: 'a .png or .svg file name',
  }),
  bytes: z.instanceof(Uint8Array).refine((b) => b.byteLength <= 64 * 1024 * 1024, {
    message: 'at most 64 MB',
  }),
});

const jobIdSchema = z.uuid();

type Answer<K extends keyof ExportBridge> = Awaited<ReturnType<ExportBridge[K]>>;

/**
 * The desktop app's export: main shows the save dialog (the page never names a path), then
 * the shared JobHost writes the whole result straight to the chosen file on an I/O worker (it
 * appears only when complete); the job layer pushes its snapshots and cancels it. Chart images go through
 * the same dialog. Every call is checked like the operations (sender) and validated with zod.
 */
export function registerExportIpc(options: {
  jobs: JobHost;
  appOrigin: string;
  isOurWindow: (webContentsId: number) => boolean;
}): { close(): void } {
  const host = options.jobs;
  /** The files of the exports this window layer started, by job. */
  const files = new Map<string, string>();

  const refusal = (event: IpcMainInvokeEvent): string | null => {
    const frame = event.senderFrame;
    return senderRefusal(
      {
        frameUrl: frame?.url,
        isMainFrame: frame !== null && frame.parent === null,
        isOurWindow: options.isOurWindow(event.sender.id),
      },
      options.appOrigin,
    );
  };
  const windowOf = (event: IpcMainInvokeEvent) => BrowserWindow.fromWebContents(event.sender);
  const saveDialog = async (event: IpcMainInvokeEvent, dialogOptions: SaveDialogOptions) => {
    const win = windowOf(event);
    return win ? dialog.showSaveDialog(win, dialogOptions) : dialog.showSaveDialog(dialogOptions);
  };

  ipcMain.handle(exportChannels.start, async (event, raw: unknown): Promise<Answer<'start'>> => {
    const refused = refusal(event);
    if (refused) return { ok: false, error: `IPC refused: ${refused}` };
    const parsed = exportRequestSchema.safeParse(raw);
    if (!parsed.success) return { ok: false, error: describeIssues(parsed.error.issues) };
    const request = parsed.data;
    const chosen = await saveDialog(event, {
      title: 'Export',
      defaultPath: path.join(app.getPath('downloads'), request.fileName),
      filters: filters[request.format],
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    });
    if (chosen.canceled || !chosen.filePath) return { ok: true, dismissed: true };
    const out = chosen.filePath;
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
    return { ok: true, snapshot };
  });

  ipcMain.handle(exportChannels.showInFolder, (event, jobId: unknown) => {
    if (refusal(event) || !jobIdSchema.safeParse(jobId).success) return;
    const file = files.get(jobId as string);
    // Only files this app wrote, and only once they are complete.
    if (file && host.get(jobId as string)?.state === 'done') shell.showItemInFolder(file);
  });

  ipcMain.handle(
    exportChannels.saveImage,
    async (event, raw: unknown): Promise<Answer<'saveImage'>> => {
      const refused = refusal(event);
      if (refused) return { ok: false, error: `IPC refused: ${refused}` };
      const parsed = imageSchema.safeParse(raw);
      if (!parsed.success) return { ok: false, error: describeIssues(parsed.error.issues) };
      const { fileName, bytes } = parsed.data;
      const svg = /\.svg$/iu.test(fileName);
      const chosen = await saveDialog(event, {
        title: 'Save the chart',
        defaultPath: path.join(app.getPath('downloads'), fileName),
        filters: [
          svg ? { name: 'SVG', extensions: ['svg'] } : { name: 'PNG', extensions: ['png'] },
        ],
        properties: ['createDirectory', 'showOverwriteConfirmation'],
      });
      if (chosen.canceled || !chosen.filePath) return { ok: true, saved: false };
      // Beside the target, then renamed: never a half-written image under the chosen name.
      const temp = `${chosen.filePath}.${process.pid}.partial`;
      try {
        await fs.promises.writeFile(temp, bytes);
        await fs.promises.rename(temp, chosen.filePath);
      } catch (err) {
        await fs.promises.rm(temp, { force: true });
        return { ok: false, error: `${chosen.filePath}: ${(err as Error).message}` };
      }
      return { ok: true, saved: true };
    },
  );

  return {
    // The job host (closed by main) cancels running exports; their partial files go with them.
    close() {
      for (const channel of Object.values(exportChannels)) ipcMain.removeHandler(channel);
    },
  };
}
