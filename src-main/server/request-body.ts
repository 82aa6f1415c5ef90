import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import { describeIssues } from '../../src-shared/contract/issues';
import { jobFailure, type JobAnswer } from '../../src-shared/contract/jobs';
import { bodyUnread } from './body-pace';

/**
 * The bytes of request bodies held in memory at once, across all requests. Without it, a few
 * concurrent 64 MiB calls (each allowed on its own) add up to gigabytes. A body reserves its
 * declared length before its first byte is read, or grows its reservation as it arrives when
 * no length was declared; the reservation is given back when its response has gone.
 */
export class BodyBudget {
  private used = 0;

  constructor(readonly capacity: number) {}

  take(bytes: number): boolean {
    if (this.used + bytes > this.capacity) return false;
    this.used += bytes;
    return true;
  }

  give(bytes: number): void {
    this.used -= bytes;
  }
}

export type BodyResult =
  | { ok: true; body: Buffer }
  /** 'too-large': over the request's limit; 'busy': over the budget; 'gone': the client left. */
  | { ok: false; why: 'too-large' | 'busy' | 'gone' };

/**
 * A client that sent `Expect: 100-continue` waits for this before it sends the body: so it is
 * sent only once the request has been let in (Host, Origin, token) and is about to be read.
 */
export function continueBody(req: IncomingMessage, res: ServerResponse): void {
  if (/^100-continue$/iu.test(req.headers.expect ?? '') && !res.headersSent) res.writeContinue();
}

/** Reads the whole body within `limit` bytes and the server's budget. */
export async function readBody(
  req: IncomingMessage,
  res: ServerResponse,
  limit: number,
  budget: BodyBudget,
): Promise<BodyResult> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return { ok: false, why: 'too-large' };
  // The reservation is given back on the response's close, which a closed socket never sends.
  if (req.socket.destroyed) return { ok: false, why: 'gone' };
  let held = 0;
  const hold = (bytes: number) => {
    if (!budget.take(bytes)) return false;
    held += bytes;
    return true;
  };
  res.once('close', () => budget.give(held));
  if (Number.isFinite(declared) && !hold(declared)) return { ok: false, why: 'busy' };
  continueBody(req, res);
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    // Leaving the loop early must not destroy the request: its socket still carries the answer.
    for await (const chunk of req.iterator({ destroyOnReturn: false })) {
      size += (chunk as Buffer).length;
      if (size > limit) return { ok: false, why: 'too-large' };
      if (size > held && !hold(size - held)) return { ok: false, why: 'busy' };
      chunks.push(chunk as Buffer);
    }
  } catch {
    return { ok: false, why: 'gone' };
  }
  // A body cut short (the connection closed mid-way) ends the loop without an error.
  if (bodyUnread(req)) return { ok: false, why: 'gone' };
  return { ok: true, body: Buffer.concat(chunks) };
}

/** The sentence and code a refused body is answered with. */
export function bodyRefusal(
  why: 'too-large' | 'busy' | 'gone',
  limit: number,
  budget: BodyBudget,
): { code: 'LIMIT_EXCEEDED' | 'BUSY'; error: string } {
  if (why === 'too-large') {
    return { code: 'LIMIT_EXCEEDED', error: `request body: larger than ${limit} bytes; split it` };
  }
  if (why === 'busy') {
    return {
      code: 'BUSY',
      error:
        `the server is receiving other large requests (${mebibytes(budget.capacity)} at ` +
        'once at most); retry in a moment',
    };
  }
  return { code: 'LIMIT_EXCEEDED', error: 'request body: the connection closed before its end' };
}

const mebibytes = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MiB`;

/** Job-layer request bodies are small JSON documents (specs, ids). */
const maxJsonBytes = 1024 * 1024;

/** A request's body as the routes read it (see ApiRoute): JSON, or a stream (uploads). */
export interface RequestBody {
  /**
   * Reads a small JSON body and validates it with `schema`: the parsed value, or the failure to
   * answer (wrong content type, too large, the server busy, not JSON, not matching the schema).
   */
  json<S extends z.ZodType>(
    schema: S,
  ): Promise<{ ok: true; value: z.infer<S> } | { ok: false; answer: JobAnswer<never> }>;
  /** The body as a stream, for a route that writes it to disk (never held in memory). */
  stream(): IncomingMessage;
}

export function requestBody(
  req: IncomingMessage,
  res: ServerResponse,
  budget: BodyBudget,
): RequestBody {
  return {
    async json(schema) {
      const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      if (type !== 'application/json') {
        return {
          ok: false,
          answer: jobFailure('VALIDATION_ERROR', 'Content-Type must be application/json'),
        };
      }
      const read = await readBody(req, res, maxJsonBytes, budget);
      if (!read.ok) {
        const refusal = bodyRefusal(read.why, maxJsonBytes, budget);
        return { ok: false, answer: jobFailure(refusal.code, refusal.error) };
      }
      let value: unknown;
      try {
        value = JSON.parse(read.body.toString('utf8'));
      } catch (err) {
        return {
          ok: false,
          answer: jobFailure(
            'VALIDATION_ERROR',
            `body: not valid JSON (${(err as Error).message})`,
          ),
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
    },
    stream() {
      continueBody(req, res);
      return req;
    },
  };
}
