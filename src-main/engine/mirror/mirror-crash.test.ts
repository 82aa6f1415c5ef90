import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Query } from '../../../src-shared/contract/query';
import type { QueryResult } from '../../../src-shared/contract/records';
import { cliLauncher, requireBuild } from '../../test-support/built-cli';
import { runCliArgs } from '../../test-support/cli-process';
import { tempDir } from '../../test-support/temp-db';
import { seededRandom } from '../../../src-shared/demo/random';
import { generateShopEvents } from '../../../src-shared/demo/shop-events';
import { Engine } from '../engine';
import { Mirror } from './mirror';
import { checkMirror } from './mirror-check';
import { mirrorFileFor, removeMirrorFiles } from './mirror-files';

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
  append(30_000, 1);
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

/**
 * Runs `eventlens mirror build` on `db`. With `killAfter`, it is killed with SIGKILL that
 * many ms after it said it began copying (its first progress line: opened and checked, about
 * to copy), if still running. Resolves with how long it copied.
 */
function build(db: string, killAfter?: number): Promise<number> {
  const child = spawn(
    process.execPath,
    [cliLauncher, 'mirror', 'build', '--db', db, '--batch-size', '1500'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let copying = 0;
  let timer: NodeJS.Timeout | undefined;
  child.stderr.setEncoding('utf8').on('data', (text: string) => {
    if (copying || !/mirror: (building|catching up)/u.test(text)) return;
    copying = performance.now();
    if (killAfter !== undefined) timer = setTimeout(() => child.kill('SIGKILL'), killAfter);
  });
  return new Promise((resolve) => {
    child.on('exit', () => {
      clearTimeout(timer);
      resolve(copying ? performance.now() - copying : 0);
    });
  });
}

/** How long copying what is left takes here, uninterrupted (on a copy of the files). */
async function copyingTime(): Promise<number> {
  const copy = path.join(dir.dir, `copy-${Date.now()}.db`);
  engine.db.exec(`VACUUM INTO '${copy}'`);
  for (const f of [mirrorFileFor(file), `${mirrorFileFor(file)}.wal`]) {
    if (fs.existsSync(f)) fs.copyFileSync(f, f.replace(file, copy));
  }
  return Math.max(100, await build(copy));
}

async function mirroredNow(): Promise<number> {
  const check = await checkMirror(engine.db, mirrorFileFor(file));
  expect(check.problems).toEqual([]);
  expect(check.instances.map((i) => i.problem)).toEqual([undefined]);
  return check.instances[0]!.mirrored;
}

/**
 * Kills builds at random moments of their copying, `rounds` times and until two kills left a
 * partial mirror (a machine's speed varies: a build that finished before its kill gets
 * `again()`, more to copy, and the rounds go on).
 */
async function killRounds(seed: number, again: () => void): Promise<number> {
  const random = seededRandom(seed);
  let copying = await copyingTime();
  let before = await mirroredNow();
  let partial = 0;
  for (let round = 0; round < rounds || (partial < 2 && round < rounds * 4); round++) {
    await build(file, copying * random());
    const now = await mirroredNow();
    expect(now, `round ${round}: committed batches were lost`).toBeGreaterThanOrEqual(before);
    const events = engine.instances.require('shop').event_count;
    if (now > 0 && now < events) partial++;
    if (now === events) {
      again();
      copying = await copyingTime();
      before = await mirroredNow();
    } else before = now;
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
    // A build that finished is dropped: the next round builds from nothing again.
    const partial = await killRounds(1, () => removeMirrorFiles(mirrorFileFor(file)));
    expect(partial, 'no kill landed in the middle of the build').toBeGreaterThan(0);
    await answersAreExact();
  }, 300_000);

  it('during a catch-up of new events', async () => {
    expect(runCliArgs(['mirror', 'build', '--db', file, '-q']).code).toBe(0);
    append(20_000, 2);
    let seed = 2;
    const partial = await killRounds(2, () => append(10_000, ++seed));
    expect(partial, 'no kill landed in the middle of the catch-up').toBeGreaterThan(0);
    await answersAreExact();
  }, 300_000);
});
