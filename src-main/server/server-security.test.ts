import Database from 'better-sqlite3';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliLauncher, repoRoot, requireBuild } from '../test-support/built-cli';
import { dbFingerprint } from '../test-support/db-fingerprint';
import { apiCall, rawRequest } from '../test-support/raw-http';
import { startServeProcess, type ServeProcess } from '../test-support/serve-process';
import { openTempService, tempDir } from '../test-support/temp-db';
import { ServerConfigError, startServer } from './http-server';

const run = promisify(execFile);

let dir: ReturnType<typeof tempDir>;
let server: ServeProcess;
let observer: Database.Database;

/** `PRAGMA data_version` of a second connection changes whenever anyone else commits. */
const version = () => observer.pragma('data_version', { simple: true }) as number;

beforeAll(async () => {
  requireBuild();
  dir = tempDir();
  const file = path.join(dir.dir, 'guarded.db');
  server = await startServeProcess(file);
  observer = new Database(file, { readonly: true });
});

afterAll(async () => {
  observer?.close();
  const code = await server?.stop();
  dir?.cleanup();
  expect(code).toBe(0);
});

const auth = () => ({ authorization: `Bearer ${server.token}` });
const sameOrigin = () => ({ origin: server.origin });

/** Tries the writes a caller would want; each must be refused and nothing may be committed. */
async function expectRefused(headers: Record<string, string>, status: 401 | 403): Promise<void> {
  const before = version();
  for (const [op, params] of [
    ['createInstance', { name: 'intruder' }],
    ['appendEvent', { instanceId: 'intruder', autoCreateInstance: true }],
    ['listInstances', {}],
  ] as const) {
    const res = await apiCall(server.port, op, params, headers);
    expect(res.status, `${op} with ${JSON.stringify(headers)}`).toBe(status);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(res.json()).toMatchObject({ success: false, code: 'UNAUTHORIZED' });
  }
  expect(version()).toBe(before);
}

