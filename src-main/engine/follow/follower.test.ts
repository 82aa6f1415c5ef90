import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import type { ImportSpec } from '../../../src-shared/contract/import-spec';
import type { EventRecord } from '../../../src-shared/contract/records';
import { tempDir } from '../../test-support/temp-db';
import { Engine } from '../engine';
import { ImportSpecError } from '../import/resolve-spec';
import { FollowPatternError } from './file-identity';
import { checkFollow, openSource } from './follow-spec';
import { FollowConflictError, FollowStore } from './follow-store';
import { Follower, type FollowOptions } from './follower';

/** Real files in a temp folder, a real database file; each `look` is one poll of the follower. */
let dir: { dir: string; cleanup: () => void };
let engine: Engine;
let dbFile: string;
afterEach(() => {
  engine?.close();
  dir?.cleanup();
});

const spec: ImportSpec = { instance: 'live', mapping: { stream: { value: 'log' } } };
const never = new AbortController().signal;

function setup(): void {
  dir = tempDir('eventlens-follow-');
  dbFile = path.join(dir.dir, 'events.db');
  engine = Engine.open(dbFile);
}

const at = (name: string) => path.join(dir.dir, name);
const line = (n: number) => `${JSON.stringify({ n, msg: `line ${n}` })}\n`;
const lines = (from: number, to: number) => {
  let out = '';
  for (let n = from; n <= to; n++) out += line(n);
  return out;
};
const append = (name: string, text: string) => fs.appendFileSync(at(name), text);

function follower(pattern: string, options: FollowOptions = {}): Follower {
  const source = openSource(engine, spec, at(pattern));
  return new Follower(engine, new FollowStore(engine.db), source, { retireIdleMs: 0, ...options });
}

/** The `n` of every stored event, in append order. */
function stored(): number[] {
  if (!engine.instances.find('live')) return [];
  const events = [...engine.iterateEvents({ from: { instance: 'live' } })].flat() as EventRecord[];
  return events.map((e) => (e.payload as { n: number }).n);
}

