import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import {
  exportRequestSchema,
  exportRoutes,
  type ExportJobSnapshot,
} from '../../src-shared/contract/export-jobs';
import type { ExportFormat } from '../../src-shared/contract/export-spec';
import { describeIssues } from '../../src-shared/contract/issues';
import { ExportJobHost, ExportStartError } from '../export-jobs/export-job-host';
import { bearerToken, checkToken, tokenMatches } from './request-guard';

/** A route set the server tries before its operations; true when it answered the request. */
export interface ExtraRoutes {
  handle(req: IncomingMessage, res: ServerResponse, url: URL, token: string): Promise<boolean>;
  close(): Promise<void>;
}

export interface ExportRoutesOptions {
  dbFile: string;
  workerFile: string;
  /** How long a finished file waits for its download before it is removed; default 15 min. */
  keepMs?: number;
  /** Largest start request, in bytes (a query is small). */
  maxBodyBytes?: number;
}

const contentTypes: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
  ndjson: 'application/x-ndjson; charset=utf-8',
  parquet: 'application/vnd.apache.parquet',
};

const jobPath = /^\/api\/export\/jobs\/([0-9a-f-]{36})(\/cancel|\/file)?$/u;

/**
 * Browser mode's export: POST /api/export/start {query, format, columns?, fileName} starts a job
 * that writes into a temp folder this server owns (the page never names a path); GET
 * /api/export/jobs/<id> follows it, POST .../cancel stops it, and GET .../file?key= (one-time) downloads
 * the finished file (attachment, streamed) and then removes it. Files nobody downloads are
 * removed after `keepMs`, and all of them when the server stops.
 */
