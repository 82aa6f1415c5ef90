import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cliLauncher, repoRoot, requireBuild } from '../test-support/built-cli';
import { runCliArgs, unprivileged, type CliResult } from '../test-support/cli-process';
import { launchServing } from '../test-support/serve-process';
import { tempDir } from '../test-support/temp-db';

/**
 * Paths as `--db` that cannot be a database, and output that nobody reads: one line saying
 * what is wrong (never a stack trace) and exit 1, or a quiet exit when `head` has had enough.
 * Real processes of the built CLI.
 */
let dir: { dir: string; cleanup: () => void };
beforeAll(() => requireBuild());
afterEach(() => dir?.cleanup());

function expectOneLineRefusal(r: CliResult, message: RegExp): void {
  expect(r.code).toBe(1);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(message);
  expect(r.stderr.trimEnd().split('\n'), r.stderr).toHaveLength(1);
  expect(r.stderr).not.toMatch(/unexpected error|\n\s+at /u);
}

describe('--db that cannot be a database', () => {
  it('a folder (EISDIR)', () => {
    dir = tempDir();
    expectOneLineRefusal(
      runCliArgs(['listInstances', '--db', dir.dir]),
      /^eventlens: .+ is a folder, not a database file/u,
    );
  });

  it('a path whose folder does not exist (ENOENT): nothing is created', () => {
    dir = tempDir();
    const missing = path.join(dir.dir, 'no', 'such', 'folder');
    expectOneLineRefusal(
      runCliArgs(['createInstance', '{"name":"a"}', '--db', path.join(missing, 'x.db')]),
      /folder .*no\/such\/folder does not exist/u,
    );
    expect(fs.existsSync(path.join(dir.dir, 'no'))).toBe(false);
  });

  it('a path through a file (ENOTDIR)', () => {
    dir = tempDir();
    const file = path.join(dir.dir, 'plain.txt');
    fs.writeFileSync(file, 'text');
    expectOneLineRefusal(
      runCliArgs(['listInstances', '--db', path.join(file, 'x.db')]),
      /plain\.txt is a file, not a folder|not a folder/u,
    );
  });

  it('a path the user may not reach (EACCES), for every command that opens the database', () => {
    dir = tempDir(); // mode 0700, root's: `nobody` may not look inside
    const db = path.join(dir.dir, 'events.db');
    runCliArgs(['createInstance', '{"name":"a"}', '--db', db]);
    const user = unprivileged();
    const query = '{"query":{"from":{"instance":"a"}}}';
    for (const args of [
      ['listInstances', '--db', db],
      ['queryEvents', query, '--db', db],
      ['export', '--instance', 'a', '--out', path.join('/tmp', 'never.csv'), '--db', db],
      ['rpc', '--db', db],
    ]) {
      expectOneLineRefusal(runCliArgs(args, { user }), /permission denied/u);
    }
  });

  it('a folder in a read-only place: cannot create the database there', () => {
    dir = tempDir();
    fs.chmodSync(dir.dir, 0o755);
    const folder = path.join(dir.dir, 'ro');
    fs.mkdirSync(folder, { mode: 0o555 });
    expectOneLineRefusal(
      runCliArgs(['createInstance', '{"name":"a"}', '--db', path.join(folder, 'x.db')], {
        user: unprivileged(),
      }),
      /cannot create .*x\.db: its folder .* is not writable/u,
    );
    expect(fs.readdirSync(folder)).toEqual([]);
  });

  it('the default database (no --db) gets its folder created', () => {
    dir = tempDir();
    const r = runCliArgs(['createInstance', '{"name":"a"}', '--compact'], {
      env: { XDG_CONFIG_HOME: dir.dir },
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(fs.existsSync(path.join(dir.dir, 'Eventlens', 'eventlens.db'))).toBe(true);
  });

  it('serve on the default database (what `npm start` opens) gets its folder created too', async () => {
    dir = tempDir();
    const served = await launchServing([cliLauncher, 'serve', '--port', '0'], {
      ...process.env,
      EVENTLENS_DB: '',
      XDG_CONFIG_HOME: dir.dir,
    });
    expect(await served.stop()).toBe(0);
    expect(fs.existsSync(path.join(dir.dir, 'Eventlens', 'eventlens.db'))).toBe(true);
  });
});

describe('output read by `head`', () => {
  /** `eventlens ARGS | head -c 100` in bash with pipefail: the CLI's exit code and stderr. */
  function throughHead(args: string[], input = ''): { code: number; stderr: string } {
    const quoted = [process.execPath, cliLauncher, ...args].map(
      (a) => `'${a.replaceAll("'", "'\\''")}'`,
    );
    const r = spawnSync(
      'bash',
      ['-c', `set -o pipefail; ${quoted.join(' ')} 2>"$ERR" | head -c 100 >/dev/null; echo $?`],
      {
        input,
        cwd: repoRoot,
        env: { ...process.env, EVENTLENS_DB: '', ERR: path.join(dir.dir, 'stderr.txt') },
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    return {
      code: Number(r.stdout.trim()),
      stderr: fs.readFileSync(path.join(dir.dir, 'stderr.txt'), 'utf8'),
    };
  }

  /** An instance whose events print far more than a pipe holds (64 KiB). */
  function bigDatabase(): string {
    dir = tempDir();
    const db = path.join(dir.dir, 'big.db');
    const events = Array.from({ length: 2_000 }, (_, i) => ({
      streamId: `s${i % 10}`,
      payload: { i, text: 'x'.repeat(200) },
    }));
    const r = runCliArgs(['appendEvents', '-', '--db', db, '--compact'], {
      input: JSON.stringify({ instanceId: 'a', events, autoCreateInstance: true }),
    });
    expect(r.code).toBe(0);
    return db;
  }

  it('an operation whose envelope is cut short exits 0, saying nothing', () => {
    const db = bigDatabase();
    const query = '{"query":{"from":{"instance":"a"},"limit":2000}}';
    expect(throughHead(['queryEvents', query, '--db', db, '--pretty'])).toEqual({
      code: 0,
      stderr: '',
    });
  });

  it('rpc whose reader went away exits 0, saying nothing', () => {
    const db = bigDatabase();
    const line = JSON.stringify({
      type: 'queryEvents',
      requestId: 'q',
      params: { query: { from: { instance: 'a' }, limit: 500 } },
    });
    expect(throughHead(['rpc', '--db', db], `${line}\n`.repeat(20))).toEqual({
      code: 0,
      stderr: '',
    });
  });

  it('help cut short exits 0, saying nothing', () => {
    dir = tempDir();
    expect(throughHead(['--help'])).toEqual({ code: 0, stderr: '' });
  });
});
