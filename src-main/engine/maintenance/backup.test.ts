import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EventRecord } from '../../../src-shared/contract/records';
import { requireBuild } from '../../test-support/built-cli';
import { RpcProcess, runCliArgs, type WireReply } from '../../test-support/cli-process';
import { collect, startCli } from '../../test-support/run-cli';
import { tempDir } from '../../test-support/temp-db';
import { Engine } from '../engine';
import { backupDatabase } from './backup';
import { checkDatabase } from './check';

/**
 * Backups made while another process appends as fast as it can: the copy passes the full
 * check, holds every event acknowledged before the backup began exactly as acknowledged, and
 * every batch whole (a batch is one transaction: all of it or none of it).
 */
let dir: { dir: string; cleanup: () => void };
beforeAll(() => requireBuild());
afterEach(() => dir?.cleanup());

interface Mark {
  b: number;
  n: number;
}

/** An instance with some bulk, so a copy takes more than one step. */
function seeded(): string {
  dir = tempDir();
  const file = path.join(dir.dir, 'live.db');
  const engine = Engine.open(file);
  engine.createInstance('busy');
  for (let b = 0; b < 20; b++) {
    engine.append(
      'busy',
      Array.from({ length: 1_000 }, (_, i) => ({
        stream_id: `s${i % 10}`,
        payload: { b: -1 - b, n: 1_000, text: 'x'.repeat(300) },
      })),
      false,
    );
  }
  engine.close();
  return file;
}

/** A writer process appending 50-event batches back to back until stopped. */
function burst(file: string) {
  const rpc = new RpcProcess(file);
  const acknowledged: EventRecord[] = [];
  let stop = false;
  let batches = 0;
  const running = (async () => {
    for (let b = 0; !stop; b++) {
      const reply: WireReply = await rpc.send('appendEvents', {
        instanceId: 'busy',
        events: Array.from({ length: 50 }, (_, i) => ({
          streamId: `s${(b + i) % 10}`,
          payload: { b, n: 50, i } satisfies Mark & { i: number },
        })),
      });
      expect(reply.success, reply.error).toBe(true);
      acknowledged.push(...(reply.data as { events: EventRecord[] }).events);
      batches++;
    }
  })();
  return {
    acknowledged,
    batches: () => batches,
    async untilBatches(n: number) {
      while (batches < n) await new Promise((r) => setTimeout(r, 5));
    },
    async stop() {
      stop = true;
      await running;
      expect(await rpc.close()).toBe(0);
    },
  };
}

/** The copy: passes the full check; holds `before` exactly; every batch is whole. */
function expectSoundCopy(copy: string, before: readonly EventRecord[]): number {
  const header = fs.readFileSync(copy).subarray(18, 20);
  expect([...header], 'one self-contained file, in rollback-journal mode').toEqual([1, 1]);
  const engine = Engine.open(copy, { readonly: true });
  try {
    expect(checkDatabase(engine).problems).toEqual([]);
    const stored = [
      ...engine.iterateEvents({ from: { instance: 'busy' } }),
    ].flat() as EventRecord[];
    const byId = new Map(stored.map((e) => [e.id, e]));
    for (const e of before) expect(byId.get(e.id)).toEqual(e);
    const perBatch = new Map<number, number>();
    for (const e of stored) {
      const { b } = e.payload as unknown as Mark;
      perBatch.set(b, (perBatch.get(b) ?? 0) + 1);
    }
    for (const [b, count] of perBatch) {
      expect(count, `batch ${b}`).toBe(b < 0 ? 1_000 : 50);
    }
    return stored.length;
  } finally {
    engine.close();
  }
}

describe('backup while another process appends', () => {
  it('eventlens backup: the copy passes check and holds everything acknowledged before it began', async () => {
    const file = seeded();
    const writer = burst(file);
    await writer.untilBatches(20);
    const before = [...writer.acknowledged];
    const batchesBefore = writer.batches();
    const copy = path.join(dir.dir, 'copy.db');
    const backup = await collect(startCli(['backup', '--out', copy, '--db', file]));
    const batchesDuring = writer.batches() - batchesBefore;
    await writer.stop();
    expect(backup.stderr).toMatch(/backing up: \d+% of [\d,]+ pages/u);
    expect(backup.stdout).toMatch(/^Backed up [\d,]+ events \(1 instance\) to .*copy\.db \(/u);
    expect(backup.code).toBe(0);
    const check = runCliArgs(['check', '--db', copy]);
    expect(check.stdout).toMatch(/^OK: /u);
    expect(check.code).toBe(0);
    const held = expectSoundCopy(copy, before);
    expect(held).toBeGreaterThanOrEqual(20_000 + before.length);
    // The writer really did write while the backup ran (else this proved little).
    console.log(`backup: ${batchesDuring} batches appended while it ran; the copy holds ${held}`);
    expect(batchesDuring).toBeGreaterThan(0);
  });

  it('a commit by another process restarts the copy; it still finishes, whole', async () => {
    const file = seeded();
    const writer = burst(file);
    await writer.untilBatches(5);
    const before = [...writer.acknowledged];
    const source = Engine.open(file, { readonly: true });
    const copy = path.join(dir.dir, 'restarted.db');
    let steps = 0;
    try {
      // Small steps: the writer commits between them, and SQLite starts the copy over.
      // (A millisecond's pause per step: the writer commits every few milliseconds.)
      const pause = new Int32Array(new SharedArrayBuffer(4));
      const result = await backupDatabase(source.db, copy, {
        pagesPerStep: 4,
        onProgress: () => {
          steps++;
          Atomics.wait(pause, 0, 0, 1);
        },
      });
      expect(result.restarts).toBeGreaterThan(0);
      expect(result.bytes).toBe(fs.statSync(copy).size);
    } finally {
      source.close();
      await writer.stop();
    }
    expect(steps).toBeGreaterThan(2);
    expectSoundCopy(copy, before);
  });
});

describe('eventlens backup refuses what would lose data', () => {
  it('an existing file unless --force; the database itself, even with --force; a missing folder', () => {
    const file = seeded();
    const existing = path.join(dir.dir, 'existing.db');
    fs.writeFileSync(existing, 'keep me');
    const refused = runCliArgs(['backup', '--out', existing, '--db', file]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /existing\.db already exists; choose another name, or replace it with --force/u,
    );
    expect(fs.readFileSync(existing, 'utf8')).toBe('keep me');

    const forced = runCliArgs(['backup', '--out', existing, '--db', file, '--force', '-q']);
    expect(forced.code).toBe(0);
    expect(forced.stderr).toBe('');
    expectSoundCopy(existing, []);

    const itself = runCliArgs(['backup', '--out', file, '--db', file, '--force']);
    expect(itself.code).toBe(1);
    expect(itself.stderr).toMatch(/it is the database itself/u);
    const nowhere = runCliArgs(['backup', '--out', path.join(dir.dir, 'no', 'x.db'), '--db', file]);
    expect(nowhere.code).toBe(1);
    expect(nowhere.stderr).toMatch(/the folder .* does not exist/u);
    expect(runCliArgs(['backup', '--db', file]).code).toBe(2);
    // Nothing half-written was left beside the targets.
    expect(fs.readdirSync(dir.dir).filter((f) => f.includes('partial'))).toEqual([]);
  });
});
