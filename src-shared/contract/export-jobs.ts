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

/**
 * The answer to an export start, over every transport: the job (follow it with the job layer),
 * or `dismissed` when the user closed the desktop app's save dialog (nothing started).
 */
export type ExportStart = { snapshot: JobSnapshot } | { dismissed: true };

/** Browser mode's answer to POST /api/export/start: the job and where to download its file. */
export interface ExportStarted {
  snapshot: JobSnapshot;
  /**
   * Where to download the file once the job is done. It carries a one-time key for this file,
   * not the session token, so the address left in the browser's download list opens nothing.
   */
  downloadUrl: string;
}

/** A chart image made in the page (PNG or SVG bytes), saved through the desktop app's dialog. */
export const chartImageSchema = z.strictObject({
  fileName: exportFileNameSchema.refine((n) => /\.(png|svg)$/iu.test(n), {
    message: 'a .png or .svg file name',
  }),
  bytes: z.instanceof(Uint8Array).refine((b) => b.byteLength <= 64 * 1024 * 1024, {
    message: 'at most 64 MB',
  }),
});
export type ChartImage = z.infer<typeof chartImageSchema>;
