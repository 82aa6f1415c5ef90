import http from 'node:http';

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  json(): unknown;
}

/**
 * One HTTP request with full control over every header (fetch refuses to set Host, and adds
 * its own Origin rules): what a hostile page or a DNS-rebinding attacker could send.
 */
export function rawRequest(options: {
  port: number;
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: options.port,
        method: options.method ?? 'GET',
        path: options.path,
        headers: { host: `127.0.0.1:${options.port}`, ...options.headers },
      },
      (res) => {
        if (String(res.headers['content-type']).startsWith('text/event-stream')) {
          // A stream that was let in never ends by itself: report it and hang up.
          res.destroy();
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: '',
            json: () => null,
          });
          return;
        }
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body,
            json: () => JSON.parse(body) as unknown,
          });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** A JSON API call as the browser-mode client makes it. */
export function apiCall(
  port: number,
  operation: string,
  params: unknown,
  headers: Record<string, string>,
): Promise<RawResponse> {
  return rawRequest({
    port,
    method: 'POST',
    path: `/api/${operation}`,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ params, requestId: 'test' }),
  });
}
