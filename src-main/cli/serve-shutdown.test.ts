import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cliLauncher } from '../test-support/built-cli';
import { launchServing, type ServeProcess } from '../test-support/serve-process';
import { tempDir } from '../test-support/temp-db';

/**
 * `eventlens serve` (the built CLI, a real process) stopped the ways a server is stopped in
 * real life. Uploads are copies of the user's logs: none may stay in the temp folder. Each
 * server gets a temp folder of its own (TMPDIR) to look into.
 */
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function serve(): Promise<{ server: ServeProcess; tmp: string }> {
  const data = tempDir();
  const tmp = tempDir();
  cleanups.push(data.cleanup, tmp.cleanup);
  const server = await launchServing(
    [cliLauncher, 'serve', '--db', path.join(data.dir, 'serve.db'), '--port', '0'],
    { ...process.env, TMPDIR: tmp.dir },
  );
  cleanups.push(() => server.stop());
  return { server, tmp: tmp.dir };
}

/** Uploads a small log as the import dialog does; the server keeps a copy in its temp folder. */
async function upload(server: ServeProcess, tmp: string): Promise<void> {
  const res = await fetch(`${server.origin}/api/import/upload?name=access.log`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.token}` },
    body: '10.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" 200 2326\n',
  });
  expect(await res.json()).toMatchObject({ success: true, data: { name: 'access.log' } });
  const copies = fs
    .readdirSync(tmp, { recursive: true, encoding: 'utf8' })
    .filter((p) => p.endsWith('access.log'));
  expect(copies).toHaveLength(1);
}

function exited(server: ServeProcess): Promise<{ code: number | null; signal: string | null }> {
  const child = server.child;
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  }
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

describe('eventlens serve stops cleanly', () => {
  it('on SIGHUP (the terminal closed), like Ctrl+C: exit 0, no upload left', async () => {
    const { server, tmp } = await serve();
    await upload(server, tmp);
    server.child.kill('SIGHUP');
    expect(await exited(server)).toEqual({ code: 0, signal: null });
    expect(server.output()).toContain('SIGHUP: stopping');
    expect(fs.readdirSync(tmp)).toEqual([]);
  });

  it('on SIGTERM with its stdout closed (no crash on EPIPE): exit 0, no upload left', async () => {
    const { server, tmp } = await serve();
    await upload(server, tmp);
    // The reader of its output went away: writing "stopping" now fails with EPIPE.
    server.child.stdout!.destroy();
    server.child.kill('SIGTERM');
    expect(await exited(server)).toEqual({ code: 0, signal: null });
    expect(server.output()).not.toContain('EPIPE');
    expect(fs.readdirSync(tmp)).toEqual([]);
  });

  it('removes the temp folders of servers that died without cleaning up (kill -9) when it starts', async () => {
    const first = await serve();
    await upload(first.server, first.tmp);
    first.server.child.kill('SIGKILL');
    expect(await exited(first.server)).toEqual({ code: null, signal: 'SIGKILL' });
    const left = fs.readdirSync(first.tmp);
    expect(left).toHaveLength(1);
    // Also one of a process that is gone for sure, made by hand.
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    fs.mkdirSync(path.join(first.tmp, `eventlens-host-${dead}-AbCdEf`, 'uploads'), {
      recursive: true,
    });

    const data = tempDir();
    cleanups.push(data.cleanup);
    const second = await launchServing(
      [cliLauncher, 'serve', '--db', path.join(data.dir, 'second.db'), '--port', '0'],
      { ...process.env, TMPDIR: first.tmp },
    );
    cleanups.push(() => second.stop());
    const now = fs.readdirSync(first.tmp);
    expect(now).toHaveLength(1);
    expect(now[0]).toMatch(new RegExp(`^eventlens-host-${second.child.pid}-`));
    expect(await second.stop()).toBe(0);
    expect(fs.readdirSync(first.tmp)).toEqual([]);
  });
});
