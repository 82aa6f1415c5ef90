import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SourceSnapshot } from '../../src-shared/contract/sources';
import { SourcesService } from '../jobs/sources-service';
import { requireBuilt } from '../test-support/run-cli';
import { routeServerPerTest } from '../test-support/route-server';
import { readEventStream } from '../test-support/sse-reader';
import { sourceRoutes } from './source-routes';

/** The live-source routes on a real server, with a real follow worker and database file. */
const routes = routeServerPerTest();

async function start() {
  const { ctx, feed } = routes.database();
  const sources = new SourcesService(ctx.engine, {
    workerFile: requireBuilt('follow-worker.js'),
    pollMs: 30,
    statsMs: 50,
    onCommit: () => feed.poll(),
  });
  const server = await routes.listen([sourceRoutes(sources)], [sources]);
  return { ctx, server };
}

describe('source routes (browser mode)', () => {
  it('adds a path on this machine, pushes the list and the new events on the stream', async () => {
    const { ctx, server } = await start();
    const file = path.join(ctx.dir, 'app.log');
    fs.writeFileSync(file, '{"n":1}\n{"n":2}\n');
    const stream = await readEventStream(server.port, server.token);
    const json = { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' };
    const res = await fetch(`${server.origin}/api/sources/add`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ path: file, instance: 'web' }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ success: true, data: { path: file } });
    fs.appendFileSync(file, '{"n":3}\n');
    const events = await stream.until((all) => {
      const appended = all
        .filter((e) => e.event === 'change')
        .map((e) => JSON.parse(e.data) as { kind: string; count?: number })
        .filter((c) => c.kind === 'eventsAppended')
        .reduce((n, c) => n + (c.count ?? 0), 0);
      return appended === 3;
    });
    stream.close();
    const lists = events
      .filter((e) => e.event === 'sources')
      .map((e) => JSON.parse(e.data) as SourceSnapshot[]);
    expect(lists.at(-1)?.[0]).toMatchObject({
      path: file,
      instanceName: 'web',
      state: 'following',
    });

    const list = await fetch(`${server.origin}/api/sources`, { headers: json });
    expect(await list.json()).toMatchObject({ success: true, data: { sources: [{ events: 3 }] } });
  });

  it('refuses bad input with a clear error and the status it calls for', async () => {
    const { ctx, server } = await start();
    const json = { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' };
    const missing = path.join(ctx.dir, 'missing.log');
    const cases: [string, unknown, number, RegExp][] = [
      ['sources/add', { path: missing, instance: 'x' }, 400, /no such file on this machine/u],
      ['sources/add', { path: 'x.log', instance: 'x' }, 400, /absolute path/u],
      ['sources/add', { instance: 'x' }, 400, /^path: /u],
      ['sources/pause', { sourceId: 99 }, 404, /no live source 99/u],
      ['sources/remove', { sourceId: -1 }, 400, /^sourceId: /u],
    ];
    for (const [route, body, status, error] of cases) {
      const res = await fetch(`${server.origin}/api/${route}`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify(body),
      });
      expect(res.status, route).toBe(status);
      expect(((await res.json()) as { error: string }).error, route).toMatch(error);
    }
    expect(ctx.engine.db.prepare('SELECT COUNT(*) AS n FROM instances').get()).toEqual({ n: 0 });
  });
});
