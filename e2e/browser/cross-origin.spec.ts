import Database from 'better-sqlite3';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '../fixtures';

/**
 * A hostile page on another local origin that knows (or guesses) the token still gets nothing:
 * the JSON call needs a CORS preflight the server never grants, and a "simple" request is
 * refused by the Origin check. The database sees no commit.
 */
test('a page from another origin cannot call the API, even with the token', async ({
  page,
  server,
  dbFile,
}) => {
  const evil = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end('<!doctype html><title>evil</title>');
  });
  await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
  const evilOrigin = `http://localhost:${(evil.address() as AddressInfo).port}`;
  const observer = new Database(dbFile, { readonly: true });
  try {
    const before = observer.pragma('data_version', { simple: true }) as number;
    await page.goto(evilOrigin);
    const outcomes = await page.evaluate(
      async ({ api, token }) => {
        const body = JSON.stringify({ params: { name: 'intruder' } });
        const results: string[] = [];
        try {
          const r = await fetch(`${api}/api/createInstance`, {
            method: 'POST',
            headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
            body,
          });
          results.push(`json: ${r.status}`);
        } catch {
          results.push('json: blocked');
        }
        try {
          const r = await fetch(`${api}/api/createInstance`, {
            method: 'POST',
            mode: 'no-cors',
            headers: { 'Content-Type': 'text/plain' },
            body,
          });
          results.push(`simple: ${r.type}`);
        } catch {
          results.push('simple: blocked');
        }
        return results;
      },
      { api: server.origin, token: server.token },
    );
    expect(outcomes[0]).toBe('json: blocked');
    expect(outcomes[1]).toMatch(/^simple: (opaque|blocked)$/u);
    expect(observer.pragma('data_version', { simple: true })).toBe(before);
    expect(observer.prepare('SELECT count(*) FROM instances').pluck().get()).toBe(0);
  } finally {
    observer.close();
    await new Promise((resolve) => evil.close(resolve));
  }
});