describe('browser-mode server security', () => {
  it('answers a call with the token, Host and Origin right (and that does change the file)', async () => {
    const before = version();
    const res = await apiCall(
      server.port,
      'createInstance',
      { name: 'welcome' },
      {
        ...auth(),
        ...sameOrigin(),
      },
    );
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ success: true, data: { instance: { name: 'welcome' } } });
    expect(version()).not.toBe(before);
  });

  it('refuses calls without a token', async () => {
    await expectRefused({ ...sameOrigin() }, 401);
    await expectRefused({}, 401);
  });

  it('refuses calls with a wrong token', async () => {
    const wrong = server.token.slice(0, -1) + (server.token.endsWith('A') ? 'B' : 'A');
    await expectRefused({ authorization: `Bearer ${wrong}` }, 401);
    await expectRefused({ authorization: `Bearer ${server.token}x` }, 401);
    await expectRefused({ authorization: server.token }, 401);
    // The token in the query string is for the event stream only, never for calls.
    const before = version();
    const res = await rawRequest({
      port: server.port,
      method: 'POST',
      path: `/api/createInstance?token=${server.token}`,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ params: { name: 'intruder' } }),
    });
    expect(res.status).toBe(401);
    expect(version()).toBe(before);
  });

  it('refuses a foreign Origin, even with the right token', async () => {
    await expectRefused({ ...auth(), origin: 'http://evil.example' }, 403);
    await expectRefused({ ...auth(), origin: `http://localhost:${server.port + 1}` }, 403);
    await expectRefused({ ...auth(), origin: 'null' }, 403);
    await expectRefused({ ...auth(), 'sec-fetch-site': 'cross-site' }, 403);
  });

  it('refuses a wrong Host (DNS rebinding), even with the right token', async () => {
    await expectRefused({ ...auth(), host: 'evil.example' }, 403);
    await expectRefused({ ...auth(), host: `evil.example:${server.port}` }, 403);
    await expectRefused({ ...auth(), host: `127.0.0.1:${server.port + 1}` }, 403);
    const page = await rawRequest({
      port: server.port,
      path: '/',
      headers: { host: 'evil.example' },
    });
    expect(page.status).toBe(403);
    expect(page.body).not.toContain('<script');
  });

  it('refuses the event stream without the right token', async () => {
    for (const query of ['', '?token=', `?token=${server.token}0`]) {
      const res = await rawRequest({ port: server.port, path: `/api/events${query}` });
      expect(res.status).toBe(401);
    }
    const foreign = await rawRequest({
      port: server.port,
      path: `/api/events?token=${server.token}`,
      headers: { origin: 'http://evil.example' },
    });
    expect(foreign.status).toBe(403);
  });

  it('refuses malformed calls with a clear error and changes nothing', async () => {
    const before = version();
    const headers = { ...auth(), ...sameOrigin() };
    const cases = [
      { body: 'not json', type: 'application/json', status: 400, code: 'VALIDATION_ERROR' },
      { body: '[1]', type: 'application/json', status: 400, code: 'VALIDATION_ERROR' },
      {
        body: '{"params":{"name":"x"}}',
        type: 'text/plain',
        status: 415,
        code: 'VALIDATION_ERROR',
      },
    ];
    for (const c of cases) {
      const res = await rawRequest({
        port: server.port,
        method: 'POST',
        path: '/api/createInstance',
        headers: { ...headers, 'content-type': c.type },
        body: c.body,
      });
      expect(res.status).toBe(c.status);
      expect(res.json()).toMatchObject({ success: false, code: c.code });
    }
    const unknown = await apiCall(server.port, 'dropTable', {}, headers);
    expect(unknown.status).toBe(404);
    expect(unknown.json()).toMatchObject({ success: false, code: 'VALIDATION_ERROR' });
    const get = await rawRequest({ port: server.port, path: '/api/listInstances', headers });
    expect(get.status).toBe(405);
    expect(version()).toBe(before);
  });

  it('refuses an operation path it does not route (eventLog.<op>) before doing anything', async () => {
    const headers = { ...auth(), ...sameOrigin() };
    const before = dbFingerprint(observer);
    for (const [op, params] of [
      ['eventLog.createInstance', { name: 'prefixed' }],
      ['eventLog.appendEvent', { instanceId: 'prefixed-2', autoCreateInstance: true }],
      ['eventLog.deleteInstance', { instanceId: 'welcome' }],
    ] as const) {
      const res = await apiCall(server.port, op, params, headers);
      expect(res.status, op).toBe(404);
      expect(res.json()).toMatchObject({ success: false, code: 'VALIDATION_ERROR' });
      expect((res.json() as { error: string }).error).toContain(`/api/${op.slice(9)}`);
    }
    expect(dbFingerprint(observer)).toBe(before);
  });

  it('refuses a body over the limit before reading it', async () => {
    const before = version();
    const huge = Buffer.alloc(65 * 1024 * 1024, 0x20);
    const res = await rawRequest({
      port: server.port,
      method: 'POST',
      path: '/api/appendEvents',
      headers: { ...auth(), 'content-type': 'application/json' },
      body: huge,
    }).catch((err: NodeJS.ErrnoException) => ({ status: err.code ?? 'error' }));
    // Either the 413 arrives, or the connection is cut while we are still sending: both refuse.
    expect([413, 'EPIPE', 'ECONNRESET']).toContain(res.status);
    expect(version()).toBe(before);
  });

  it('serves only the built renderer, with a strict CSP and no path traversal', async () => {
    const page = await rawRequest({ port: server.port, path: '/' });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    for (const p of [
      '/../package.json',
      '/%2e%2e/package.json',
      '/..%2fpackage.json',
      '/assets/..%2f..%2f..%2fpackage.json',
      '/%00index.html',
      '/index.html%00.js',
    ]) {
      const res = await rawRequest({ port: server.port, path: p });
      expect(res.status, p).toBe(404);
      expect(res.body).not.toContain('"name": "eventlens"');
    }
  });
});

describe('eventlens serve refuses to listen beyond loopback', () => {
  it('startServer itself refuses a non-loopback host before opening a socket', async () => {
    const ctx = openTempService();
    try {
      for (const host of ['0.0.0.0', '::', '10.0.0.1']) {
        await expect(
          startServer({
            service: ctx.service,
            feed: { subscribe: () => () => {} },
            rendererDir: path.join(repoRoot, 'out', 'renderer'),
            host,
          }),
        ).rejects.toThrow(ServerConfigError);
      }
    } finally {
      ctx.close();
    }
  });

  it.each(['0.0.0.0', '::', '192.168.1.10', 'example.com'])(
    '--host %s exits 2 and does not touch the database',
    async (host) => {
      requireBuild();
      const { dir: d, cleanup } = tempDir();
      try {
        const file = path.join(d, 'never.db');
        const err = await run(process.execPath, [
          cliLauncher,
          'serve',
          '--db',
          file,
          '--port',
          '0',
          '--host',
          host,
        ]).then(
          () => null,
          (e: { code?: number; stderr?: string }) => e,
        );
        expect(err?.code).toBe(2);
        expect(err?.stderr).toContain('127.0.0.1 only');
        expect(fs.existsSync(file)).toBe(false);
      } finally {
        cleanup();
      }
    },
  );
});
