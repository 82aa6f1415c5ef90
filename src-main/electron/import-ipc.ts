import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ImportPreview } from '../../src-shared/contract/import-spec';
import {
  jobFailure,
  jobIdSchema,
  type JobAnswer,
  type JobSnapshot,
} from '../../src-shared/contract/jobs';
import {
  previewImport,
  startImport,
  type FileResolver,
  type ImportFileRef,
} from '../jobs/import-requests';
import type { JobHost } from '../jobs/job-host';
import { senderRefusal, type IpcSender } from './ipc-router';

/**
 * The files the user chose in this session (the open dialog, or dropped on the window). Windows
 * name them by ref; a path nobody chose is never opened.
 */
export class ChosenFiles implements FileResolver {
  private readonly files = new Map<string, { path: string; name: string }>();

  add(file: string): ImportFileRef | string {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch (err) {
      return `${file}: cannot read it (${(err as NodeJS.ErrnoException).code ?? 'error'})`;
    }
    if (!stat.isFile()) return `${file}: not a file`;
    const ref = randomUUID();
    const name = path.basename(file);
    this.files.set(ref, { path: file, name });
    return { ref, name, bytes: stat.size };
  }

  resolve(ref: string) {
    return this.files.get(ref);
  }
}

export interface ImportDialogs {
  /** The native open dialog (multi-select); the chosen paths, or [] when cancelled. */
  openFiles(): Promise<string[]>;
  /** The native save dialog for a report; the path, or null when cancelled. */
  saveReport(defaultName: string): Promise<string | null>;
}

/**
 * Import over IPC, with the router's sender checks. No electron import: main.ts passes the
 * dialogs in and registers these on ipcMain; the tests call them directly.
 */
export function createImportIpc(
  host: JobHost,
  appOrigin: string,
  dialogs: ImportDialogs,
  reportDir: string,
) {
  const chosen = new ChosenFiles();
  const reports = new Map<string, string>();
  const refused = (sender: IpcSender): JobAnswer<never> | null => {
    const why = senderRefusal(sender, appOrigin);
    return why ? jobFailure('UNAUTHORIZED', `IPC refused: ${why}`) : null;
  };
  const addAll = (paths: string[]): JobAnswer<ImportFileRef[]> => {
    const refs: ImportFileRef[] = [];
    for (const p of paths) {
      const added = chosen.add(p);
      if (typeof added === 'string') return jobFailure('NOT_FOUND', added);
      refs.push(added);
    }
    return { success: true, data: refs };
  };
  return {
    chosen,
    async pick(sender: IpcSender): Promise<JobAnswer<ImportFileRef[]>> {
      const no = refused(sender);
      if (no) return no;
      return addAll(await dialogs.openFiles());
    },
    /** A path the preload read from a dropped File (webUtils.getPathForFile). */
    dropped(sender: IpcSender, file: unknown): JobAnswer<ImportFileRef[]> {
      const no = refused(sender);
      if (no) return no;
      if (typeof file !== 'string' || !path.isAbsolute(file)) {
        return jobFailure(
          'VALIDATION_ERROR',
          'file: a dropped file has no path (drop a file from disk)',
        );
      }
      return addAll([file]);
    },
    async preview(sender: IpcSender, body: unknown): Promise<JobAnswer<ImportPreview>> {
      return refused(sender) ?? previewImport(host, chosen, body);
    },
    start(sender: IpcSender, body: unknown): JobAnswer<JobSnapshot> {
      return refused(sender) ?? startImport(host, chosen, body, reportDir, reports);
    },
    async saveReport(
      sender: IpcSender,
      jobId: unknown,
    ): Promise<JobAnswer<{ saved: string | null }>> {
      const no = refused(sender);
      if (no) return no;
      const id = jobIdSchema.safeParse(jobId);
      if (!id.success) return jobFailure('VALIDATION_ERROR', 'jobId: must be a job id');
      const file = reports.get(id.data);
      if (!file || !fs.existsSync(file))
        return jobFailure('NOT_FOUND', `jobId: no report for ${id.data}`);
      const target = await dialogs.saveReport('bad-lines.txt');
      if (!target) return { success: true, data: { saved: null } };
      await fs.promises.copyFile(file, target);
      return { success: true, data: { saved: target } };
    },
  };
}
