import net from 'node:net';

/**
 * A TCP connection to the server that writes exactly what the test says, when it says so: a
 * body that stalls, an `Expect: 100-continue` that waits, a reader that stops reading.
 */
export interface RawSocket {
  socket: net.Socket;
  /** Everything received so far, as text. */
  received(): string;
  /** Resolves with everything received once `pattern` is in it; rejects if the socket closes first. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Resolves when the connection is closed (by either side), with how long it took from open. */
  closed: Promise<number>;
  /** Writes; resolves false when the connection refused it (closed or reset). */
  write(data: string | Buffer): Promise<boolean>;
}

export function openRawSocket(port: number): Promise<RawSocket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const opened = Date.now();
    let text = '';
    const waiters = new Set<() => void>();
    socket.on('data', (d: Buffer) => {
      text += d.toString('latin1');
      for (const w of [...waiters]) w();
    });
    // A reset while writing is how a refused upload often ends: not a test failure by itself.
    socket.on('error', () => {});
    const closed = new Promise<number>((done) =>
      socket.once('close', () => {
        for (const w of [...waiters]) w();
        done(Date.now() - opened);
      }),
    );
    socket.once('connect', () =>
      resolve({
        socket,
        received: () => text,
        closed,
        waitFor(pattern, timeoutMs = 30_000) {
          return new Promise((ok, fail) => {
            const timer = setTimeout(() => {
              waiters.delete(check);
              fail(new Error(`timed out waiting for ${pattern}; received:\n${text.slice(0, 500)}`));
            }, timeoutMs);
            const check = () => {
              if (pattern.test(text)) {
                waiters.delete(check);
                clearTimeout(timer);
                ok(text);
              } else if (socket.destroyed) {
                waiters.delete(check);
                clearTimeout(timer);
                fail(new Error(`closed before ${pattern}; received:\n${text.slice(0, 500)}`));
              }
            };
            waiters.add(check);
            check();
          });
        },
        write(data) {
          return new Promise((done) => {
            if (socket.destroyed || !socket.writable) return done(false);
            socket.write(data, (err) => done(!err));
          });
        },
      }),
    );
    socket.once('error', reject);
  });
}

/** The head of an HTTP/1.1 request to 127.0.0.1:port. */
export function requestHead(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string | number> = {},
): string {
  const lines = [`${method} ${path} HTTP/1.1`, `Host: 127.0.0.1:${port}`];
  for (const [k, v] of Object.entries(headers)) lines.push(`${k}: ${v}`);
  return `${lines.join('\r\n')}\r\n\r\n`;
}

/** The body of one raw HTTP/1.1 response (chunked transfer encoding undone). */
export function httpBody(response: string): string {
  const split = response.indexOf('\r\n\r\n');
  const head = response.slice(0, split);
  let rest = response.slice(split + 4);
  if (!/^transfer-encoding: chunked\r?$/imu.test(head)) return rest;
  let body = '';
  for (;;) {
    const line = rest.indexOf('\r\n');
    const size = parseInt(rest.slice(0, line), 16);
    if (!(size > 0)) return body;
    body += rest.slice(line + 2, line + 2 + size);
    rest = rest.slice(line + 2 + size + 2);
  }
}
