import { spawn } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ChangeFeed } from '../engine/change-feed';
import { createMirroredQueryRunner } from '../engine/mirror/mirrored-query-runner';
import { EventLogService } from '../engine/service';
import { exportRoutes } from '../server/export-routes';
import { JobHost } from '../jobs/job-host';
import { ServerConfigError, startServer } from '../server/http-server';
import { importRoutes } from '../server/import-routes';
import { jobRoutes } from '../server/job-routes';
import { isLoopbackHost } from '../server/request-guard';
import { UsageError, exitCodes, type Command } from './command';
import { reportMirror } from './mirror-progress';
import { dbOption, openEngine } from './open-engine';

/** The built renderer, beside the built CLI (out/main/cli.js -> out/renderer). */
const rendererDir = path.resolve(import.meta.dirname, '..', 'renderer');

function parsePort(text: string | undefined): number {
  if (text === undefined) return 0;
  const port = Number(text);
  if (!/^\d{1,5}$/u.test(text) || port > 65535) {
    throw new UsageError(
      `--port: expected a port number 0-65535 (0: any free port), got "${text}"`,
    );
  }
  return port;
}

/** Opens a URL in the system browser; a failure is a warning, the server keeps running. */
function openBrowser(url: string): void {
  const [cmd, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '""', url]]
        : ['xdg-open', [url]];
  try {
    const child = spawn(cmd, args, { detached: true, stdio: 'ignore' });
    child.on('error', (err) =>
      console.error(`eventlens: could not open a browser: ${err.message}`),
    );
    child.unref();
  } catch (err) {
    console.error(`eventlens: could not open a browser: ${(err as Error).message}`);
  }
}

function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals) => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      resolve(signal);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}

export const serveCommand: Command = {
  name: 'serve',
  summary: 'browser mode: serve the app and the operations on http://127.0.0.1',
  help: `Usage: eventlens serve [--db PATH] [--port N] [--open]

Serves the app and the nine operations on http://127.0.0.1:PORT (loopback only) until Ctrl+C,
with change events (also those of other processes, like this CLI) pushed to every open page.
It prints the address to open; it carries a per-launch token, without which every call is
refused.

Options:
  --db PATH    the database (default: $EVENTLENS_DB, else the desktop app's file)
  --port N     the port (default 0: any free port)
  --host H     127.0.0.1 or localhost; any other address is refused
  --open       open the address in the system browser

The API: POST /api/<operation> with {"params": {...}, "requestId": "..."} and the header
"Authorization: Bearer <token>" answers the envelope; GET /api/events?token=<token> streams
change events (server-sent events).`,
  async run(argv) {
    const { values } = parseArgs({
      args: argv,
      options: {
        ...dbOption,
        port: { type: 'string' },
        host: { type: 'string' },
        open: { type: 'boolean' },
      },
    });
    // Everything about the bind is checked before the database is opened or created.
    const host = values.host ?? '127.0.0.1';
    if (!isLoopbackHost(host)) {
      throw new UsageError(
        `--host ${host}: browser mode listens on 127.0.0.1 only (anyone who reaches the port ` +
          `could read and change the event log)`,
      );
    }
    const port = parsePort(values.port);
    const engine = openEngine(values.db);
    // Queries run on worker threads, so a heavy one never stalls the server's other requests;
    // aggregations over payload fields go to the columnar mirror (built in the background, with
    // its progress on stderr).
    const { queryRunner, mirror } = createMirroredQueryRunner(engine, {
      workerScript: path.join(import.meta.dirname, 'query-worker.js'),
      mirrorWorkerScript: path.join(import.meta.dirname, 'mirror-worker.js'),
    });
    const service = new EventLogService(engine, { queryRunner });
    const feed = new ChangeFeed(service).start();
    mirror?.follow(feed);
    if (mirror) reportMirror(mirror);
    // Imports and exports run as jobs on worker threads; a committed import batch makes the feed
    // look at once, so pages see it as an ordinary change event.
    const jobs = new JobHost({
      workerFile: path.join(import.meta.dirname, 'io-worker.js'),
      db: engine.file,
      onCommit: () => feed.poll(),
      holdWhileRunning: () => queryRunner.holdBuilds(),
    });
    // Browser-mode exports write into a temp folder the server owns, then offer a download.
    const plugins = [jobRoutes(jobs), importRoutes(jobs), exportRoutes(jobs)];
    let server;
    try {
      server = await startServer({ service, feed, rendererDir, host, port, plugins });
    } catch (err) {
      await jobs.close();
      feed.stop();
      await queryRunner.close();
      engine.close();
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE') {
        console.error(`eventlens: port ${port} is in use; choose another with --port (0: any)`);
        return exitCodes.failed;
      }
      if (err instanceof ServerConfigError) {
        console.error(`eventlens: ${err.message}`);
        return exitCodes.failed;
      }
      throw err;
    }
    console.log(`Eventlens browser mode on ${engine.file}`);
    console.log(`Open ${server.url}`);
    console.log('Press Ctrl+C to stop.');
    if (values.open) openBrowser(server.url);

    const signal = await untilSignal();
    console.log(`eventlens: ${signal}: stopping`);
    await jobs.close();
    await server.close();
    feed.stop();
    await queryRunner.close();
    engine.close();
    return exitCodes.ok;
  },
};
