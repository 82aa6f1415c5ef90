import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { jobFailure, type JobAnswer } from '../../src-shared/contract/jobs';
import {
  importRequestSchema,
  previewImport,
  startImport,
  type FileResolver,
  type ImportFileRef,
} from '../jobs/import-requests';
import { localTarget, openFiles, type OpenHost } from '../jobs/open-files';
import { openRequestSchema } from '../../src-shared/contract/open-files';
import type { Dialogs } from './dialogs';
import { jobCall, type IpcTable } from './ipc-table';
import { jobIdArg } from './job-ipc';

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

/** An import request: its messages name the fields as over HTTP (`spec.instance: ...`). */
const importRequest = { schema: importRequestSchema };

/** A path the preload read from a dropped File (webUtils.getPathForFile); '' when it had none. */
const droppedPath = {
  schema: z.string().refine((p) => path.isAbsolute(p), {
    message: 'a dropped file has no path (drop a file from disk)',
  }),
  name: 'file',
};

/**
 * `window.eventlens.imports`: files the user picked in main's open dialog or dropped on the
 * window (by ref), previews, import jobs, and saving an import's bad-lines report.
 */
export function importCalls(
  openHost: OpenHost,
  dialogs: Dialogs,
  reportDir: string,
): IpcTable['imports'] {
  const host = openHost.jobs;
  const chosen = new ChosenFiles();
  const reports = new Map<string, string>();
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
    pick: jobCall(async (caller) => addAll(await dialogs.openFiles(caller, 'Import files'))),
    drop: jobCall(droppedPath, (_caller, file) => addAll([file])),
    preview: jobCall(importRequest, (_caller, request) => previewImport(host, chosen, request)),
    start: jobCall(importRequest, (_caller, request) =>
      startImport(host, chosen, request, reportDir, reports),
    ),
    // Dropped files open by their own path: the same file next time is the same path.
    open: jobCall({ schema: openRequestSchema }, async (_caller, { files, ...options }) => {
      const targets = [];
      for (const [i, ref] of files.entries()) {
        const file = chosen.resolve(ref);
        if (!file) return jobFailure('NOT_FOUND', `files[${i}]: no file ${JSON.stringify(ref)}`);
        targets.push(localTarget(file.path));
      }
      return { success: true, data: await openFiles(openHost, targets, options) };
    }),
    saveReport: jobCall(jobIdArg, async (caller, jobId) => {
      const file = reports.get(jobId);
      if (!file || !fs.existsSync(file))
        return jobFailure('NOT_FOUND', `jobId: no report for ${jobId}`);
      const target = await dialogs.saveFile(caller, {
        title: 'Save the bad-lines report',
        fileName: 'bad-lines.txt',
      });
      if (!target) return { success: true, data: { saved: null } };
      await fs.promises.copyFile(file, target);
      return { success: true, data: { saved: target } };
    }),
  };
}
