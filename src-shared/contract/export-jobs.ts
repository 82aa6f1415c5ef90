import { z } from 'zod';
import { exportFormats, type ExportProgress, type ExportReport } from './export-spec';
import { querySchema } from './query';

/**
 * Export as the UI asks for it (browser mode over HTTP, the desktop app over IPC). Unlike the
 * engine's ExportSpec it carries no path: the page never names a file on disk. Browser mode
 * writes into a server-owned temp folder and offers a download; the desktop app asks for the
 * file in main's save dialog.
 *
 * The snapshot mirrors the shared job layer's JobSnapshot (kind, state, progress, result, error)
 * so that it can be folded into it.
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
  /** The name the file gets (download name, or the save dialog's suggestion). */
  fileName: exportFileNameSchema,
});
export type ExportRequest = z.infer<typeof exportRequestSchema>;

export type ExportJobState = 'running' | 'done' | 'failed' | 'cancelled';

export interface ExportJobResult {
  fileName: string;
  kind: ExportReport['kind'];
  format: ExportReport['format'];
  rows: number;
  total: number;
  bytes: number;
  elapsedMs: number;
  columns?: string[];
}

export interface ExportJobSnapshot {
  jobId: string;
  kind: 'export';
  state: ExportJobState;
  progress: ExportProgress | null;
  result: ExportJobResult | null;
  error: string | null;
  /**
   * Browser mode, once done: where to download the file. It carries a one-time key for this
   * file, not the session token, so the address left in the browser's download list opens
   * nothing.
   */
  downloadUrl?: string;
}

/** Browser mode's routes (beside the nine operations under /api/). */
export const exportRoutes = {
  start: '/api/export/start',
  /** GET (snapshot) and POST .../cancel; GET .../file?key= downloads the finished file. */
  job: (jobId: string) => `/api/export/jobs/${encodeURIComponent(jobId)}`,
} as const;
