import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isOperationName } from '../../src-shared/contract/operations';
import type { ChangeFeed } from '../engine/change-feed';
import type { EventLogService } from '../engine/service';
import { rendererSecurityHeaders } from '../security/content-security-policy';
import { defaultBodyPace, watchBodyPace } from './body-pace';
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
import { BodyBudget, bodyRefusal, readBody, requestBody } from './request-body';
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
/** Bytes of request bodies held in memory at once, over all requests: two of the largest. */
const maxInFlightBodyBytes = 2 * defaultMaxBodyBytes;

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
  const budget = new BodyBudget(maxInFlightBodyBytes);
  const pace = defaultBodyPace;
  const hub = new EventStreamHub();
  const unsubscribe = options.feed.subscribe((change) => hub.send(change));
  const plugins = options.plugins ?? [];
  const detach = plugins.map((p) => p.attach?.(hub));
  const routes: ApiRoute[] = plugins.flatMap((p) => p.routes);
  let port = 0;

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    watchBodyPace(req, pace, () => cutSlowBody(res));
    handle(req, res).catch((err: unknown) => {
      console.error('eventlens serve: request failed:', err);
      if (!res.headersSent) sendJson(res, 500, refusalEnvelope('INTERNAL', 'internal error'));
      else res.destroy();
    });
  };
  const server = http.createServer(onRequest);
  // With a listener here, Node no longer answers `Expect: 100-continue` by itself: the client is
  // told to send its body only once the request has been let in (continueBody in request-body).
  server.on('checkContinue', onRequest);
  // Slow and stuck clients. Headers must arrive within a minute (10 s answered 408 to a page's
  // own requests on a loaded machine, where the loop was busy for seconds at a time). Bodies
  // must keep arriving (bodyPace, above). Node's requestTimeout counts from the first byte to the
  // end of the body, whatever its size, so it would cut a long upload; it is a backstop only.
  // None of these touch a response in progress: an event stream's request ended with its
  // headers, so it stays open for as long as the page listens.
  server.headersTimeout = 60_000;
  server.requestTimeout = 60 * 60_000;

  /** 408 and the connection closed: nothing more of that body is waited for. */
  function cutSlowBody(res: ServerResponse): void {
    // A response already under way cannot say why: its connection is cut.
    if (res.headersSent) return void res.destroy();
    sendJson(
      res,
      408,
      refusalEnvelope(
        'LIMIT_EXCEEDED',
        `request body: less than ${pace.minBytes} bytes arrived in ${pace.windowMs / 1000} s; ` +
          'the server stopped waiting for it',
      ),
    );
  }

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
        return hit.route.handle(req, res, hit.match || null, url, requestBody(req, res, budget));
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
    const read = await readBody(req, res, maxBodyBytes, budget);
    if (!read.ok) {
      // The answer closes the connection (sendJson): the rest of the body is not waited for.
      const refusal = bodyRefusal(read.why, maxBodyBytes, budget);
      const status = read.why === 'busy' ? 503 : 413;
      return sendJson(res, status, refusalEnvelope(refusal.code, refusal.error, op));
    }
    let request: unknown;
    try {
      request = JSON.parse(read.body.toString('utf8'));
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
