import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isOperationName } from '../../src-shared/contract/operations';
import type { ChangeFeed } from '../engine/change-feed';
import type { EventLogService } from '../engine/service';
import { rendererSecurityHeaders } from '../security/content-security-policy';
import { EventStreamHub } from './event-stream';
import {
  refusalEnvelope,
  routeMatches,
  sendJson,
  type ApiRoute,
  type ServerPlugin,
} from './http-util';
import {
  bearerToken,
  checkHost,
  checkOrigin,
  checkToken,
  isLoopbackHost,
  type Refusal,
} from './request-guard';
import { resolveStaticFile } from './static-files';

export interface ServerOptions {
  service: EventLogService;
  /** Change events to push to every page; usually a started ChangeFeed on the same service. */
  feed: Pick<ChangeFeed, 'subscribe'>;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  /** Loopback only: anything else is refused before a socket is opened. */
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** The per-launch secret; a fresh random one by default. */
  token?: string;
  /** Largest request body accepted, in bytes. */
  maxBodyBytes?: number;
  /** More routes under /api/ (jobs, import, export): each group in its own file. */
  plugins?: ServerPlugin[];
}

export interface RunningServer {
  /** The address to open, token included: `http://127.0.0.1:PORT/?token=...`. */
  url: string;
  origin: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/** Big enough for a full batch of ordinary events; the engine enforces its own limits too. */
export const defaultMaxBodyBytes = 64 * 1024 * 1024;

export class ServerConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ServerConfigError';
  }
}

