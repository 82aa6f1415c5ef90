import fs from 'node:fs';
import { jobFailure, jobIdSchema } from '../../src-shared/contract/jobs';
import { importRequestSchema, previewImport, startImport } from '../jobs/import-requests';
import { unknownJob } from '../jobs/job-answers';
import type { JobHost } from '../jobs/job-host';
import { UploadStore } from '../jobs/upload-store';
import { sendAnswer, type ServerPlugin } from './http-util';

/**
 * Browser mode's import routes. The page never names a path on this machine: it uploads files
 * and refers to them by the ref it got back.
 *   POST /api/import/upload?name=<file name>   raw body (application/octet-stream) -> ImportFileRef
 *   POST /api/import/preview   {spec, files: [ref]} -> ImportPreview (writes nothing)
 *   POST /api/import/start     {spec, files: [ref]} -> JobSnapshot (follow it on the stream)
 *   GET  /api/import/report/<jobId>   every bad line of that import, as text
 */
export function importRoutes(host: JobHost, uploads = new UploadStore()): ServerPlugin {
  const reports = new Map<string, string>();
  return {
    close: () => uploads.close(),
    routes: [
      {
        method: 'POST',
        path: 'import/upload',
        handle: async (_req, res, _m, url, body) => {
          const name = url.searchParams.get('name') ?? '';
          if (name.length === 0 || name.length > 1000) {
            return sendAnswer(
              res,
              jobFailure('VALIDATION_ERROR', 'name: the file name is required (?name=...)'),
            );
          }
          try {
            const file = await uploads.receive(body.stream(), name);
            sendAnswer(res, { success: true, data: file });
          } catch (err) {
            if (res.headersSent || res.destroyed) return;
            sendAnswer(
              res,
              jobFailure('STORAGE_ERROR', `${name}: the upload failed (${(err as Error).message})`),
            );
          }
        },
      },
      {
        method: 'POST',
        path: 'import/preview',
        handle: async (_req, res, _m, _url, body) => {
          const input = await body.json(importRequestSchema);
          if (!input.ok) return sendAnswer(res, input.answer);
          sendAnswer(res, await previewImport(host, uploads, input.value));
        },
      },
      {
        method: 'POST',
        path: 'import/start',
        handle: async (_req, res, _m, _url, body) => {
          const input = await body.json(importRequestSchema);
          if (!input.ok) return sendAnswer(res, input.answer);
          sendAnswer(res, startImport(host, uploads, input.value, uploads.reportDir, reports));
        },
      },
      {
        method: 'GET',
        path: /^import\/report\/([^/]+)$/u,
        handle: (_req, res, match) => {
          const id = jobIdSchema.safeParse(decodeURIComponent(match?.[1] ?? ''));
          if (!id.success) {
            return sendAnswer(res, jobFailure('VALIDATION_ERROR', 'jobId: must be a job id'));
          }
          const file = reports.get(id.data);
          if (!file || !fs.existsSync(file)) return sendAnswer(res, unknownJob(id.data));
          res.writeHead(200, {
            'Content-Type': 'text/plain; charset=utf-8',
            'Content-Disposition': 'attachment; filename="bad-lines.txt"',
            'Content-Length': fs.statSync(file).size,
            'Cache-Control': 'no-store',
            'X-Content-Type-Options': 'nosniff',
          });
          fs.createReadStream(file).pipe(res);
        },
      },
    ],
  };
}
