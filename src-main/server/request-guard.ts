import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** Hosts the server may bind: loopback only. The data must never be reachable from the network. */
export const loopbackHosts = ['127.0.0.1', 'localhost'] as const;

export function isLoopbackHost(host: string): boolean {
  return (loopbackHosts as readonly string[]).includes(host);
}

/** Why a request was refused; the server turns it into a 401/403 with a JSON error. */
export interface Refusal {
  status: 401 | 403;
  error: string;
}

/**
 * The `Host` header must name our loopback address and port. A DNS-rebinding page reaches
 * 127.0.0.1 under its own host name, so this check is what keeps it out.
 */
export function checkHost(headers: IncomingHttpHeaders, port: number): Refusal | null {
  const host = headers.host;
  if (host === `127.0.0.1:${port}` || host === `localhost:${port}`) return null;
  return {
    status: 403,
    error: `Host header ${JSON.stringify(host ?? '')} refused: use http://127.0.0.1:${port}/`,
  };
}

/**
 * A request from a page must come from our own origin. Requests without `Origin` (a typed URL,
 * curl, the CLI's tests) are allowed; the token still guards the data.
 */
export function checkOrigin(headers: IncomingHttpHeaders): Refusal | null {
  const origin = headers.origin;
  if (origin === undefined) {
    if (headers['sec-fetch-site'] === 'cross-site') {
      return { status: 403, error: 'cross-site request refused' };
    }
    return null;
  }
  if (origin === `http://${headers.host ?? ''}`) return null;
  return { status: 403, error: `Origin ${JSON.stringify(origin)} refused` };
}

/** Compares in constant time, so the token cannot be guessed byte by byte from timings. */
export function tokenMatches(given: string | undefined | null, token: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(token, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The token of an API call: `Authorization: Bearer <token>`. */
export function bearerToken(headers: IncomingHttpHeaders): string | undefined {
  const m = /^Bearer ([A-Za-z0-9_-]{1,200})$/u.exec(headers.authorization ?? '');
  return m?.[1];
}

export function checkToken(given: string | undefined | null, token: string): Refusal | null {
  if (given === undefined || given === null || given === '') {
    return { status: 401, error: 'missing token: open the URL that "eventlens serve" printed' };
  }
  if (!tokenMatches(given, token)) {
    return { status: 401, error: 'wrong token: open the URL that "eventlens serve" printed' };
  }
  return null;
}