/**
 * Browser mode: the built renderer and the nine operations over HTTP on 127.0.0.1, change
 * events over SSE. Every request must carry the right Host (and Origin, when it has one); API
 * calls must carry the per-launch token. The server never sends CORS headers.
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopbackHost(host)) {
    throw new ServerConfigError(
      `refusing to listen on ${JSON.stringify(host)}: browser mode listens on 127.0.0.1 only, ` +
        `because anyone who reaches the port could read and change the event log`,
    );
  }
  if (!fs.existsSync(`${options.rendererDir}/index.html`)) {
    throw new ServerConfigError(
      `the renderer is not built (${options.rendererDir}/index.html is missing): run "npm run build"`,
    );
  }
  const token = options.token ?? randomBytes(32).toString('base64url');
  const maxBodyBytes = options.maxBodyBytes ?? defaultMaxBodyBytes;
  const hub = new EventStreamHub();
  const unsubscribe = options.feed.subscribe((change) => hub.send(change));
  const plugins = options.plugins ?? [];
  const detach = plugins.map((p) => p.attach?.(hub));
  const routes: ApiRoute[] = plugins.flatMap((p) => p.routes);
  let port = 0;

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      console.error('eventlens serve: request failed:', err);
      if (!res.headersSent) sendJson(res, 500, refusalEnvelope('INTERNAL', 'internal error'));
      else res.destroy();
    });
  });
  // Slow-loris and stuck clients: SSE connections are long-lived by design, so no socket
  // timeout, but headers must arrive within a minute. (10 s answered 408 to a page's own
  // requests on a loaded machine, where the loop was busy for seconds at a time.)
  server.headersTimeout = 60_000;
  server.requestTimeout = 0;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const refusal = checkHost(req.headers, port) ?? checkOrigin(req.headers);
    if (refusal) return refuse(res, refusal);
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (url.pathname === '/api/events') {
      if (req.method !== 'GET') return methodNotAllowed(res, 'GET');
      const denied = checkToken(url.searchParams.get('token'), token);
      if (denied) return refuse(res, denied);
      hub.open(res, { 'X-Content-Type-Options': 'nosniff' });
      return;
    }
    if (url.pathname.startsWith('/api/')) {
      const apiPath = url.pathname.slice('/api/'.length);
      const matching = routes
        .map((route) => ({ route, match: routeMatches(route, apiPath) }))
        .filter((m) => m.match !== false);
      if (matching.length > 0) {
        const hit = matching.find((m) => m.route.method === req.method);
        // A route with its own credential (a download's one-time key) checks it itself.
        if (hit?.route.auth !== 'own') {
          const denied = checkToken(bearerToken(req.headers), token);
          if (denied) return refuse(res, denied);
        }
        if (!hit) return methodNotAllowed(res, matching.map((m) => m.route.method).join(', '));
        return hit.route.handle(req, res, hit.match || null, url);
      }
      if (req.method !== 'POST') return methodNotAllowed(res, 'POST');
      const denied = checkToken(bearerToken(req.headers), token);
      if (denied) return refuse(res, denied, url.pathname.slice(5));
      return handleCall(req, res, url.pathname.slice('/api/'.length));
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return methodNotAllowed(res, 'GET, HEAD');
    const file = resolveStaticFile(options.rendererDir, url.pathname);
    if (!file) {
      res.writeHead(404, {
        'Content-Type': 'text/plain; charset=utf-8',
        ...rendererSecurityHeaders,
      });
      res.end('not found\n');
      return;
    }
    const body = await fs.promises.readFile(file.file);
    res.writeHead(200, {
      'Content-Type': file.contentType,
      'Content-Length': body.length,
      'Cache-Control': file.isIndex ? 'no-store' : 'no-cache',
      ...rendererSecurityHeaders,
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  async function handleCall(req: IncomingMessage, res: ServerResponse, op: string): Promise<void> {
    // One path per operation: anything else (`eventLog.createInstance` too, which the service
    // would run) is refused before its body is read, so a 404 never follows a write.
    if (!isOperationName(op)) {
      const plain = op.replace(/^eventLog\./u, '');
      const hint = isOperationName(plain) ? `; the path is /api/${plain}` : '';
      return sendJson(
        res,
        404,
        refusalEnvelope('VALIDATION_ERROR', `unknown operation "${op.slice(0, 100)}"${hint}`),
      );
    }
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json') {
      return sendJson(
        res,
        415,
        refusalEnvelope('VALIDATION_ERROR', 'Content-Type must be application/json', op),
      );
    }
    const body = await readBody(req, maxBodyBytes);
    if (body === null) {
      // Answer, then drop the connection: reading the rest of a huge body would be wasted work.
      res.on('finish', () => req.destroy());
      return sendJson(
        res,
        413,
        refusalEnvelope(
          'LIMIT_EXCEEDED',
          `request body: larger than ${maxBodyBytes} bytes; split the batch`,
          op,
        ),
        { Connection: 'close' },
      );
    }
    let request: unknown;
    try {
      request = JSON.parse(body.toString('utf8'));
    } catch (err) {
      return sendJson(
        res,
        400,
        refusalEnvelope('VALIDATION_ERROR', `body: not valid JSON (${(err as Error).message})`, op),
      );
    }
    if (typeof request !== 'object' || request === null || Array.isArray(request)) {
      return sendJson(
        res,
        400,
        refusalEnvelope('VALIDATION_ERROR', 'body: must be a JSON object {params, requestId}', op),
      );
    }
    const { params, requestId } = request as { params?: unknown; requestId?: unknown };
    const id =
      typeof requestId === 'string' && requestId.length > 0
        ? requestId.slice(0, 200)
        : randomUUID();
    // A page that goes away (closed, reloaded, or a fetch aborted) no longer wants its query:
    // cancel it rather than let it occupy a worker.
    const onClose = () => {
      if (!res.writableFinished) options.service.cancel(id);
    };
    if (op === 'queryEvents') res.once('close', onClose);
    const envelope = await options.service.call(op, params, id);
    // Operation failures are answers (200).
    sendJson(res, 200, envelope);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: options.port ?? 0 }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;

  return {
    url: `${origin}/?token=${token}`,
    origin,
    port,
    token,
    close: async () => {
      unsubscribe();
      for (const stop of detach) stop?.();
      hub.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      for (const plugin of plugins) await plugin.close?.();
    },
  };
}

/** Reads the whole body, or null as soon as it passes `limit` bytes. */
async function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return null;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function refuse(res: ServerResponse, refusal: Refusal, op?: string): void {
  const headers: Record<string, string> =
    refusal.status === 401 ? { 'WWW-Authenticate': 'Bearer' } : {};
  sendJson(res, refusal.status, refusalEnvelope('UNAUTHORIZED', refusal.error, op), headers);
}

function methodNotAllowed(res: ServerResponse, allow: string): void {
  sendJson(res, 405, refusalEnvelope('VALIDATION_ERROR', `method not allowed (use ${allow})`), {
    Allow: allow,
  });
}
