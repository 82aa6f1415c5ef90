import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Query } from '../../../src-shared/contract/query';
import type { QueryResult } from '../../../src-shared/contract/records';
import { cliLauncher, requireBuild } from '../../test-support/built-cli';
import { runCliArgs } from '../../test-support/cli-process';
import { tempDir } from '../../test-support/temp-db';
import { seededRandom } from '../demo/random';
import { generateShopEvents } from '../demo/shop-events';
import { Engine } from '../engine';
import { Mirror } from './mirror';
import { checkMirror } from './mirror-check';
import { mirrorFileFor } from './mirror-files';

/**
 * Crash tests: `eventlens mirror build` (a real process) killed with SIGKILL at random moments
 * of the first build, and of a catch-up of new events. After every kill the mirror opens and
 * checks out against the log, the progress committed never goes back, and once caught up
 * every answer is exactly SQLite's.
 */
const rounds = Number(process.env.EVENTLENS_MIRROR_CRASH_ROUNDS ?? 6);

let dir: { dir: string; cleanup: () => void };
let file: string;
let engine: Engine;
beforeAll(() => {
  requireBuild();
  dir = tempDir();
  file = path.join(dir.dir, 'events.db');
  engine = Engine.open(file);
  engine.createInstance('shop');
  append(60_000, 1);
});
afterAll(() => {
  engine?.close();
  dir?.cleanup();
});

function append(count: number, seed: number): void {
  const events = [...generateShopEvents({ count, seed, startMs: Date.UTC(2026, 0, 1) + seed })];
  for (let i = 0; i < events.length; i += 2_000) {
    engine.append('shop', events.slice(i, i + 2_000), false);
  }
}

/** Runs a build of `db`, killed with SIGKILL after `ms` if still running; resolves with its ms. */
function build(db: string, ms = Infinity): Promise<number> {
  const started = performance.now();
  const child = spawn(
    process.execPath,
    [cliLauncher, 'mirror', 'build', '--db', db, '--batch-size', '3000', '-q'],
    { stdio: 'ignore' },
  );
  const timer = Number.isFinite(ms) ? setTimeout(() => child.kill('SIGKILL'), ms) : undefined;
  return new Promise((resolve) => {
    child.on('exit', () => {
      clearTimeout(timer);
      resolve(performance.now() - started);
    });
  });
}

/**
 * When, after its start, a build copies events here: between the time a build with nothing
 * to do takes and the time an uninterrupted one of what is left takes (both on a copy), so
 * kills land inside it whatever the machine's speed.
 */
async function copyingWindow(): Promise<{ from: number; to: number }> {
  const copy = path.join(dir.dir, `copy-${Date.now()}.db`);
  engine.db.exec(`VACUUM INTO '${copy}'`);
  for (const f of [mirrorFileFor(file), `${mirrorFileFor(file)}.wal`]) {
    if (fs.existsSync(f)) fs.copyFileSync(f, f.replace(file, copy));
  }
  const to = await build(copy);
  const from = await build(copy);
  return { from, to: Math.max(to, from + 100) };
}

async function mirroredNow(): Promise<number> {
  const check = await checkMirror(engine.db, mirrorFileFor(file));
  expect(check.problems).toEqual([]);
  expect(check.instances.map((i) => i.problem)).toEqual([undefined]);
  return check.instances[0]!.mirrored;
}

/** Kills builds at random moments; returns how many kills left a partial mirror. */
async function killRounds(seed: number): Promise<number> {
  const random = seededRandom(seed);
  const window = await copyingWindow();
  let before = await mirroredNow();
  let partial = 0;
  for (let round = 0; round < rounds; round++) {
    await build(file, window.from + (window.to - window.from) * random());
    const now = await mirroredNow();
    expect(now, `round ${round}: committed batches were lost`).toBeGreaterThanOrEqual(before);
    if (now > 0 && now < engine.instances.require('shop').event_count) partial++;
    before = now;
  }
  return partial;
}

const from = { instance: 'shop' };
const queries: Query[] = [
  { from, reduce: { type: 'count', groupBy: ['payload.user.country'] } },
  { from, reduce: { type: 'avg', field: 'payload.amount', groupBy: ['event_type'] } },
  { from, reduce: { type: 'sum', field: 'payload.amount', groupBy: ['payload.currency'] } },
  { from, reduce: { type: 'count', field: 'metadata.traceId', distinct: true } },
  {
    from,
    reduce: {
      type: 'max',
      field: 'payload.latencyMs',
      groupBy: [{ field: 'timestamp', interval: '1d' }, 'payload.status'],
    },
    limit: 500,
  },
  { from, where: [{ field: 'payload.error', operator: 'contains', value: 'time' }], limit: 20 },
  { from, orderBy: { field: 'payload.durationMs', direction: 'desc' }, limit: 10, offset: 5 },
];

async function answersAreExact(): Promise<void> {
  const mirror = await Mirror.open({ db: engine.db, file: mirrorFileFor(file) });
  try {
    await mirror.catchUpAll();
    const strip = ({ tookMs: _t, ...rest }: QueryResult) => rest;
    for (const q of queries) {
      const got = await mirror.query(q);
      expect(got, JSON.stringify(q)).not.toBeNull();
      expect(strip(got!), JSON.stringify(q)).toEqual(strip(engine.query(q)));
    }
  } finally {
    await mirror.close();
  }
}

describe('the mirror survives kill -9', () => {
  it('during its first build', async () => {
    const partial = await killRounds(1);
    expect(partial, 'no kill landed in the middle of the build').toBeGreaterThan(0);
    await answersAreExact();
  }, 300_000);

  it('during a catch-up of new events', async () => {
    expect(runCliArgs(['mirror', 'build', '--db', file, '-q']).code).toBe(0);
    append(40_000, 2);
    const partial = await killRounds(2);
    expect(partial, 'no kill landed in the middle of the catch-up').toBeGreaterThan(0);
    await answersAreExact();
  }, 300_000);
});
