import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  envelopeOperation,
  failureEnvelope,
  type FailureEnvelope,
} from '../../src-shared/contract/envelope';
import type { ErrorCode } from '../../src-shared/contract/error-codes';
import type { JobAnswer } from '../../src-shared/contract/jobs';
import { bodyUnread } from './body-pace';
import type { EventStreamHub } from './event-stream';
import { endWithLinger } from './lingering-close';
import type { RequestBody } from './request-body';

/** Small shared pieces of the browser-mode server, for http-server.ts and the route files. */

export const jsonHeaders = {
  'Content-Type': 'application/json; charset=utf-8',
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
} as const;

/**
 * Answers with JSON. A refusal (401/403), and any answer given before the request's body was
 * read to its end, closes the connection: the rest of the body is not waited for (Node would
 * otherwise read it all to keep the connection alive), and a refused client gets no second try
 * on it. A 503 says when to try again. A request already answered (a body cut for arriving too
 * slowly) or whose connection is gone gets nothing more.
 */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  const unread = bodyUnread(res.req);
  res.writeHead(status, {
    ...jsonHeaders,
    ...(unread || status === 401 || status === 403 ? { Connection: 'close' } : {}),
    ...(status === 503 ? { 'Retry-After': '1' } : {}),
    ...headers,
    'Content-Length': Buffer.byteLength(text),
  });
  if (unread) endWithLinger(res, text);
  else res.end(text);
}

/** A failure the server answers itself (the engine never saw the call). */
export function refusalEnvelope(
  code: ErrorCode,
  error: string,
  op = 'unknown',
): FailureEnvelope<string> {
  return failureEnvelope(envelopeOperation(op), code, error);
}

/** HTTP status for a job-layer failure code. */
export function statusOf(code: ErrorCode): number {
  switch (code) {
    case 'VALIDATION_ERROR':
      return 400;
    case 'NOT_FOUND':
      return 404;
    case 'LIMIT_EXCEEDED':
      return 413;
    case 'UNAUTHORIZED':
      return 401;
    case 'CONFLICT':
      return 409;
    case 'BUSY':
      return 503;
    default:
      return 500;
  }
}

/** Sends a job-layer answer with the status its code calls for. */
export function sendAnswer<T>(res: ServerResponse, answer: JobAnswer<T>): void {
  sendJson(res, answer.success ? 200 : statusOf(answer.code), answer);
}

/**
 * One API route beside the operations: `path` is matched against the URL's path after `/api/`
 * (a string exactly, a RegExp with its groups handed to `handle`). Routes always need the token.
 */
export interface ApiRoute {
  method: 'GET' | 'POST' | 'PUT';
  path: string | RegExp;
  /**
   * 'own': the route checks a credential of its own instead of the Bearer token — only for a
   * download, which is a navigation and cannot send the header (export-routes.ts: a one-time
   * key per file, handed out to a caller that had the token).
   */
  auth?: 'own';
  handle(
    req: IncomingMessage,
    res: ServerResponse,
    match: RegExpExecArray | null,
    url: URL,
    /** Read the body only through this: it keeps to the size limits and the server's budget. */
    body: RequestBody,
  ): Promise<void> | void;
}

/**
 * A group of routes added to the server (jobs, import, export, ...), each in its own file, and
 * optionally something pushed on the event stream.
 */
export interface ServerPlugin {
  routes: ApiRoute[];
  /** Starts pushing on the event stream; returns the function that stops. */
  attach?(hub: EventStreamHub): () => void;
  /** Called when the server closes (remove temp files, ...). */
  close?(): Promise<void> | void;
}

export function routeMatches(route: ApiRoute, apiPath: string): RegExpExecArray | null | false {
  if (typeof route.path === 'string') return route.path === apiPath ? null : false;
  const m = route.path.exec(apiPath);
  return m ?? false;
}
