import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { EventRecord } from '../../src-shared/contract/records';
import { Engine } from '../engine/engine';
import { Follower, FollowStore, openSource } from '../engine/follow';
import { startRotatingWriter } from '../test-support/rotating-writer';
import { rate, readOptions, table } from './measure';

/**
 * Following a log written and rotated by another thread at a steady rate (default 20,000
 * lines/s for 10 s, rotated by rename every 50,000 lines, half-lines written often): every line
 * must land exactly once, and the lag from a line's write (its `t`) to the commit of its event
 * is reported as p50/p99/max. Target: p99 <= 1 s.
 */
export async function runFollowBench(argv: string[]): Promise<void> {
  const values = readOptions(argv, {
    rate: 20_000,
    seconds: 10,
    'rotate-every': 50_000,
    // The follower's looks: while idle, and after a look that read lines (follower.ts).
    'poll-ms': 200,
    'busy-poll-ms': 50,
  });
  const linesPerSecond = Number(values.rate);
  const total = Math.round(linesPerSecond * Number(values.seconds));
  const rotateEvery = Number(values['rotate-every']);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eventlens-follow-bench-'));
  const engine = Engine.open(path.join(dir, 'events.db'));
  try {
    const file = path.join(dir, 'app.log');
    const source = openSource(engine, { instance: 'live' }, file);
    const lags: number[] = [];
    let committed = 0;
    const follower = new Follower(engine, new FollowStore(engine.db), source, {
      pollMs: Number(values['poll-ms']),
      busyPollMs: Number(values['busy-poll-ms']),
      onCommit: (c) => {
        const now = Date.now();
        committed += c.count;
        for (const e of c.events) lags.push(now - (e.payload as { t: number }).t);
      },
    });
    const stop = new AbortController();
    const running = follower.run(stop.signal);
    let rotations = 0;
    const started = performance.now();
    const cpu = process.cpuUsage();
    const writer = startRotatingWriter({ file, linesPerSecond, total, rotateEvery });
    writer.onRotate((n) => (rotations = n));
    await writer.done;
    const written = performance.now() - started;
    // Every line must land; how long after the last write it took says whether it kept up.
    const deadline = Date.now() + 120_000;
    while (committed < total && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    const caughtUp = performance.now() - started - written;
    const used = process.cpuUsage(cpu);
    // Both threads of the process: the follower's and the writer's (a small part).
    const cpuPerLine = (used.user + used.system) / total;
    stop.abort();
    await running;
    await writer.stop();

    const seen = new Uint8Array(total + 1);
    let duplicates = 0;
    let stored = 0;
    for (const page of engine.iterateEvents({ from: { instance: 'live' } })) {
      for (const e of page as EventRecord[]) {
        const n = (e.payload as { n: number }).n;
        if (seen[n]) duplicates++;
        seen[n] = 1;
        stored++;
      }
    }
    let landed = 0;
    for (let n = 1; n <= total; n++) landed += seen[n]!;
    const missing = total - landed;
    lags.sort((a, b) => a - b);
    const pct = (p: number) => `${lags[Math.min(lags.length - 1, Math.floor(lags.length * p))]} ms`;
    console.log(
      `follow (busy poll ${values['busy-poll-ms']} ms, idle ${values['poll-ms']} ms): ${total.toLocaleString('en')} lines at ${rate(linesPerSecond)} for ` +
        `${(written / 1000).toFixed(1)} s, ${rotations} rotations by rename (every ` +
        `${rotateEvery.toLocaleString('en')} lines); the last line landed ` +
        `${(caughtUp / 1000).toFixed(1)} s after it was written; CPU ${cpuPerLine.toFixed(1)} µs ` +
        `per line (the process: follower and writer; load average ` +
        `${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores)`,
    );
    console.log(
      table(
        ['stored', 'duplicates', 'missing', 'lag p50', 'lag p99', 'lag max', 'exactly once'],
        [
          [
            stored.toLocaleString('en'),
            String(duplicates),
            String(missing),
            pct(0.5),
            pct(0.99),
            `${lags[lags.length - 1] ?? 0} ms`,
            duplicates === 0 && missing === 0 ? 'yes' : 'NO',
          ],
        ],
      ),
    );
    if (duplicates !== 0 || missing !== 0) process.exitCode = 1;
  } finally {
    engine.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
