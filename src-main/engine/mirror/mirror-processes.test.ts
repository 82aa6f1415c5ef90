import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Query } from '../../../src-shared/contract/query';
import type { QueryResult } from '../../../src-shared/contract/records';
import { requireBuild } from '../../test-support/built-cli';
import { runCliArgs } from '../../test-support/cli-process';
import { startServeProcess, type ServeProcess } from '../../test-support/serve-process';
import { tempDir } from '../../test-support/temp-db';
import { generateShopEvents } from '../../../src-shared/demo/shop-events';
import { Engine } from '../engine';
import type { MirrorCheck } from './mirror-check';
import { mirrorFileFor } from './mirror-files';

/**
 * Several processes on one database: one owns the mirror (DuckDB locks its file); the others
 * answer every query from SQLite, with the same answers, and `eventlens mirror` reports who
 * has it and refuses to build or drop it under them.
 */
beforeAll(() => requireBuild());
const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function database(events: number): string {
  const { dir, cleanup } = tempDir();
  cleanups.push(cleanup);
  const file = path.join(dir, 'events.db');
  const engine = Engine.open(file);
  engine.createInstance('shop');
  const all = [...generateShopEvents({ count: events, seed: 4 })];
  for (let i = 0; i < all.length; i += 1_000) engine.append('shop', all.slice(i, i + 1_000), false);
  engine.close();
  return file;
}

async function serve(file: string): Promise<ServeProcess> {
  const server = await startServeProcess(file);
  cleanups.push(() => server.stop());
  return server;
}

async function queryOver(server: ServeProcess, query: Query): Promise<QueryResult> {
  const response = await fetch(`${server.origin}/api/queryEvents`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ params: { query } }),
  });
  const envelope = (await response.json()) as { success: boolean; data: { result: QueryResult } };
  expect(envelope.success).toBe(true);
  return envelope.data.result;
}

const status = (file: string): MirrorCheck =>
  JSON.parse(runCliArgs(['mirror', 'status', '--db', file]).stdout) as MirrorCheck;

const byCountry: Query = {
  from: { instance: 'shop' },
  reduce: { type: 'count', groupBy: ['payload.user.country'] },
};

describe('the mirror across processes', () => {
  it('is owned by one process; another answers from SQLite, the same', async () => {
    const file = database(2_000);
    const owner = await serve(file);
    await expect.poll(() => owner.output(), { timeout: 30_000 }).toMatch(/mirror: ready/u);
    // Then its warm-up ends, and says so (its memory has settled: export.spec waits for it).
    await expect
      .poll(() => owner.output(), { timeout: 30_000 })
      .toMatch(/mirror: ready[^]*\nmirror: warmed up in \d+:\d\d, every column read once/u);
    await expect
      .poll(async () => (await queryOver(owner, byCountry)).engine, { timeout: 30_000 })
      .toBe('mirror');

    const other = await serve(file);
    await expect.poll(() => other.output(), { timeout: 30_000 }).toMatch(/mirror: unavailable/u);
    const fromSqlite = await queryOver(other, byCountry);
    expect(fromSqlite.engine).toBe('sqlite');
    const { tookMs: _a, engine: _e, ...a } = fromSqlite;
    const { tookMs: _b, engine: _f, ...b } = await queryOver(owner, byCountry);
    expect(a).toEqual(b);

    expect(status(file)).toMatchObject({ exists: true, heldElsewhere: true });
    const build = runCliArgs(['mirror', 'build', '--db', file]);
    expect(build.code).toBe(1);
    expect(build.stderr).toMatch(/another process has the mirror open/u);
    expect(runCliArgs(['mirror', 'drop', '--db', file]).code).toBe(1);
  });

  it('is built, reported and dropped by the mirror command', () => {
    const file = database(1_500);
    expect(status(file)).toMatchObject({
      exists: false,
      instances: [{ name: 'shop', events: 1_500, mirrored: 0 }],
    });
    const build = runCliArgs(['mirror', 'build', '--db', file]);
    expect(build.code).toBe(0);
    expect(build.stderr).toMatch(/mirror: ready, 1,500 events/u);
    expect(JSON.parse(build.stdout)).toMatchObject({ state: 'ready', mirrored: 1_500 });
    expect(status(file)).toMatchObject({
      exists: true,
      heldElsewhere: false,
      problems: [],
      instances: [{ name: 'shop', events: 1_500, mirrored: 1_500 }],
    });
    expect(runCliArgs(['mirror', 'drop', '--db', file]).code).toBe(0);
    expect(fs.existsSync(mirrorFileFor(file))).toBe(false);
  });

  it('is looked at by eventlens check, which says how it is and never fails for it', () => {
    const file = database(1_200);
    const none = runCliArgs(['check', '--db', file]);
    expect(none.code).toBe(0);
    expect(none.stderr).toMatch(/^mirror: none yet/mu);
    expect(runCliArgs(['mirror', 'build', '--db', file, '-q']).code).toBe(0);

    const sound = runCliArgs(['check', '--db', file]);
    expect(sound.code).toBe(0);
    expect(sound.stderr).toMatch(/^mirror: sound, 1,200 of 1,200 events mirrored, \d/mu);
    const json = JSON.parse(runCliArgs(['check', '--db', file, '--json']).stdout) as {
      mirror: MirrorCheck;
    };
    expect(json.mirror).toMatchObject({
      exists: true,
      problems: [],
      instances: [{ name: 'shop', events: 1_200, mirrored: 1_200 }],
    });

    // A torn mirror is named, and is not a problem of the database (the next host rebuilds it).
    const mirrorFile = mirrorFileFor(file);
    const fd = fs.openSync(mirrorFile, 'r+');
    fs.writeSync(fd, Buffer.alloc(4096, 0x5a), 0, 4096, 0);
    fs.closeSync(fd);
    const torn = runCliArgs(['check', '--db', file]);
    expect(torn.code).toBe(0);
    expect(torn.stdout).toMatch(/^OK: /u);
    expect(torn.stderr).toMatch(/^mirror: will be rebuilt on next open: /mu);
  });
});
