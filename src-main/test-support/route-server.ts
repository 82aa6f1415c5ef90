import path from 'node:path';
import { afterEach } from 'vitest';
import { ChangeFeed } from '../engine/change-feed';
import { startServer, type RunningServer } from '../server/http-server';
import type { ServerPlugin } from '../server/http-util';
import { repoRoot, requireBuild } from './built-cli';
import { openTempService } from './temp-db';

type TempService = ReturnType<typeof openTempService>;

/** What owns worker threads behind some routes (a JobHost, a SourcesService). */
interface Closable {
  close(): Promise<unknown>;
}

/**
 * A real HTTP server over a temp database file and its change feed, for the tests of one
 * group of routes. What a test opens is closed after it, in the hosts' order: the workers
 * behind the routes, the server, the feed, the database.
 */
export function routeServerPerTest() {
  let open:
    { ctx: TempService; feed: ChangeFeed; workers: Closable[]; server?: RunningServer } | undefined;
  afterEach(async () => {
    const o = open;
    open = undefined;
    if (!o) return;
    for (const w of o.workers) await w.close();
    await o.server?.close();
    o.feed.stop();
    o.ctx.close();
  });
  return {
    /** The database with its service, and a change feed that polls only when told to. */
    database() {
      requireBuild();
      const ctx = openTempService();
      const feed = new ChangeFeed(ctx.service, { intervalMs: 0 }).start();
      open = { ctx, feed, workers: [] };
      return { ctx, feed };
    },
    /** Serves `plugins` over the database; `workers` are closed before the server. */
    async listen(plugins: ServerPlugin[], workers: Closable[]): Promise<RunningServer> {
      if (!open) throw new Error('routeServerPerTest: open the database() first');
      open.workers.push(...workers);
      const server = await startServer({
        service: open.ctx.service,
        feed: open.feed,
        rendererDir: path.join(repoRoot, 'out', 'renderer'),
        plugins,
      });
      // A test may close its server itself (to see what closing does); it closes once.
      let closed: Promise<void> | undefined;
      open.server = { ...server, close: () => (closed ??= server.close()) };
      return open.server;
    },
  };
}
