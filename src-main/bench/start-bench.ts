import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { serveAddressIn } from '../cli/serve-address';
import { mirrorFileFor, mirrorFiles } from '../engine/mirror/mirror-files';
import { shopMonthDatabase } from './bench-data';
import { mib, readOptions, table } from './measure';

/**
 * From start to first rows: `eventlens serve` on a big database as a real process, from its
 * spawn to (1) the address printed, (2) the answer to what the window asks first — the
 * instances, then the newest page of 200 events of the instance, newest first, without a total
 * (use-event-pages.ts; the total is a request of its own that follows). Issue 21's target: the
 * first rows of a 10M-event file within 1 s of starting.
 *
 * The baseline, in the same run: a Node process that opens the same file with better-sqlite3
 * and reads the same 200 rows straight from the instance's table (no engine, no server): what
 * starting Node and reading a page costs on this machine anyway.
 *
 * Each start finds no mirror (its sidecar is deleted first): the mirror's build starts at the
 * same moment, the worst case for the first rows (a first open of an existing log).
 * `--mirror keep` keeps the sidecar the previous start left (a later open).
 *
 *   npm run bench -- start [--events 1000000] [--reps 3] [--mirror fresh|keep]
 *
 * (`--events 10000000` for the issue's figure: its database is generated once under .bench/,
 * ~3 GB, several minutes.)
 */
export async function runStartBench(argv: string[]): Promise<void> {
  const values = readOptions(argv, { events: 1_000_000, reps: 3, mirror: 'fresh' });
  const count = Number(values.events);
  const file = shopMonthDatabase(count);
  console.log(`${count.toLocaleString('en')} events, ${mib(fs.statSync(file).size)} file`);
  // out/main/bench.js: the repository is two folders up.
  const root = path.resolve(path.dirname(process.argv[1]!), '..', '..');
  const cli = path.join(root, 'bin', 'eventlens.js');
  const rows: string[][] = [];
  for (let rep = 1; rep <= Number(values.reps); rep++) {
    if (values.mirror === 'fresh') {
      for (const f of mirrorFiles(mirrorFileFor(file))) {
        fs.rmSync(f, { force: true, recursive: true });
      }
    }
    const bare = await timeBaseline(file, root);
    const serve = await timeServe(cli, file);
    rows.push([
      String(rep),
      loadNow(),
      ms(serve.url),
      ms(serve.rows),
      ms(bare),
      `${(serve.rows / bare).toFixed(2)}×`,
      String(serve.count),
    ]);
  }
  console.log(
    table(
      [
        'rep',
        'load',
        'serve: address',
        'serve: first rows',
        'baseline: node + 200 rows',
        'ratio',
        'rows',
      ],
      rows,
    ),
  );
}

const ms = (x: number) => `${x.toFixed(0)} ms`;
const loadNow = () => fs.readFileSync('/proc/loadavg', 'utf8').split(' ')[0]!;

/** A Node process that opens the file read-only and reads the newest 200 events. */
async function timeBaseline(file: string, root: string): Promise<number> {
  const script = `
    const Database = require('better-sqlite3');
    const db = new Database(process.argv[1], { readonly: true });
    const ino = db.prepare("SELECT ino FROM instances WHERE name = 'shop'").pluck().get();
    const rows = db.prepare('SELECT * FROM ev_' + ino + ' ORDER BY ts DESC LIMIT 200').all();
    process.stdout.write(String(rows.length));`;
  const started = performance.now();
  const out = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', script, file], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let text = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (text += d));
    child.once('exit', (code) =>
      code === 0 ? resolve(text) : reject(new Error(`baseline exited ${code}`)),
    );
  });
  const took = performance.now() - started;
  if (out !== '200') throw new Error(`baseline read ${out} rows`);
  return took;
}

/** `eventlens serve` from spawn to its address and to the window's first page of rows. */
async function timeServe(
  cli: string,
  file: string,
): Promise<{ url: number; rows: number; count: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, [cli, 'serve', '--db', file, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr.resume();
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const lines = readline.createInterface({ input: child.stdout });
      lines.on('line', (line) => {
        const address = serveAddressIn(line);
        if (address) resolve(address.url);
      });
      child.once('exit', (code) => reject(new Error(`serve exited ${code} before listening`)));
    });
    const atUrl = performance.now() - started;
    const address = new URL(url);
    const call = async (op: string, params: unknown) => {
      const response = await fetch(`${address.origin}/api/${op}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${address.searchParams.get('token')}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ params }),
      });
      const envelope = (await response.json()) as { success: boolean; data: unknown };
      if (!envelope.success) throw new Error(`${op} failed: ${JSON.stringify(envelope)}`);
      return envelope.data;
    };
    await call('listInstances', {});
    const page = (await call('queryEvents', {
      query: {
        from: { instance: 'shop' },
        orderBy: { field: 'timestamp', direction: 'desc' },
        limit: 200,
        total: false,
      },
    })) as { result: { events: unknown[] } };
    const atRows = performance.now() - started;
    return { url: atUrl, rows: atRows, count: page.result.events.length };
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
}
