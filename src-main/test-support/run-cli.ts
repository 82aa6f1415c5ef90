import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const repoRoot = path.resolve(import.meta.dirname, '../..');
const bin = path.join(repoRoot, 'bin', 'eventlens.js');

/** The built files a test needs; a clear failure when `npm run build` has not run. */
export function requireBuilt(file: string): string {
  const full = path.join(repoRoot, 'out', 'main', file);
  if (!fs.existsSync(full)) {
    throw new Error(`${full} is missing: run "npm run build" before these tests (npm test does)`);
  }
  return full;
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Starts `node bin/eventlens.js ...args` as a real process. */
export function startCli(args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  requireBuilt('cli.js');
  return spawn(process.execPath, [bin, ...args], {
    cwd: repoRoot,
    env: { ...process.env, EVENTLENS_DB: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export function collect(child: ChildProcess): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return collect(startCli(args, env));
}
