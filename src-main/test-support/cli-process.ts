import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import readline from 'node:readline';
import { cliLauncher, repoRoot, requireBuild } from './built-cli';

/**
 * The built CLI as real processes: one-shot runs with any arguments (exit code, stdout,
 * stderr), and `eventlens rpc` as a long-lived writer. `npm test` builds before the tests;
 * without a build these fail with "run npm run build".
 */
export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `eventlens <args>` to completion. */
export function runCliArgs(
  args: string[],
  options: {
    input?: string;
    env?: NodeJS.ProcessEnv;
    cwd?: string;
    /** Run as another user (see `unprivileged`). */
    user?: { uid: number; gid: number };
  } = {},
): CliResult {
  requireBuild();
  const r = spawnSync(process.execPath, [cliLauncher, ...args], {
    input: options.input ?? '',
    env: { ...process.env, EVENTLENS_DB: '', ...options.env },
    cwd: options.cwd ?? repoRoot,
    encoding: 'utf8',
    timeout: 60_000,
    ...(options.user ?? {}),
  });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * A user for whom file permissions hold. Tests run as root here, and root writes to a chmod 444
 * file or a read-only folder anyway; a process started as `nobody` is refused as a user would
 * be. Run as another user already, permissions hold for this one: undefined.
 */
export function unprivileged(): { uid: number; gid: number } | undefined {
  return process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : undefined;
}

/** One envelope as it comes over the wire (parsed JSON). */
export type WireReply = {
  type: string;
  success: boolean;
  requestId: string;
  data?: unknown;
  error?: string;
  code?: string;
  details?: Record<string, unknown>;
};

/**
 * `eventlens rpc --db FILE` as a child process: requests go in as NDJSON lines, envelopes come
 * back one per line and in order. An envelope read back is an acknowledged operation.
 */
export class RpcProcess {
  readonly child: ChildProcessWithoutNullStreams;
  private readonly waiting: { resolve: (reply: WireReply) => void; reject: (e: Error) => void }[] =
    [];
  /** Envelopes nobody asked for (a bug the tests would see). */
  readonly unexpected: WireReply[] = [];
  private nextId = 1;
  stderr = '';
  /** Lengths of output lines that were not whole JSON (cut by a kill). */
  readonly cutLines: number[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Settles once the process has exited and every line it printed has been read. */
  readonly closed: Promise<void>;

  constructor(dbFile: string) {
    requireBuild();
    this.child = spawn(process.execPath, [cliLauncher, 'rpc', '--db', dbFile], {
      cwd: repoRoot,
      env: { ...process.env, EVENTLENS_DB: '' },
    });
    this.child.stderr.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.child.stdin.on('error', () => {}); // a killed child closes the pipe; the test checks acks
    const lines = readline.createInterface({ input: this.child.stdout });
    this.closed = new Promise((resolve) => lines.on('close', resolve));
    lines.on('line', (line) => {
      let reply: WireReply;
      try {
        reply = JSON.parse(line) as WireReply;
      } catch {
        // Only a process killed in the middle of printing leaves a cut line: not acknowledged.
        this.cutLines.push(line.length);
        return;
      }
      const waiter = this.waiting.shift();
      if (waiter) waiter.resolve(reply);
      else this.unexpected.push(reply);
    });
    this.exited = new Promise((resolve) =>
      this.child.on('exit', (code, signal) => resolve({ code, signal })),
    );
    // A request the process can no longer answer fails with what it said, rather than hanging
    // the test until its timeout.
    void this.exited.then(async ({ code, signal }) => {
      await this.closed;
      for (const waiter of this.waiting.splice(0)) {
        waiter.reject(
          new Error(`eventlens rpc exited (${signal ?? code}) before answering: ${this.stderr}`),
        );
      }
    });
  }

  /** Sends one request without waiting; the promise settles when its envelope arrives. */
  send(type: string, params: unknown): Promise<WireReply> {
    const requestId = `r${this.nextId++}`;
    return this.sendRaw(JSON.stringify({ type, requestId, params }));
  }

  /** Writes a raw line (for tests of bad input). */
  sendRaw(line: string): Promise<WireReply> {
    const reply = new Promise<WireReply>((resolve, reject) =>
      this.waiting.push({ resolve, reject }),
    );
    this.child.stdin.write(line + '\n');
    return reply;
  }

  /** Ends stdin and waits for a clean exit. */
  async close(): Promise<number | null> {
    this.child.stdin.end();
    return (await this.exited).code;
  }

  kill9(): Promise<unknown> {
    this.child.kill('SIGKILL');
    return this.exited;
  }
}
