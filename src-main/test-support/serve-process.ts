import { spawn, type ChildProcess } from 'node:child_process';
import readline from 'node:readline';
import { serveAddressIn } from '../cli/serve-address';
import { cliLauncher, requireBuild } from './built-cli';

export interface ServeProcess {
  /** The printed address, token included. */
  url: string;
  origin: string;
  port: number;
  token: string;
  child: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** Lines written to stdout before the address, in order. */
  linesBeforeUrl: string[];
  /** SIGTERM, then the exit code (the server closes its database before exiting). */
  stop(): Promise<number | null>;
}

/**
 * Starts a Node process (`node <argv>`) that ends up serving browser mode, and resolves once it
 * has printed its address (the signal that it listens), or rejects with its output if it exits
 * first.
 */
export function launchServing(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<ServeProcess> {
  requireBuild();
  const child = spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', 'pipe'], env });
  let output = '';
  const linesBeforeUrl: string[] = [];
  child.stderr.setEncoding('utf8').on('data', (d: string) => (output += d));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  return new Promise<ServeProcess>((resolve, reject) => {
    let found = false;
    const lines = readline.createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      output += `${line}\n`;
      const address = found ? null : serveAddressIn(line);
      if (!address) {
        if (!found) linesBeforeUrl.push(line);
        return;
      }
      found = true;
      const { url, port, token } = address;
      resolve({
        url,
        origin: new URL(url).origin,
        port,
        token,
        child,
        output: () => output,
        linesBeforeUrl,
        stop: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          return exited;
        },
      });
    });
    void exited.then((code) =>
      reject(new Error(`the process exited (code ${code}) before listening:\n${output}`)),
    );
  });
}

/** `eventlens serve --db FILE --port 0` as a real process. */
export function startServeProcess(db: string, extraArgs: string[] = []): Promise<ServeProcess> {
  return launchServing([cliLauncher, 'serve', '--db', db, '--port', '0', ...extraArgs]);
}
