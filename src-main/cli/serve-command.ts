import { spawn } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { resolveDatabase } from '../engine/paths';
import { openHost, type Host } from '../host/open-host';
import { UploadStore } from '../jobs/upload-store';
import { exportRoutes } from '../server/export-routes';
import { ServerConfigError, startServer } from '../server/http-server';
import { importRoutes } from '../server/import-routes';
import { jobRoutes } from '../server/job-routes';
import { openRoutes } from '../server/open-routes';
import { sourceRoutes } from '../server/source-routes';
import { isLoopbackHost } from '../server/request-guard';
import { UsageError, exitCodes, type Command } from './command';
import { reportMirror } from './mirror-progress';
import { dbOption } from './open-engine';
import { serveAddressLine } from './serve-address';

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

/** The signals that stop the server cleanly: Ctrl+C, kill, and the terminal going away. */
const stopSignals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals) => {
      // A second signal while closing takes the default way out (Ctrl+C twice stops at once).
      for (const s of stopSignals) process.off(s, on);
      resolve(signal);
    };
    for (const s of stopSignals) process.on(s, on);
  });
}

/**
 * A closed stdout or stderr (the terminal went away, the reader of a pipe exited) must not
 * crash the server before it cleans up: an unhandled EPIPE would. What it says is then lost.
 */
function keepRunningWithoutOutput(): void {
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});
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
    const { values } = parseArgs({ args: argv, options: serveOptions });
    return runBrowserMode(values);
  },
};

/** The options of `serve`, which `open` takes too. */
export const serveOptions = {
  ...dbOption,
  port: { type: 'string' },
  host: { type: 'string' },
  open: { type: 'boolean' },
} as const;

/**
 * Browser mode until a stop signal. `started` runs once the server listens (eventlens open
 * starts its imports there) and may give a view fragment (`#instance=…`) for the address.
 */
export async function runBrowserMode(
  values: { db?: string; port?: string; host?: string; open?: boolean },
  started?: (host: Host, uploads: UploadStore) => Promise<string> | string,
): Promise<number> {
  // Everything about the bind is checked before the database is opened or created.
  const bind = values.host ?? '127.0.0.1';
  if (!isLoopbackHost(bind)) {
    throw new UsageError(
      `--host ${bind}: browser mode listens on 127.0.0.1 only (anyone who reaches the port ` +
        `could read and change the event log)`,
    );
  }
  const port = parsePort(values.port);
  keepRunningWithoutOutput();
  // Listening for the stop signals before anything is opened: a signal with no handler ends
  // the process at once, and whoever reads the address may stop the server right after it.
  const stopped = untilSignal();
  const { file, isDefault } = resolveDatabase(values.db);
  const host = openHost({ db: file, createFolder: isDefault, workerDir: import.meta.dirname });
  // The columnar mirror builds in the background; its progress goes to stderr.
  if (host.mirror) reportMirror(host.mirror);
  // Uploads and browser-mode exports live in the host's temp folder: gone when it closes.
  const uploads = new UploadStore(host.tempDir);
  const plugins = [
    jobRoutes(host.jobs),
    importRoutes(host.jobs, uploads),
    exportRoutes(host.jobs, { parent: host.tempDir }),
    sourceRoutes(host.sources),
    openRoutes(host, uploads),
  ];
  let server;
  try {
    server = await startServer({
      service: host.service,
      feed: host.feed,
      rendererDir,
      host: bind,
      port,
      plugins,
    });
  } catch (err) {
    await host.close();
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
  host.onClose(() => server.close());
  console.log(`Eventlens browser mode on ${host.engine.file}`);
  const url = server.url + ((await started?.(host, uploads)) ?? '');
  console.log(serveAddressLine(url));
  console.log('Press Ctrl+C to stop.');
  if (values.open) openBrowser(url);

  const signal = await stopped;
  console.log(`eventlens: ${signal}: stopping`);
  await host.close();
  return exitCodes.ok;
}
