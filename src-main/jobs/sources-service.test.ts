import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobAnswer } from '../../src-shared/contract/jobs';
import type { SourceSnapshot } from '../../src-shared/contract/sources';
import { Engine } from '../engine/engine';
import { requireBuilt } from '../test-support/run-cli';
import { tempDir } from '../test-support/temp-db';
import { SourcesService } from './sources-service';

/** Real worker thread (the built out/main/follow-worker.js), real files, a real database file. */
const workerFile = () => requireBuilt('follow-worker.js');

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function setup() {
  const tmp = tempDir();
  cleanups.push(tmp.cleanup);
  return { dir: tmp.dir, db: path.join(tmp.dir, 'sources.db') };
}

/** A host's engine and sources service on `db` (closed after the test, or by the caller). */
function open(db: string) {
  const engine = Engine.open(db);
  let commits = 0;
  const sources = new SourcesService(engine, {
    workerFile: workerFile(),
    pollMs: 30,
    statsMs: 50,
    onCommit: () => commits++,
  });
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await sources.close();
    engine.close();
  };
  cleanups.push(close);
  sources.resumeAll();
  return { engine, sources, close, commits: () => commits };
}

const lines = (from: number, to: number) => {
  let out = '';
  for (let i = from; i < to; i++) out += `{"n":${i},"msg":"line ${i}"}\n`;
  return out;
};

const eventCount = (engine: Engine, instance: string) =>
  engine.db
    .prepare<[string, string], { n: number }>(
      'SELECT event_count AS n FROM instances WHERE id = ? OR name = ?',
    )
    .get(instance, instance)?.n ?? 0;

