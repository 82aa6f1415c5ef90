import type { ServerResponse } from 'node:http';

/** How long, and how much of a refused body, is read after the answer before the close. */
export interface Linger {
  ms: number;
  bytes: number;
}

export const defaultLinger: Linger = { ms: 2_000, bytes: 8 * 1024 * 1024 };

/**
 * Ends a response that answers before its request's body was read (a refusal, a body too large
 * or too slow), on a connection that closes (`Connection: close`).
 *
 * Closing a socket while the client's bytes wait unread in it makes the OS send a reset, and a
 * reset makes the client's OS throw away the answer it had not read yet: the client would see
 * "connection reset" instead of the 401 or 413 that says why. So the answer goes out first,
 * then what the client still sends is read and discarded — until it stops (it read the answer),
 * or for `linger.ms`, or `linger.bytes` — and only then does the response end (and Node closes
 * the connection). Web servers call this a lingering close (nginx's lingering_close, Apache's
 * lingering close). The body itself is never kept: it is neither parsed nor held.
 */
export function endWithLinger(res: ServerResponse, text: string, linger = defaultLinger): void {
  const req = res.req;
  const socket = req.socket;
  res.write(text);
  const from = socket.bytesRead;
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    clearTimeout(timer);
    req.off('data', onData);
    res.end();
  };
  const onData = () => {
    if (socket.bytesRead - from > linger.bytes) end();
  };
  const timer = setTimeout(end, linger.ms);
  req.on('data', onData);
  req.once('end', end);
  req.once('error', end);
  req.once('close', end);
  req.resume();
}
