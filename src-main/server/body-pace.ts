import type { IncomingMessage } from 'node:http';

/**
 * How fast a request body must arrive: every window must bring at least `minBytes` until the
 * body is complete. A body that stalls, or trickles in a byte at a time (slow loris), is cut
 * after one window; a fast one of any size is never cut (an upload of a large log takes as long
 * as it takes). Modelled on Apache's RequestReadTimeout MinRate, without the credit a fast start
 * would earn there: a client that sent 64 MiB quickly cannot then hold the connection for hours.
 */
export interface BodyPace {
  windowMs: number;
  minBytes: number;
}

/** 16 KiB per 10 s: loopback clients send megabytes a second; a working one never gets near. */
export const defaultBodyPace: BodyPace = { windowMs: 10_000, minBytes: 16 * 1024 };

/** A request carries a body when it says so: a positive Content-Length or Transfer-Encoding. */
export function hasBody(req: IncomingMessage): boolean {
  const length = Number(req.headers['content-length'] ?? 0);
  return req.headers['transfer-encoding'] !== undefined || length > 0;
}

/** True while the request's body has not been read to its end. */
export function bodyUnread(req: IncomingMessage): boolean {
  return hasBody(req) && !req.complete;
}

/**
 * Watches the body of `req` arrive (by the bytes its socket has read, so whoever reads the body
 * is undisturbed) and calls `tooSlow` once if a window brings less than `pace.minBytes`.
 * A window whose check ran late (this process's event loop was busy, so it could not read) is not
 * held against the client: the next one starts at once.
 */
export function watchBodyPace(req: IncomingMessage, pace: BodyPace, tooSlow: () => void): void {
  if (!bodyUnread(req)) return;
  const socket = req.socket;
  let seen = socket.bytesRead;
  let due = Date.now() + pace.windowMs;
  const timer = setInterval(() => {
    if (req.complete || socket.destroyed) return stop();
    const now = Date.now();
    const late = now - due > 1000;
    due = now + pace.windowMs;
    const read = socket.bytesRead;
    if (!late && read - seen < pace.minBytes) {
      stop();
      tooSlow();
      return;
    }
    seen = read;
  }, pace.windowMs);
  timer.unref();
  const stop = () => clearInterval(timer);
  req.once('close', stop);
}
