import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import {
  envelopeOperation,
  failureEnvelope,
  type FailureEnvelope,
} from '../../src-shared/contract/envelope';
import type { ErrorCode } from '../../src-shared/contract/error-codes';
import { describeIssues } from '../../src-shared/contract/issues';
import { jobFailure, type JobAnswer } from '../../src-shared/contract/jobs';
import type { EventStreamHub } from './event-stream';

/** Small shared pieces of the browser-mode server, for http-server.ts and the route files. */

export const jsonHeaders = {
  'Content-Type': 'application/json; charset=utf-8',
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
} as const;

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...jsonHeaders,
    ...headers,
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
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
    default:
      return 500;
  }
}

/** Sends a job-layer answer with the status its code calls for. */
export function sendAnswer<T>(res: ServerResponse, answer: JobAnswer<T>): void {
  sendJson(res, answer.success ? 200 : statusOf(answer.code), answer);
}

/** Job-layer request bodies are small JSON documents (specs, ids). */
const maxJsonBytes = 1024 * 1024;

/**
 * Reads a small JSON body and validates it with `schema`: the parsed value, or the failure to
 * answer (wrong content type, too large, not JSON, not matching the schema).
 */
export async function readJson<S extends z.ZodType>(
  req: IncomingMessage,
  schema: S,
): Promise<{ ok: true; value: z.infer<S> } | { ok: false; answer: JobAnswer<never> }> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') {
    return {
      ok: false,
      answer: jobFailure('VALIDATION_ERROR', 'Content-Type must be application/json'),
    };
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxJsonBytes) {
      return {
        ok: false,
        answer: jobFailure('LIMIT_EXCEEDED', `request body: larger than ${maxJsonBytes} bytes`),
      };
    }
    chunks.push(chunk as Buffer);
  }
  let value: unknown;
  try {
    value = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (err) {
    return {
      ok: false,
      answer: jobFailure('VALIDATION_ERROR', `body: not valid JSON (${(err as Error).message})`),
    };
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    return {
      ok: false,
      answer: jobFailure('VALIDATION_ERROR', describeIssues(parsed.error.issues)),
    };
  }
  return { ok: true, value: parsed.data };
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