const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('Follower', () => {
  it('reads a partial last line only once its newline is written', async () => {
    setup();
    append('app.log', line(1) + '{"n": 2, "msg": "hel');
    const f = follower('app.log');
    await f.look(never);
    expect(stored()).toEqual([1]);
    append('app.log', 'lo"}\n');
    await f.look(never);
    const events = [...engine.iterateEvents({ from: { instance: 'live' } })].flat();
    expect(events.map((e) => e.payload)).toEqual([
      { n: 1, msg: 'line 1' },
      { n: 2, msg: 'hello' },
    ]);
  });

  it('survives rotation by rename: the old file is read to its end, the new one from its start', async () => {
    setup();
    append('app.log', lines(1, 3));
    const f = follower('app.log');
    await f.look(never);
    append('app.log', lines(4, 5)); // written after the last look, before the rotation
    fs.renameSync(at('app.log'), at('app.log.1'));
    append('app.log', lines(6, 7));
    await f.look(never);
    await f.look(never);
    expect(stored()).toEqual(range(1, 7));
  });

  it('reads a file that was rotated away before any look saw it (two rotations between looks)', async () => {
    setup();
    append('app.log', lines(1, 2));
    const f = follower('app.log');
    await f.look(never);
    fs.renameSync(at('app.log'), at('app.log.1'));
    append('app.log', lines(3, 4)); // never at the path during a look
    fs.renameSync(at('app.log.1'), at('app.log.2'));
    fs.renameSync(at('app.log'), at('app.log.1'));
    append('app.log', lines(5, 6));
    await f.look(never);
    await f.look(never);
    expect(stored().sort((a, b) => a - b)).toEqual(range(1, 6));
  });

  it('leaves rotated files from before the source was created alone', async () => {
    setup();
    append('app.log.1', lines(100, 101));
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(at('app.log.1'), old, old);
    append('app.log', lines(1, 2));
    const f = follower('app.log');
    await f.look(never);
    await f.look(never);
    expect(stored()).toEqual([1, 2]);
  });

  it('starts a truncated file over, without reading anything twice', async () => {
    setup();
    append('app.log', lines(1, 3));
    const f = follower('app.log');
    await f.look(never);
    fs.truncateSync(at('app.log'), 0);
    await f.look(never);
    append('app.log', lines(4, 5));
    await f.look(never);
    expect(stored()).toEqual(range(1, 5));
  });

  it('notices a truncation even when the file grew past the old position before the look', async () => {
    setup();
    append('app.log', lines(1, 2));
    const f = follower('app.log');
    await f.look(never);
    fs.writeFileSync(at('app.log'), lines(3, 9)); // same inode, new content, longer
    await f.look(never);
    expect(stored()).toEqual(range(1, 9));
  });

  it('copy-truncate: lines written before the copy are read from the copy, once', async () => {
    setup();
    append('app.log', lines(1, 3));
    const f = follower('app.log');
    await f.look(never);
    append('app.log', lines(4, 5));
    fs.copyFileSync(at('app.log'), at('app.log.1'));
    fs.truncateSync(at('app.log'), 0);
    append('app.log', lines(6, 6));
    await f.look(never);
    await f.look(never);
    expect(stored().sort((a, b) => a - b)).toEqual(range(1, 6));
  });

  it('copy-truncate under a glob that matches the copy: the copy seen before the truncation adds nothing twice', async () => {
    setup();
    append('app.log', lines(1, 3));
    const f = follower('app.log*');
    await f.look(never);
    append('app.log', lines(4, 5));
    fs.copyFileSync(at('app.log'), at('app.log.1'));
    await f.look(never); // the copy is a backup of a followed file: not read
    fs.truncateSync(at('app.log'), 0);
    append('app.log', lines(6, 6));
    await f.look(never);
    await f.look(never);
    expect(stored().sort((a, b) => a - b)).toEqual(range(1, 6));
  });

  it('follows every file of a glob, including one that appears later', async () => {
    setup();
    append('a.log', lines(1, 2));
    append('notes.txt', '{"n": 99}\n');
    const f = follower('*.log');
    await f.look(never);
    expect(stored()).toEqual([1, 2]);
    append('b.log', lines(3, 4));
    append('a.log', lines(5, 5));
    await f.look(never);
    expect(stored().sort((a, b) => a - b)).toEqual(range(1, 5));
  });

  it('does not read a gzip-rotated file again, but reads the lines it holds past the position', async () => {
    setup();
    append('app.log', lines(1, 3));
    const f = follower('app.log*');
    await f.look(never);
    append('app.log', lines(4, 4)); // not read yet when the file is rotated and compressed
    fs.writeFileSync(at('app.log.1.gz'), zlib.gzipSync(fs.readFileSync(at('app.log'))));
    fs.rmSync(at('app.log'));
    append('app.log', lines(5, 5));
    await f.look(never);
    await f.look(never);
    expect(stored().sort((a, b) => a - b)).toEqual(range(1, 5));
  });

  it('reads a .gz that matches the glob once, across looks and restarts', async () => {
    setup();
    fs.writeFileSync(at('old.log.gz'), zlib.gzipSync(lines(1, 3)));
    await follower('*.gz').look(never);
    await follower('*.gz').look(never);
    expect(stored()).toEqual(range(1, 3));
  });

  it('continues after a restart from the stored position: nothing twice, nothing skipped', async () => {
    setup();
    append('app.log', lines(1, 3) + '{"n": 4');
    await follower('app.log').look(never);
    engine.close();
    append('app.log', ', "msg": "x"}\n' + lines(5, 6));
    engine = Engine.open(dbFile);
    await follower('app.log').look(never);
    expect(stored()).toEqual(range(1, 6));
  });

  it('after a restart finds a file rotated away meanwhile by its inode, and reads its rest', async () => {
    setup();
    append('app.log', lines(1, 3));
    await follower('app.log').look(never);
    engine.close(); // as if the process died: no open descriptor survives
    append('app.log', lines(4, 5));
    fs.renameSync(at('app.log'), at('app.log.1'));
    append('app.log', lines(6, 7));
    engine = Engine.open(dbFile);
    const f = follower('app.log');
    await f.look(never);
    await f.look(never);
    expect(stored()).toEqual(range(1, 7));
  });

  it('keeps line numbers across batches and restarts in metadata.source', async () => {
    setup();
    append('app.log', lines(1, 5));
    await follower('app.log', { batchLines: 2 }).look(never);
    append('app.log', lines(6, 6));
    await follower('app.log').look(never);
    const events = [...engine.iterateEvents({ from: { instance: 'live' } })].flat();
    expect(events.map((e) => (e.metadata as { source: { line: number } }).source.line)).toEqual(
      range(1, 6),
    );
  });

  it('counts a line it cannot read as bad and goes on', async () => {
    setup();
    append('app.log', line(1) + 'not json\n' + line(3));
    const f = follower('app.log');
    await f.look(never);
    expect(stored()).toEqual([1, 3]);
    expect(f.stats()).toMatchObject({ events: 2, bad: 1 });
    expect(f.stats().lastBadLine).toMatch(/^app\.log:2: not valid JSON/u);
  });

  it('stops a second follower of the same source instead of storing lines twice', async () => {
    setup();
    append('app.log', lines(1, 2));
    const a = follower('app.log');
    const early = follower('app.log'); // knew no file yet when a started reading it
    await a.look(never);
    await expect(early.look(never)).rejects.toThrow(FollowConflictError);
    const late = follower('app.log'); // knows where a is
    await late.look(never); // nothing new yet
    append('app.log', lines(3, 3));
    await a.look(never);
    await expect(late.look(never)).rejects.toThrow(FollowConflictError);
    expect(stored()).toEqual(range(1, 3));
  });

  it('run() stops at the signal, with what was read stored', async () => {
    setup();
    append('app.log', lines(1, 3));
    const f = follower('app.log', { pollMs: 10 });
    const stop = new AbortController();
    const done = f.run(stop.signal);
    await expect.poll(() => stored().length, { timeout: 30_000 }).toBe(3);
    stop.abort();
    await done;
    expect(f.stats().state).toBe('stopped');
  });

  it('run() reads a file being written in step with it: the next look comes busyPollMs after one that read lines', async () => {
    setup();
    append('app.log', lines(1, 1));
    // The idle poll far longer than the test waits: only the busy looks can read the lines.
    const f = follower('app.log', { pollMs: 60_000, busyPollMs: 20 });
    let n = 1;
    const writer = setInterval(() => append('app.log', line(++n)), 5);
    const stop = new AbortController();
    const done = f.run(stop.signal);
    await new Promise((resolve) => setTimeout(resolve, 300));
    clearInterval(writer);
    await expect.poll(() => stored().length, { timeout: 5_000 }).toBe(n);
    expect(stored()).toEqual(range(1, n));
    stop.abort();
    await done;
  });
});

describe('checkFollow', () => {
  it('refuses a format that cannot be followed line by line, writing nothing', async () => {
    setup();
    append('data.csv', 'a,b\n1,2\n');
    await expect(checkFollow(spec, at('data.csv'))).rejects.toThrow(ImportSpecError);
    await expect(checkFollow(spec, at('data.csv'))).rejects.toThrow(/cannot be followed/u);
    expect(engine.instances.find('live')).toBeUndefined();
  });

  it('refuses a glob in a folder name', async () => {
    setup();
    await expect(checkFollow(spec, path.join(dir.dir, '*', 'a.log'))).rejects.toThrow(
      FollowPatternError,
    );
  });
});