export function createExportRoutes(options: ExportRoutesOptions): ExtraRoutes {
  const host = new ExportJobHost({ dbFile: options.dbFile, workerFile: options.workerFile });
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'eventlens-exports-'));
  const keepMs = options.keepMs ?? 15 * 60_000;
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const timers = new Map<string, NodeJS.Timeout>();
  /** One-time download keys of finished files, by job. */
  const keys = new Map<string, string>();
  /** The snapshot as the page sees it: with its download address once the file is there. */
  const view = (snapshot: ExportJobSnapshot): ExportJobSnapshot => {
    const key = keys.get(snapshot.jobId);
    return snapshot.state === 'done' && key
      ? { ...snapshot, downloadUrl: `${exportRoutes.job(snapshot.jobId)}/file?key=${key}` }
      : snapshot;
  };

  const remove = (jobId: string) => {
    clearTimeout(timers.get(jobId));
    timers.delete(jobId);
    host.forget(jobId);
    keys.delete(jobId);
    fs.rmSync(path.join(root, jobId), { recursive: true, force: true });
  };
  // Whatever way a job ends, its folder goes unless a finished file waits for its download.
  const unsubscribe = host.subscribe((snapshot) => {
    if (snapshot.state === 'running') return;
    const dir = path.join(root, snapshot.jobId);
    if (snapshot.state === 'done') {
      keys.set(snapshot.jobId, randomBytes(24).toString('base64url'));
      const timer = setTimeout(() => remove(snapshot.jobId), keepMs);
      timer.unref();
      timers.set(snapshot.jobId, timer);
    } else {
      fs.rmSync(dir, { recursive: true, force: true });
      // The snapshot stays for a while, so the page can read how it ended.
      const timer = setTimeout(() => host.forget(snapshot.jobId), 60_000);
      timer.unref();
      timers.set(snapshot.jobId, timer);
    }
  });

  async function start(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json') {
      return sendError(res, 415, 'Content-Type must be application/json');
    }
    let size = 0;
    const chunks: Buffer[] = [];
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > maxBodyBytes) {
        res.on('finish', () => req.destroy());
        return sendError(res, 413, `request body: larger than ${maxBodyBytes} bytes`);
      }
      chunks.push(chunk as Buffer);
    }
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch (err) {
      return sendError(res, 400, `body: not valid JSON (${(err as Error).message})`);
    }
    const parsed = exportRequestSchema.safeParse(body);
    if (!parsed.success) return sendError(res, 400, describeIssues(parsed.error.issues));
    const request = parsed.data;
    let snapshot: ExportJobSnapshot;
    try {
      snapshot = await host.start(request, (jobId) => {
        const dir = path.join(root, jobId);
        fs.mkdirSync(dir);
        return path.join(dir, request.fileName);
      });
    } catch (err) {
      if (err instanceof ExportStartError) return sendError(res, err.status, err.message);
      throw err;
    }
    sendJson(res, 200, view(snapshot));
  }

  /** Answers one request under /api/export/. */
  async function route(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    token: string,
  ): Promise<void> {
    if (url.pathname === '/api/export/start') {
      if (req.method !== 'POST') return methodNotAllowed(res, 'POST');
      const denied = checkToken(bearerToken(req.headers), token);
      if (denied) return sendError(res, denied.status, denied.error);
      return start(req, res);
    }
    const m = jobPath.exec(url.pathname);
    if (!m) return sendError(res, 404, `${url.pathname}: no such export route`);
    const jobId = m[1]!;
    const action = m[2] ?? '';
    if (action === '/file') {
      if (req.method !== 'GET') return methodNotAllowed(res, 'GET');
      // A download is a navigation and cannot carry the Authorization header: it carries the
      // file's one-time key instead, which only a caller with the token has seen.
      const key = keys.get(jobId);
      if (!key || !tokenMatches(url.searchParams.get('key'), key)) {
        return sendError(res, 401, `export ${jobId}: wrong or used download key`);
      }
      return download(res, jobId);
    }
    const denied = checkToken(bearerToken(req.headers), token);
    if (denied) return sendError(res, denied.status, denied.error);
    if (action === '/cancel') {
      if (req.method !== 'POST') return methodNotAllowed(res, 'POST');
      const snapshot = await host.cancel(jobId);
      if (!snapshot) return sendError(res, 404, `no export ${jobId}`);
      return sendJson(res, 200, view(snapshot));
    }
    if (req.method !== 'GET') return methodNotAllowed(res, 'GET');
    const snapshot = host.get(jobId);
    if (!snapshot) {
      return sendError(res, 404, `no export ${jobId} (finished long ago, or never started)`);
    }
    return sendJson(res, 200, view(snapshot));
  }

  return {
    async handle(req, res, url, token) {
      if (url.pathname !== '/api/export' && !url.pathname.startsWith('/api/export/')) {
        return false;
      }
      await route(req, res, url, token);
      return true;
    },
    async close() {
      unsubscribe();
      await host.close();
      for (const t of timers.values()) clearTimeout(t);
      fs.rmSync(root, { recursive: true, force: true });
    },
  };

  async function download(res: ServerResponse, jobId: string): Promise<void> {
    const snapshot = host.get(jobId);
    const file = host.fileOf(jobId);
    if (!snapshot?.result || !file || !fs.existsSync(file)) {
      return sendError(res, 404, `export ${jobId}: no finished file to download`);
    }
    const { size } = fs.statSync(file);
    res.writeHead(200, {
      'Content-Type': contentTypes[snapshot.result.format],
      'Content-Length': size,
      'Content-Disposition': attachment(snapshot.result.fileName),
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    });
    // One download per key: a second request while this one streams is refused.
    keys.delete(jobId);
    try {
      await pipeline(fs.createReadStream(file), res);
    } catch {
      // The browser dropped the download: the file stays until it expires, under a new key.
      if (host.get(jobId)) keys.set(jobId, randomBytes(24).toString('base64url'));
      return;
    }
    remove(jobId);
  }
}

/** `attachment; filename="..."` with an RFC 5987 UTF-8 form for names beyond ASCII. */
function attachment(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/gu, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

function sendError(res: ServerResponse, status: number, error: string): void {
  sendJson(res, status, { error });
}

function methodNotAllowed(res: ServerResponse, allow: string): void {
  res.setHeader('Allow', allow);
  sendError(res, 405, `method not allowed (use ${allow})`);
}
