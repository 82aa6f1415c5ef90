import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The repository root (this file is src-main/test-support/built-cli.ts). */
export const repoRoot = path.resolve(import.meta.dirname, '..', '..');
export const cliLauncher = path.join(repoRoot, 'bin', 'eventlens.js');

/** Fails with a clear message when the build the test needs is missing. */
export function requireBuild(): void {
  const cli = path.join(repoRoot, 'out', 'main', 'cli.js');
  const renderer = path.join(repoRoot, 'out', 'renderer', 'index.html');
  for (const file of [cli, renderer]) {
    if (!fs.existsSync(file))
      throw new Error(`${file} is missing: run "npm run build" before these tests`);
  }
}

/**
 * Runs the built `eventlens` CLI as a separate process (a real second writer on the file) and
 * returns its parsed envelope.
 */
export async function runCli(
  operation: string,
  params: unknown,
  db: string,
): Promise<{ success: boolean; data?: unknown; code?: string; error?: string }> {
  requireBuild();
  const { stdout } = await run(
    process.execPath,
    [cliLauncher, operation, JSON.stringify(params), '--db', db, '--compact'],
    { encoding: 'utf8' },
  ).catch((err: { stdout?: string }) => {
    if (typeof err.stdout === 'string' && err.stdout.trim().startsWith('{'))
      return { stdout: err.stdout };
    throw err;
  });
  return JSON.parse(stdout) as { success: boolean; data?: unknown; code?: string; error?: string };
}
