import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import type { ServerResponse } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { exportRequestSchema, type ExportStarted } from '../../src-shared/contract/export-jobs';
import type { ExportFormat } from '../../src-shared/contract/export-spec';
import { jobFailure } from '../../src-shared/contract/jobs';
import { namesOnly } from '../jobs/shown-names';
import { startAnswer } from '../jobs/job-answers';
import type { JobHost } from '../jobs/job-host';
import { sendAnswer, type ServerPlugin } from './http-util';
import { publicSnapshot } from './job-routes';
import { tokenMatches } from './request-guard';

export interface ExportRoutesOptions {
  /** How long a finished file waits for its download before it is removed; default 15 min. */
  keepMs?: number;
  /** Where the server's export folder goes (default: the OS temp folder). */
  parent?: string;
}

const contentTypes: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
  ndjson: 'application/x-ndjson; charset=utf-8',
  parquet: 'application/vnd.apache.parquet',
};

interface ExportFile {
  dir: string;
  file: string;
  fileName: string;
  format: ExportFormat;
  /** The one-time download key; null once used (or while a download streams). */
  key: string | null;
  timer?: NodeJS.Timeout;
}

const newKey = () => randomBytes(24).toString('base64url');

/**
 * Browser mode's export, on the shared job layer (follow and cancel it with the job routes):
 *   POST /api/export/start {query, format, columns?, fileName} -> {snapshot, downloadUrl}
 *   GET  /api/export/jobs/<id>/file?key=...   the finished file (attachment, streamed), once
 * The page never names a path: each job writes into its own folder under a temp folder this
 * server owns. The download address carries a one-time key for that file, not the session
 * token (it stays in the browser's download list). Files are removed after their download,
 * after `keepMs` without one, and when the server stops; a cancelled or failed job's folder at
 * once (the engine's sink already removed its partial file).
 */
export function exportRoutes(host: JobHost, options: ExportRoutesOptions = {}): ServerPlugin {
  const root = fs.mkdtempSync(path.join(options.parent ?? os.tmpdir(), 'eventlens-exports-'));
  const keepMs = options.keepMs ?? 15 * 60_000;
  const files = new Map<string, ExportFile>();

  const remove = (jobId: string) => {
    const entry = files.get(jobId);
    if (!entry) return;
    clearTimeout(entry.timer);
    files.delete(jobId);
    fs.rmSync(entry.dir, { recursive: true, force: true });
  };
  const unsubscribe = host.subscribe((snapshot) => {
    const entry = files.get(snapshot.jobId);
    if (!entry || snapshot.state === 'running') return;
    if (snapshot.state === 'done') {
      clearTimeout(entry.timer);
      entry.timer = setTimeout(() => remove(snapshot.jobId), keepMs);
      entry.timer.unref();
    } else {
      remove(snapshot.jobId);
    }
  });

  async function download(res: ServerResponse, jobId: string, key: string | null) {
    const entry = files.get(jobId);
    const snapshot = host.get(jobId);
    if (!entry || entry.key === null || !tokenMatches(key, entry.key)) {
      return sendAnswer(res, jobFailure('UNAUTHORIZED', 'key: wrong or already used'));
    }
    if (snapshot?.state !== 'done' || !fs.existsSync(entry.file)) {
      return sendAnswer(res, jobFailure('NOT_FOUND', `export ${jobId}: no finished file`));
    }
    entry.key = null; // one download per key
    const { size } = fs.statSync(entry.file);
    res.writeHead(200, {
      'Content-Type': contentTypes[entry.format],
      'Content-Length': size,
      'Content-Disposition': attachment(entry.fileName),
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    try {
      await pipeline(fs.createReadStream(entry.file), res);
    } catch {
      // The browser dropped the download: the file stays until it expires, under a new key
      // (the page asks for it again by starting over; the old address opens nothing).
      entry.key = newKey();
      return;
    }
    remove(jobId);
  }

  return {
    routes: [
      {
        method: 'POST',
        path: 'export/start',
        async handle(_req, res, _m, _url, body) {
          const input = await body.json(exportRequestSchema);
          if (!input.ok) return sendAnswer(res, input.answer);
          const request = input.value;
          const dir = fs.mkdtempSync(path.join(root, 'job-'));
          const file = path.join(dir, request.fileName);
          const snapshot = host.startExport(
            {
              query: request.query,
              format: request.format,
              out: file,
              ...(request.columns ? { columns: request.columns } : {}),
              ...(request.protectFormulas === false ? { protectFormulas: false } : {}),
            },
            `Export ${request.fileName}`,
            // The page knows the file by its name; the folder is the server's.
            namesOnly(new Map([[file, request.fileName]])),
          );
          const key = newKey();
          files.set(snapshot.jobId, {
            dir,
            file,
            fileName: request.fileName,
            format: request.format,
            key,
          });
          const first = startAnswer(await host.whenUnderWay(snapshot.jobId));
          if (!first.success) {
            remove(snapshot.jobId);
            return sendAnswer(res, first);
          }
          const started: ExportStarted = {
            snapshot: publicSnapshot(first.data),
            downloadUrl: `/api/export/jobs/${snapshot.jobId}/file?key=${key}`,
          };
          sendAnswer(res, { success: true, data: started });
        },
      },
      {
        method: 'GET',
        path: /^export\/jobs\/([0-9a-f-]{36})\/file$/u,
        auth: 'own',
        handle: (_req, res, match, url) =>
          download(res, match?.[1] ?? '', url.searchParams.get('key')),
      },
    ],
    close() {
      unsubscribe();
      for (const entry of files.values()) clearTimeout(entry.timer);
      files.clear();
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

/** `attachment; filename="..."` with an RFC 5987 UTF-8 form for names beyond ASCII. */
function attachment(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/gu, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
