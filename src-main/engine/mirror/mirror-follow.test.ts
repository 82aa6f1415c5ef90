import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EventInput } from '../../../src-shared/contract/operations';
import { tempDir } from '../../test-support/temp-db';
import { Engine } from '../engine';
import { Mirror } from './mirror';
import { mirrorFileFor } from './mirror-files';
import { MirrorKeeper } from './mirror-keeper';

/**
 * Following a log that is being appended to (issue 21: the mirror's catch-up must not slow the
 * append path). A catch-up copies what was there when it began, and a stream of appends is
 * copied a few transactions a second, not one per append. Real SQLite and DuckDB files.
 */
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const c of cleanups.splice(0).reverse()) await c();
});

function database() {
  const { dir, cleanup } = tempDir();
  const engine = Engine.open(path.join(dir, 'events.db'), { autoIndex: false });
  cleanups.push(cleanup, () => engine.close());
  engine.createInstance('log');
  return engine;
}

let seq = 0;
const events = (n: number): EventInput[] =>
  Array.from({ length: n }, () => ({
    streamId: `s${seq % 5}`,
    eventType: 'A',
    timestamp: Date.UTC(2026, 0, 1) + seq * 1000,
    payload: { n: seq++ },
  }));

describe('the mirror follows appends', () => {
  it('a catch-up copies up to where the log was when it began, not the appends meanwhile', async () => {
    const engine = database();
    engine.append('log', events(300), false);
    const mirror = await Mirror.open({
      db: engine.db,
      file: mirrorFileFor(engine.file),
      config: { tailBatch: 100, buildBatch: 100 },
    });
    cleanups.push(() => mirror.close());
    let batches = 0;
    // Every committed batch is followed by an append (as a busy log would be): chasing them
    // would copy one small batch after another, each a DuckDB transaction.
    await mirror.catchUpAll({
      onBatch: () => {
        batches++;
        if (batches < 50) engine.append('log', events(10), false);
      },
    });
    expect(batches).toBe(3);
    expect(mirror.progress()).toMatchObject({ mirrored: 300, events: 330 });
    await mirror.catchUpAll();
    expect(mirror.progress()).toMatchObject({ mirrored: 330, events: 330 });
  });

  it('a stream of appends is copied in a few rounds, not one per append', async () => {
    const engine = database();
    const keeper = new MirrorKeeper({
      db: engine.db,
      mirrorFile: mirrorFileFor(engine.file),
      config: { followMs: 300 },
    });
    cleanups.push(() => keeper.close());
    await keeper.start();
    await keeper.idle();
    const rounds = vi.spyOn(Mirror.prototype, 'catchUpAll');
    // 20 appends over ~400 ms, each told to the keeper as the host's change feed does.
    for (let i = 0; i < 20; i++) {
      engine.append('log', events(5), false);
      keeper.changed();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await keeper.idle();
    expect(keeper.status()).toMatchObject({ mirrored: 100, events: 100 });
    // The first append at once, then one round per 300 ms: 2-3 (it was 20).
    expect(rounds.mock.calls.length).toBeGreaterThanOrEqual(2);
    expect(rounds.mock.calls.length).toBeLessThanOrEqual(4);
  });

  it('closes while a round runs and a change came meanwhile (close used to wait for ever)', async () => {
    const engine = database();
    engine.append('log', events(3_000), false);
    const keeper = new MirrorKeeper({
      db: engine.db,
      mirrorFile: mirrorFileFor(engine.file),
      config: { buildBatch: 100, tailBatch: 100 },
    });
    await keeper.start(); // the first round (the build) is running now
    engine.append('log', events(5), false);
    keeper.changed(); // due after this round
    await keeper.close(); // the round stops at its next batch; nothing is due any more
    expect(keeper.status().state).toBe('closed');
    const mirrored = keeper.status().mirrored;
    expect(mirrored).toBeGreaterThan(0);
    expect(mirrored).toBeLessThan(3_005);
  }, 30_000);
});
