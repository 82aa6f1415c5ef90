import { z } from 'zod';
import { exportFormats } from './export-spec';
import type { JobSnapshot } from './jobs';
import { querySchema } from './query';

/**
 * Export as the UI asks for it (browser mode over HTTP, the desktop app over IPC). Unlike the
 * engine's ExportSpec it carries no path: the page never names a file on disk. Browser mode
 * writes into a server-owned temp folder and offers a download; the desktop app asks for the
 * file in main's save dialog.
 *
 * The job itself is the shared job layer's (jobs.ts): followed and cancelled like an import.
 */
export const exportFileNameSchema = z
  .string()
  .min(1)
  .max(200)
  // eslint-disable-next-line no-control-regex -- control characters are what is refused
  .refine((name) => !/[/\\\u0000-\u001f\u007f]/u.test(name) && !/^\.+$/u.test(name), {
    message: 'a file name, without folders or control characters',
  });

export const exportRequestSchema = z.strictObject({
  query: querySchema,
  format: z.enum(exportFormats),
  /** CSV and Parquet columns; default: the query's select, else every field found (CSV). */
  columns: z.array(z.string().min(1).max(500)).min(1).max(2_000).optional(),
  /** CSV: protection against spreadsheet formulas (ExportSpec.protectFormulas; default on). */
  protectFormulas: z.boolean().optional(),
  /** The name the file gets (download name, or the save dialog's suggestion). */
  fileName: exportFileNameSchema,
});
export type ExportRequest = z.infer<typeof exportRequestSchema>;

/** Browser mode's answer to a start: the job (follow it with the job layer) and its download. */
export interface ExportStarted {
  snapshot: JobSnapshot;
  /**
   * Where to download the file once the job is done. It carries a one-time key for this file,
   * not the session token, so the address left in the browser's download list opens nothing.
   */
  downloadUrl: string;
}
