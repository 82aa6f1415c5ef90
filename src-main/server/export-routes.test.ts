import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ExportStarted } from '../../src-shared/contract/export-jobs';
import type { JobAnswer, JobSnapshot } from '../../src-shared/contract/jobs';
import { JobHost } from '../jobs/job-host';
import { requireBuilt } from '../test-support/run-cli';
import { routeServerPerTest } from '../test-support/route-server';
import { exportRoutes } from './export-routes';
import type { RunningServer } from './http-server';
import { jobRoutes } from './job-routes';

/** The export routes on a real server, job host (worker threads) and database file. */
const routes = routeServerPerTest();

/** The export folders this server made under the OS temp dir (they are named per server). */
const exportRoots = () =>
  new Set(fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith('eventlens-exports-')));

async function start(keepMs?: number) {
  const { ctx } = routes.database();
  await ctx.api.createInstance({ name: 'x' });
  await ctx.api.appendEvents({
    instanceId: 'x',
    events: Array.from({ length: 50 }, (_, i) => ({
      streamId: `s${i % 4}`,
      eventType: i % 2 ? 'odd' : 'even',
      payload: { i, name: `n${i}` },
    })),
  });
  const host = new JobHost({ workerFile: requireBuilt('io-worker.js'), db: ctx.file });
  const before = exportRoots();
  const server = await routes.listen(
    [jobRoutes(host), exportRoutes(host, keepMs === undefined ? {} : { keepMs })],
    [host],
  );
  const root = [...exportRoots()].find((n) => !before.has(n));
  return { server, host, root: path.join(os.tmpdir(), root!) };
}

async function startExport(s: RunningServer, body: unknown) {
  const res = await fetch(`${s.origin}/api/export/start`, {
    method: 'POST',
    headers: { authorization: `Bearer ${s.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, answer: (await res.json()) as JobAnswer<ExportStarted> };
}

async function finished(h: JobHost, jobId: string): Promise<JobSnapshot> {
  return (await h.whenDone(jobId))!;
}

const files = (dir: string) =>
  fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());

describe('export routes', () => {
  it('downloads a finished file once, by its key, then removes it', async () => {
    const { server: s, host: h, root } = await start();
    const { status, answer } = await startExport(s, {
      query: {
        from: { instance: 'x' },
        where: [{ field: 'event_type', operator: 'eq', value: 'odd' }],
      },
      format: 'ndjson',
      fileName: 'odd événements.ndjson',
    });
    expect(status).toBe(200);
    if (!answer.success) throw new Error(answer.error);
    const { snapshot, downloadUrl } = answer.data;
    expect(downloadUrl).not.toContain(s.token);
    expect((await finished(h, snapshot.jobId)).state).toBe('done');
    // The server's folder stays its own: job lookups give the report without the file's path.
    const auth = { headers: { authorization: `Bearer ${s.token}` } };
    const one = (await (await fetch(`${s.origin}/api/jobs/${snapshot.jobId}`, auth)).json()) as {
      data: JobSnapshot;
    };
    const all = (await (await fetch(`${s.origin}/api/jobs`, auth)).json()) as {
      data: { jobs: JobSnapshot[] };
    };
    for (const job of [one.data, ...all.data.jobs]) {
      expect(job.state).toBe('done');
      expect(job.result).toMatchObject({ rows: 25, file: null });
    }

    // The session token does not open it; only the key does, once.
    const withToken = await fetch(
      `${s.origin}${downloadUrl.replace(/key=[^&]+/u, `key=${s.token}`)}`,
    );
    expect(withToken.status).toBe(401);
    const res = await fetch(`${s.origin}${downloadUrl}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="odd _v_nements.ndjson"; filename*=UTF-8''${encodeURIComponent('odd événements.ndjson')}`,
    );
    const lines = (await res.text()).trimEnd().split('\n');
    expect(lines).toHaveLength(25);
    expect(lines.every((l) => (JSON.parse(l) as { event_type: string }).event_type === 'odd')).toBe(
      true,
    );
    // Removed once the server has sent the last byte.
    await expect.poll(() => files(root).length, { timeout: 30_000 }).toBe(0);
    expect((await fetch(`${s.origin}${downloadUrl}`)).status).toBe(401);
  });

  it('removes a file nobody downloads after keepMs, and everything when the server stops', async () => {
    const { server: s, host: h, root } = await start(150);
    const { answer } = await startExport(s, {
      query: { from: { instance: 'x' } },
      format: 'csv',
      fileName: 'all.csv',
    });
    if (!answer.success) throw new Error(answer.error);
    await finished(h, answer.data.snapshot.jobId);
    expect(files(root).map((f) => f.name)).toEqual(['all.csv']);
    await expect.poll(() => files(root).length, { timeout: 5_000 }).toBe(0);
    expect((await fetch(`${s.origin}${answer.data.downloadUrl}`)).status).toBe(401);

    const again = await startExport(s, {
      query: { from: { instance: 'x' } },
      format: 'json',
      fileName: 'all.json',
    });
    if (!again.answer.success) throw new Error(again.answer.error);
    await finished(h, again.answer.data.snapshot.jobId);
    await s.close();
    expect(fs.existsSync(root)).toBe(false);
  });

  it('refuses bad input with the path, before anything is written', async () => {
    const { server: s, root } = await start();
    const cases: [unknown, RegExp][] = [
      [{ query: { from: { instance: 'x' } }, format: 'csv' }, /^fileName: /u],
      [
        { query: { from: { instance: 'x' } }, format: 'csv', fileName: 'a/b.csv' },
        /^fileName: a file name, without folders/u,
      ],
      [{ query: { from: { instance: 'missing' } }, format: 'csv', fileName: 'a.csv' }, /missing/u],
      [
        { query: { from: { instance: 'x' } }, format: 'csv', fileName: 'a.csv', columns: ['p..q'] },
        /p\.\.q/u,
      ],
    ];
    for (const [body, message] of cases) {
      const { status, answer } = await startExport(s, body);
      expect(status).toBe(400);
      expect(answer.success).toBe(false);
      if (!answer.success) expect(answer.error).toMatch(message);
    }
    expect(files(root)).toEqual([]);
    const noToken = await fetch(`${s.origin}/api/export/start`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(noToken.status).toBe(401);
  });
});
