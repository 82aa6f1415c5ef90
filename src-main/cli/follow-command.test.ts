import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EventRecord } from '../../src-shared/contract/records';
import { Engine } from '../engine/engine';
import { cliLauncher, repoRoot, requireBuild } from '../test-support/built-cli';
import { startRotatingWriter } from '../test-support/rotating-writer';
import { tempDir } from '../test-support/temp-db';

/**
 * `eventlens import --follow` as real processes (the built out/main/cli.js) on real files: a
 * clean stop and restart, and a follower killed with SIGKILL while a writer rotates its file.
 */
let dir: { dir: string; cleanup: () => void };
let db: string;
const running = new Set<ReturnType<typeof spawn>>();
beforeAll(() => requireBuild());
afterEach(() => {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
  dir?.cleanup();
});

function fresh(): void {
  dir = tempDir('eventlens-follow-cli-');
  db = path.join(dir.dir, 'events.db');
}

const at = (name: string) => path.join(dir.dir, name);
const lines = (from: number, to: number) => {
  let out = '';
  for (let n = from; n <= to; n++) out += `{"n":${n}}\n`;
  return out;
};
const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

function follow(pattern: string) {
  const child = spawn(
    process.execPath,
    [cliLauncher, 'import', '--follow', pattern, '--instance', 'live', '--db', db, '--quiet'],
    { cwd: repoRoot, env: { ...process.env, EVENTLENS_DB: '' } },
  );
  running.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exit = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('exit', (code) => {
      running.delete(child);
      resolve({ code, stdout, stderr });
    }),
  );
  return { child, exit };
}

/** The `n` of every stored event, read by a separate read-only connection. */
function storedNs(): number[] {
  if (!fs.existsSync(db)) return [];
  const engine = Engine.open(db, { readonly: true, integrityCheck: false });
  try {
    if (!engine.instances.find('live')) return [];
    const events = [...engine.iterateEvents({ from: { instance: 'live' } })].flat();
    return (events as EventRecord[]).map((e) => (e.payload as { n: number }).n);
  } finally {
    engine.close();
  }
}

const count = () => storedNs().length;

function instanceExists(): boolean {
  const engine = Engine.open(db, { readonly: true, integrityCheck: false });
  try {
    return engine.instances.find('live') !== undefined;
  } finally {
    engine.close();
  }
}

describe('eventlens import --follow', () => {
  it('stops cleanly on Ctrl-C, keeps the position, and a restart continues exactly', async () => {
    fresh();
    fs.writeFileSync(at('app.log'), lines(1, 3));
    const first = follow(at('app.log'));
    await expect.poll(count, { timeout: 15_000 }).toBe(3);
    fs.appendFileSync(at('app.log'), lines(4, 5) + '{"n":');
    await expect.poll(count, { timeout: 15_000 }).toBe(5);
    first.child.kill('SIGINT');
    const stopped = await first.exit;
    expect(stopped.code).toBe(0);
    expect(stopped.stdout).toMatch(/Stored 5 events into "live"\. The position is kept/u);

    // While nothing follows: the partial line is finished, the file rotated, a new one begun.
    fs.appendFileSync(at('app.log'), '6}\n' + lines(7, 7));
    fs.renameSync(at('app.log'), at('app.log.1'));
    fs.writeFileSync(at('app.log'), lines(8, 9));
    const second = follow(at('app.log'));
    await expect.poll(count, { timeout: 15_000 }).toBe(9);
    second.child.kill('SIGINT');
    expect((await second.exit).code).toBe(0);
    expect(storedNs()).toEqual(range(1, 9));
  });

  it('killed with SIGKILL during rotations while a writer writes, then restarted: every line exactly once', async () => {
    fresh();
    const total = 16_000;
    let follower = follow(at('app.log'));
    // The source exists (its instance is created with it) before the first line is written.
    await expect.poll(() => fs.existsSync(db) && instanceExists(), { timeout: 15_000 }).toBe(true);
    const writer = startRotatingWriter({
      file: at('app.log'),
      linesPerSecond: 4_000,
      total,
      rotateEvery: 1_500,
    });
    const kills: Promise<unknown>[] = [];
    writer.onRotate((n) => {
      if (n !== 2 && n !== 6) return;
      const victim = follower;
      victim.child.kill('SIGKILL');
      kills.push(victim.exit);
      follower = follow(at('app.log'));
    });
    try {
      expect(await writer.done).toBe(total);
      await expect.poll(count, { timeout: 30_000, interval: 250 }).toBe(total);
    } finally {
      await writer.stop();
    }
    for (const k of await Promise.all(kills)) expect(k).toMatchObject({ code: null });
    follower.child.kill('SIGINT');
    expect((await follower.exit).code).toBe(0);
    const ns = storedNs();
    expect(ns.length).toBe(total);
    expect(ns.sort((a, b) => a - b)).toEqual(range(1, total));
  }, 60_000);
});
