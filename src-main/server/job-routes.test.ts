import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JobSnapshot } from '../../src-shared/contract/jobs';
import { JobHost } from '../jobs/job-host';
import { requireBuilt } from '../test-support/run-cli';
import { routeServerPerTest } from '../test-support/route-server';
import { readEventStream, type SseEvent } from '../test-support/sse-reader';
import { jobRoutes } from './job-routes';

/** The job routes on a real HTTP server with a real JobHost (worker threads, database file). */
const routes = routeServerPerTest();

async function start() {
  const { ctx, feed } = routes.database();
  const host = new JobHost({
    workerFile: requireBuilt('io-worker.js'),
    db: ctx.file,
    progressIntervalMs: 50,
    onCommit: () => feed.poll(),
  });
  const server = await routes.listen([jobRoutes(host)], [host]);
  return { ctx, server, host };
}

function file(dir: string, n: number): string {
  const p = path.join(dir, 'in.ndjson');
  let text = '';
  for (let i = 0; i < n; i++) text += `{"s":"s${i % 3}","t":"x","i":${i}}\n`;
  fs.writeFileSync(p, text);
  return p;
}

describe('job routes (browser mode)', () => {
  it('pushes job snapshots and the import’s change events on the stream; GET answers a snapshot', async () => {
    const { ctx, server, host } = await start();
    const input = file(ctx.dir, 5_000);
    // The stream is open (`ready` seen) before the job starts.
    const stream = await readEventStream(server.port, server.token);
    const jobId = host.startImport({ instance: 'web', batchSize: 1_000 }, [input]).jobId;
    const done = (e: SseEvent) =>
      e.event === 'job' && (JSON.parse(e.data) as JobSnapshot).state === 'done';
    const seen = await stream.until((events) => events.some(done));
    stream.close();
    const events = seen
      .filter((e) => e.event !== 'ready')
      .map((e) => ({ event: e.event, data: JSON.parse(e.data) as unknown }));
    const jobs = events.filter((e) => e.event === 'job').map((e) => e.data as JobSnapshot);
    expect(jobs[0]).toMatchObject({ jobId, state: 'running', kind: 'import' });
    expect(jobs.at(-1)).toMatchObject({ jobId, state: 'done', result: { events: 5_000 } });
    const appended = events
      .filter((e) => e.event === 'change' && (e.data as { kind: string }).kind === 'eventsAppended')
      .reduce((n, e) => n + (e.data as { count: number }).count, 0);
    expect(appended).toBe(5_000);

    const auth = { authorization: `Bearer ${server.token}` };
    const got = await fetch(`${server.origin}/api/jobs/${jobId}`, { headers: auth });
    expect(got.status).toBe(200);
    expect(await got.json()).toMatchObject({ success: true, data: { jobId, state: 'done' } });
    const list = await fetch(`${server.origin}/api/jobs`, { headers: auth });
    expect(await list.json()).toMatchObject({ success: true, data: { jobs: [{ jobId }] } });
    const cancel = await fetch(`${server.origin}/api/jobs/cancel`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ jobId }),
    });
    expect(await cancel.json()).toEqual({ success: true, data: { cancelled: false } });
  });

  it('refuses bad input with a clear error: no token, bad ids, unknown jobs, wrong methods', async () => {
    const { server } = await start();
    const auth = { authorization: `Bearer ${server.token}` };
    const json = { ...auth, 'content-type': 'application/json' };
    const unknown = '00000000-0000-4000-8000-000000000000';
    const cases: [RequestInit & { path: string }, number, RegExp][] = [
      [{ path: `jobs/${unknown}` }, 401, /missing token/u],
      [{ path: `jobs/${unknown}`, headers: auth }, 404, /no job/u],
      [{ path: 'jobs/not-a-uuid', headers: auth }, 400, /jobId/u],
      [
        { path: 'jobs/cancel', method: 'POST', headers: json, body: '{"jobId":"x"}' },
        400,
        /jobId/u,
      ],
      [
        { path: 'jobs/cancel', method: 'POST', headers: json, body: `{"jobId":"${unknown}"}` },
        404,
        /no job/u,
      ],
      [{ path: 'jobs/cancel', method: 'POST', headers: json, body: '{' }, 400, /not valid JSON/u],
      [{ path: 'jobs/cancel', method: 'POST', headers: auth, body: '{}' }, 400, /Content-Type/u],
      [{ path: 'jobs/cancel', method: 'PUT', headers: auth }, 405, /method not allowed/u],
      [{ path: 'jobs', method: 'POST', headers: auth }, 405, /method not allowed/u],
    ];
    for (const [{ path: p, ...init }, status, error] of cases) {
      const res = await fetch(`${server.origin}/api/${p}`, init);
      expect(res.status, p).toBe(status);
      expect(((await res.json()) as { error: string }).error, p).toMatch(error);
    }
  });
});
