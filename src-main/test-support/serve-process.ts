import { spawn, type ChildProcess } from 'node:child_process';
import readline from 'node:readline';
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
  /** SIGTERM, then the exit code (the server closes its database before exiting). */
  stop(): Promise<number | null>;
}

const urlLine = /^Open (http:\/\/127\.0\.0\.1:(\d+)\/\?token=([A-Za-z0-9_-]+))$/u;

/**
 * Starts `eventlens serve --db FILE --port 0` as a real process and resolves once it has printed
 * its address (the signal that it listens), or rejects with its output if it exits first.
 */
export function startServeProcess(db: string, extraArgs: string[] = []): Promise<ServeProcess> {
  requireBuild();
  const child = spawn(
    process.execPath,
    [cliLauncher, 'serve', '--db', db, '--port', '0', ...extraArgs],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (output += d));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  return new Promise<ServeProcess>((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      output += `${line}\n`;
      const m = urlLine.exec(line);
      if (!m) return;
      const url = m[1]!;
      resolve({
        url,
        origin: new URL(url).origin,
        port: Number(m[2]),
        token: m[3]!,
        child,
        output: () => output,
        stop: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          return exited;
        },
      });
    });
    void exited.then((code) =>
      reject(new Error(`eventlens serve exited (code ${code}) before listening:\n${output}`)),
    );
  });
}