async function until<T>(what: string, probe: () => T | undefined | false, ms = 10_000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function ok<T>(answer: JobAnswer<T>): T {
  if (!answer.success) throw new Error(`${answer.code}: ${answer.error}`);
  return answer.data;
}

/** Everything a refused call must leave as it was. */
const fingerprint = (engine: Engine) =>
  JSON.stringify([
    engine.db.prepare('SELECT * FROM follow_sources').all(),
    engine.db.prepare('SELECT * FROM follow_files').all(),
    engine.db.prepare('SELECT id, name, event_count FROM instances').all(),
  ]);

describe('SourcesService', () => {
  it('follows a file on the worker, counts its events, and pauses, resumes and removes it', async () => {
    const { dir, db } = setup();
    const file = path.join(dir, 'app.log');
    fs.writeFileSync(file, lines(0, 100));
    const { engine, sources, commits } = open(db);
    const pushed: SourceSnapshot[][] = [];
    sources.subscribe((list) => pushed.push(list));

    const added = ok(await sources.add({ path: file, instance: 'app' }));
    expect(added).toMatchObject({ path: file, instanceName: 'app', state: 'following' });
    await until('the first lines', () => eventCount(engine, 'app') === 100);
    await until('the commit told to the host', () => commits() > 0);
    await until('the count in the list', () => sources.list()[0]!.events === 100);

    const paused = ok(await sources.pause({ sourceId: added.sourceId }));
    expect(paused.state).toBe('paused');
    fs.appendFileSync(file, lines(100, 150));
    await new Promise((r) => setTimeout(r, 300));
    expect(eventCount(engine, 'app')).toBe(100); // paused: nothing read

    ok(await sources.resume({ sourceId: added.sourceId }));
    await until('the lines written while paused', () => eventCount(engine, 'app') === 150);
    expect(pushed.some((list) => list[0]?.state === 'paused')).toBe(true);

    const removed = ok(await sources.remove({ sourceId: added.sourceId }));
    expect(removed.removed.sourceId).toBe(added.sourceId);
    expect(sources.list()).toEqual([]);
    fs.appendFileSync(file, lines(150, 160));
    await new Promise((r) => setTimeout(r, 300));
    // The events already imported stay; nothing more is read.
    expect(eventCount(engine, 'app')).toBe(150);
    expect(engine.db.prepare('SELECT COUNT(*) AS n FROM follow_files').get()).toEqual({ n: 0 });
    expect(pushed.at(-1)).toEqual([]);
  });

  it('a source not paused is resumed when the host opens again; a paused one stays paused', async () => {
    const { dir, db } = setup();
    const a = path.join(dir, 'a.log');
    const b = path.join(dir, 'b.log');
    fs.writeFileSync(a, lines(0, 10));
    fs.writeFileSync(b, lines(0, 10));
    const first = open(db);
    ok(await first.sources.add({ path: a, instance: 'a' }));
    const sb = ok(await first.sources.add({ path: b, instance: 'b' }));
    await until('both files read', () => {
      return eventCount(first.engine, 'a') === 10 && eventCount(first.engine, 'b') === 10;
    });
    ok(await first.sources.pause({ sourceId: sb.sourceId }));
    await first.close();

    fs.appendFileSync(a, lines(10, 25));
    fs.appendFileSync(b, lines(10, 25));
    const second = open(db);
    await until('the lines written while closed', () => eventCount(second.engine, 'a') === 25);
    await new Promise((r) => setTimeout(r, 300));
    expect(eventCount(second.engine, 'b')).toBe(10);
    expect(second.sources.list().map((s) => [s.path, s.state, s.events])).toEqual([
      [a, 'following', 25],
      [b, 'paused', 10],
    ]);
  });

  it('refuses bad input with a clear error and changes nothing', async () => {
    const { dir, db } = setup();
    const file = path.join(dir, 'app.log');
    fs.writeFileSync(file, lines(0, 5));
    const { engine, sources } = open(db);
    const source = ok(await sources.add({ path: file, instance: 'app' }));
    await until('the lines', () => eventCount(engine, 'app') === 5);
    const before = fingerprint(engine);

    const refusals: [unknown, string, RegExp][] = [
      [{ path: path.join(dir, 'missing.log'), instance: 'x' }, 'VALIDATION_ERROR', /no such file/],
      [{ path: dir, instance: 'x' }, 'VALIDATION_ERROR', /is a folder.*glob/],
      [
        { path: path.join(dir, 'nope', '*.log'), instance: 'x' },
        'VALIDATION_ERROR',
        /folder .* does not exist/,
      ],
      [
        { path: 'relative.log', instance: 'x' },
        'VALIDATION_ERROR',
        /^path: must be an absolute path/,
      ],
      [{ path: file, instance: '' }, 'VALIDATION_ERROR', /^instance: the instance is required/],
      [{ path: file, instance: 'x', extra: 1 }, 'VALIDATION_ERROR', /unknown key "extra"/],
      [{ path: file, instance: 'x', preset: 'no-such' }, 'VALIDATION_ERROR', /no preset named/],
      [{ path: file, instance: 'app' }, 'CONFLICT', /already followed into "app"/],
      ['not an object', 'VALIDATION_ERROR', /expected object/],
    ];
    for (const [input, code, message] of refusals) {
      const answer = await sources.add(input);
      expect(answer, JSON.stringify(input)).toMatchObject({ success: false, code });
      if (!answer.success) expect(answer.error).toMatch(message);
    }
    // A format that cannot be followed line by line (a CSV's header spans the file).
    const csv = path.join(dir, 'table.csv');
    fs.writeFileSync(csv, 'a,b\n1,2\n');
    const answer = await sources.add({ path: csv, instance: 'csv' });
    expect(answer).toMatchObject({ success: false, code: 'VALIDATION_ERROR' });

    for (const call of ['pause', 'resume', 'remove'] as const) {
      expect(await sources[call]({ sourceId: source.sourceId + 100 })).toMatchObject({
        success: false,
        code: 'NOT_FOUND',
      });
      expect(await sources[call]({ sourceId: 'one' })).toMatchObject({
        success: false,
        code: 'VALIDATION_ERROR',
      });
    }
    expect(fingerprint(engine)).toBe(before);
    expect(sources.list().map((s) => s.state)).toEqual(['following']);
  });

  it('a source that fails shows the error, and resume tries it again', async () => {
    const { dir, db } = setup();
    const file = path.join(dir, 'app.log');
    fs.writeFileSync(file, lines(0, 3));
    const { engine, sources } = open(db);
    const source = ok(await sources.add({ path: file, instance: 'app' }));
    await until('the lines', () => eventCount(engine, 'app') === 3);
    // Another process moves the stored position: two followers of one source would duplicate.
    engine.db.prepare('UPDATE follow_files SET offset = offset + 1').run();
    fs.appendFileSync(file, lines(3, 4));
    const failed = await until('the error', () => sources.list().find((s) => s.state === 'error'));
    expect(failed.lastError).toMatch(/another process is following this source/);
    engine.db.prepare('UPDATE follow_files SET offset = offset - 1').run();
    ok(await sources.resume({ sourceId: source.sourceId }));
    await until('the line after the retry', () => eventCount(engine, 'app') === 4);
    expect(sources.list()[0]).toMatchObject({ state: 'following', lastError: null });
  });
});
