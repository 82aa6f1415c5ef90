import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { importSpecSchema, type ImportPreview } from '../../src-shared/contract/import-spec';
import { jobFailure, type JobAnswer, type JobSnapshot } from '../../src-shared/contract/jobs';
import type { ImportFileRef } from '../../src-shared/contract/bridge';
import type { JobHost } from './job-host';
import { namesOnly, withNames } from './shown-names';

export type { ImportFileRef };

/**
 * Import requests from a window, shared by browser mode (import-routes.ts) and Electron
 * (import-ipc.ts). Windows never name filesystem paths: they name files by the ref the host gave
 * them (an upload, or a file the user picked or dropped), and the host resolves the ref.
 */

export interface FileResolver {
  /** The path of a ref the host handed out, or undefined. */
  resolve(ref: string): { path: string; name: string } | undefined;
}

/** The spec as a window may send it: everything but `reportFile` (a path: the host picks it). */
export const windowImportSpecSchema = importSpecSchema.omit({ reportFile: true });

export const importRequestSchema = z.strictObject({
  spec: windowImportSpecSchema,
  files: z
    .array(z.uuid({ message: 'must be a file ref (a UUID the host gave)' }))
    .min(1, { message: 'choose at least one file' })
    .max(1000),
});
export type ImportRequest = z.infer<typeof importRequestSchema>;

type Resolved = { ok: true; paths: string[]; names: Map<string, string> };

/** The files of a request, by the refs the host handed out; NOT_FOUND names a ref it forgot. */
function resolveFiles(
  request: ImportRequest,
  files: FileResolver,
): Resolved | { ok: false; answer: JobAnswer<never> } {
  const paths: string[] = [];
  const names = new Map<string, string>();
  for (const [i, ref] of request.files.entries()) {
    const file = files.resolve(ref);
    if (!file) {
      return {
        ok: false,
        answer: jobFailure(
          'NOT_FOUND',
          `files[${i}]: no file ${JSON.stringify(ref)}: add the file again (uploads are kept ` +
            'until the server stops; picked files until the app quits)',
        ),
      };
    }
    paths.push(file.path);
    names.set(file.path, file.name);
  }
  return { ok: true, paths, names };
}

export async function previewImport(
  host: JobHost,
  files: FileResolver,
  request: ImportRequest,
): Promise<JobAnswer<ImportPreview>> {
  const r = resolveFiles(request, files);
  if (!r.ok) return r.answer;
  try {
    const preview = await host.preview(request.spec, r.paths);
    return { success: true, data: namesOnly(r.names)(preview) };
  } catch (err) {
    return jobFailure('VALIDATION_ERROR', withNames((err as Error).message, r.names));
  }
}

/**
 * Starts an import job. The full bad-lines report goes to a file in `reportDir` (the window
 * downloads or saves it by job id); the report's `badLines` keeps the first 1,000 for display.
 */
export function startImport(
  host: JobHost,
  files: FileResolver,
  request: ImportRequest,
  reportDir: string,
  reports: Map<string, string>,
): JobAnswer<JobSnapshot> {
  const r = resolveFiles(request, files);
  if (!r.ok) return r.answer;
  fs.mkdirSync(reportDir, { recursive: true });
  const reportFile = path.join(reportDir, `bad-lines-${randomUUID()}.txt`);
  const shown = [...r.names.values()];
  const title =
    `${shown.slice(0, 2).join(', ')}${shown.length > 2 ? ` +${shown.length - 2}` : ''}` +
    ` → ${request.spec.instance}`;
  // The report is fetched by job id (a download, or main's save dialog): windows see its name.
  const names = new Map([...r.names, [reportFile, 'bad-lines.txt']]);
  const snapshot = host.startImport(
    { ...request.spec, reportFile },
    r.paths,
    title,
    namesOnly(names),
  );
  reports.set(snapshot.jobId, reportFile);
  return { success: true, data: snapshot };
}
