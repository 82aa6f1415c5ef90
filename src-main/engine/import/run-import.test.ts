import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import type { ImportProgress, ImportSpec } from '../../../src-shared/contract/import-spec';
import type { EventRecord } from '../../../src-shared/contract/records';
import { importParsers } from '../../test-support/import-parsers';
import { openTempService } from '../../test-support/temp-db';
import type { Engine } from '../engine';
import { EngineError } from '../errors';
import { ImportSpecError } from './resolve-spec';
import { runImport as importOn, type CommitInfo, type ImportOptions } from './run-import';
import { ImportInputError } from './source';

let ctx: ReturnType<typeof openTempService>;
afterEach(() => ctx?.close());

const mapping: ImportSpec['mapping'] = {
  stream: { field: 'user' },
  type: { field: 'action' },
  time: { source: { field: 'ts' }, format: 'iso' },
};

function write(name: string, text: string | Buffer): string {
  const file = path.join(ctx.dir, name);
  fs.writeFileSync(file, text);
  return file;
}

/** n NDJSON lines over 5 users, one second apart. */
function lines(n: number, from = 0): string {
  let out = '';
  for (let i = from; i < from + n; i++) {
    out +=
      JSON.stringify({
        user: `u${i % 5}`,
        action: i % 3 === 0 ? 'login' : 'click',
        ts: new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString(),
        n: i,
      }) + '\n';
  }
  return out;
}

function events(instance: string): EventRecord[] {
  return [...ctx.engine.iterateEvents({ from: { instance } })].flat() as EventRecord[];
}

/** Per stream, sequence numbers 1..n in append order: no gaps, no duplicates. */
function expectGapFree(list: EventRecord[]) {
  const next = new Map<string, number>();
  for (const e of list) {
    const want = (next.get(e.stream_id) ?? 0) + 1;
    expect(e.sequence_number).toBe(want);
    next.set(e.stream_id, want);
  }
}

/** Every case runs twice: parsing on the writing thread and on the parser thread. */
describe.each(importParsers)('runImport, %s', (_name, parser) => {
  const runImport = (
    engine: Engine,
    spec: ImportSpec,
    files: readonly string[],
    options: ImportOptions = {},
  ) => importOn(engine, spec, files, { ...parser(), ...options });

  it('repairs text that is not well-formed Unicode (\\ud800 escapes) to U+FFFD, and says how often', async () => {
    ctx = openTempService();
    // As a JSON writer leaves them when it cuts a string between the halves of a surrogate pair.
    const text = [
      lines(1).trimEnd(),
      String.raw`{"user":"u\ud800","action":"cut \ud83d","ts":"2024-01-01T00:00:01Z","msg":"ok \ud83d\ude00","x":{"k\udc00":["\udfff"]},"id":"e-\ud800"}`,
      lines(1, 2).trimEnd(),
    ].join('\n');
    const report = await runImport(
      ctx.engine,
      { instance: 'web', format: 'ndjson', mapping: { ...mapping, id: { field: 'id' } } },
      [write('cut.ndjson', text + '\n')],
    );
    expect(report).toMatchObject({ status: 'completed', events: 3, bad: 0 });
    expect(report.notes.join('\n')).toMatch(
      /1 records? held text that is not well-formed Unicode .*U\+FFFD/u,
    );
    const stored = events('web').find((e) => e.stream_id !== 'u0' && e.stream_id !== 'u2')!;
    expect(stored).toMatchObject({
      stream_id: 'u\ufffd',
      event_type: 'cut \ufffd',
      id: 'e-\ufffd',
      payload: { msg: 'ok 😀', x: { 'k\ufffd': ['\ufffd'] } },
    });
    // Stored as repaired, so a second import of the same file replays it instead of conflicting.
    const again = await runImport(
      ctx.engine,
      { instance: 'web', format: 'ndjson', mapping: { ...mapping, id: { field: 'id' } } },
      [write('cut.ndjson', text + '\n')],
    );
    expect(again).toMatchObject({ status: 'completed', bad: 0 });
    expect(again.replayed).toBe(1);
  });

  it('imports every good line and reports every bad one, with line numbers and reasons', async () => {
    ctx = openTempService();
    const good = lines(6).split('\n');
    const text = [
      good[0],
      '{not json',
      good[1],
      '[1, 2]',
      '',
      JSON.stringify({ user: 'u9', action: 'x', ts: 'yesterday' }),
      good[2],
      JSON.stringify({ user: 'u9', action: 'x' }),
      good[3],
    ].join('\n');
    const file = write('mixed.ndjson', text);
    const report = await runImport(
      ctx.engine,
      {
        instance: 'mixed',
        mapping,
        keepBadLines: 2,
        reportFile: path.join(ctx.dir, 'bad.ndjson'),
      },
      [file],
    );
    expect(report).toMatchObject({
      status: 'completed',
      lines: 9,
      events: 4,
      bad: 4,
      instanceCreated: true,
    });
    expect(report.badLines.map((b) => [b.line, b.reason.slice(0, 30)])).toEqual([
      [2, 'not valid JSON (Expected prope'],
      [4, 'expected a JSON object, got an'],
    ]);
    const all = fs
      .readFileSync(path.join(ctx.dir, 'bad.ndjson'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { line: number; reason: string; file: string });
    expect(all.map((b) => [b.file, b.line])).toEqual([
      ['mixed.ndjson', 2],
      ['mixed.ndjson', 4],
      ['mixed.ndjson', 6],
      ['mixed.ndjson', 8],
    ]);
    expect(all[2]!.reason).toBe('timestamp "yesterday" does not match the format iso');
    expect(all[3]!.reason).toBe('no timestamp: the field "ts" is missing');
    expect(report.reportFile).toBe(path.join(ctx.dir, 'bad.ndjson'));
    const stored = events('mixed');
    expect(stored.map((e) => e.payload.n)).toEqual([0, 1, 2, 3]);
    expect(stored.map((e) => (e.metadata.source as { line: number }).line)).toEqual([1, 3, 7, 9]);
    expect(report.committedThrough).toEqual({ file: 'mixed.ndjson', line: 9 });
  });

  it('spills the full list of bad lines to a temp file when there are more than it keeps', async () => {
    ctx = openTempService();
    const file = write('bad.log', 'nope\n'.repeat(5) + lines(1));
    const report = await runImport(
      ctx.engine,
      { instance: 'x', format: 'ndjson', mapping, keepBadLines: 3 },
      [file],
    );
    expect(report).toMatchObject({ bad: 5, events: 1 });
    expect(report.badLines).toHaveLength(3);
    expect(report.reportFile).not.toBeNull();
    const text = fs.readFileSync(report.reportFile!, 'utf8');
    fs.rmSync(report.reportFile!);
    expect(text.match(/^bad\.log:\d+: not valid JSON/gmu)).toHaveLength(5);
  });

  it('reads gzip by its magic bytes, whatever the name, and reports a truncated one', async () => {
    ctx = openTempService();
    const text = lines(3_000);
    const gz = zlib.gzipSync(text);
    const named = write('a.ndjson.gz', gz);
    const unnamed = write('b.data', gz);
    const truncated = write('c.ndjson.gz', gz.subarray(0, Math.floor(gz.length * 0.6)));
    const report = await runImport(ctx.engine, { instance: 'gz', mapping }, [
      named,
      unnamed,
      truncated,
    ]);
    expect(report.files.map((f) => [f.gzip, f.format, f.events, f.bad])).toEqual([
      [true, 'ndjson', 3_000, 0],
      [true, 'ndjson', 3_000, 0],
      [true, 'ndjson', expect.any(Number), 1],
    ]);
    const cut = report.files[2]!;
    expect(cut.events).toBeGreaterThan(0);
    expect(cut.events).toBeLessThan(3_000);
    expect(report.badLines.at(-1)!.reason).toMatch(/^stopped reading this file: .*c\.ndjson\.gz/u);
    const stored = events('gz');
    expect(stored.slice(0, 3_000).map((e) => e.payload)).toEqual(
      text
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { n: number }).n)
        .map((n) => ({ n })),
    );
    expectGapFree(stored);
  });

  it('measures the progress of a gzip file by what was decompressed, not what was read ahead', async () => {
    ctx = openTempService();
    // Incompressible noise on each line: a few MiB of gzip, more than the reader buffers.
    const noise = (i: number) => crypto.createHash('sha256').update(String(i)).digest('hex');
    const text = lines(40_000)
      .split('\n')
      .map((l, i) => (l ? `${l.slice(0, -1)},"r":"${noise(i)}${noise(-i)}"}` : l))
      .join('\n');
    const file = write('noisy.ndjson.gz', zlib.gzipSync(text));
    const controller = new AbortController();
    const progress: ImportProgress[] = [];
    await runImport(ctx.engine, { instance: 'gzp', mapping, batchSize: 1_000 }, [file], {
      signal: controller.signal,
      progressIntervalMs: 0,
      onProgress: (p) => progress.push(p),
      onCommit: () => controller.abort(),
    });
    const first = progress.find((p) => p.events > 0)!;
    expect(first.bytesTotal).toBeGreaterThan(3 << 20);
    // 1,000 of 40,000 lines are in: the progress says a little, not most of the file.
    expect(first.bytesRead / first.bytesTotal).toBeLessThan(0.2);
  });

  it('stops on cancel before the next batch; what was committed is whole and consistent', async () => {
    ctx = openTempService();
    const file = write('big.ndjson', lines(50_000));
    const controller = new AbortController();
    const commits: CommitInfo[] = [];
    const progress: ImportProgress[] = [];
    const report = await runImport(
      ctx.engine,
      { instance: 'cancel', mapping, batchSize: 1_000 },
      [file],
      {
        signal: controller.signal,
        progressIntervalMs: 0,
        onProgress: (p) => progress.push(p),
        onCommit: (c) => {
          commits.push(c);
          if (commits.length === 3) controller.abort();
        },
      },
    );
    expect(report.status).toBe('cancelled');
    expect(report.events).toBe(3_000);
    expect(report.committedThrough).toEqual({ file: 'big.ndjson', line: 3_000 });
    expect(report.notes.at(-1)).toMatch(/everything up to big\.ndjson line 3,000 is imported/u);
    expect(commits[0]).toMatchObject({ instanceCreated: true, count: 1_000 });
    expect(commits[1]).toMatchObject({ instanceCreated: false, count: 1_000 });
    const stored = events('cancel');
    expect(stored).toHaveLength(3_000);
    expect(stored.map((e) => e.payload.n)).toEqual([...Array(3_000).keys()]);
    expectGapFree(stored);
    expect(ctx.engine.stats('cancel').eventCount).toBe(3_000);
    expect(progress.at(-1)).toMatchObject({ events: 3_000, fileCount: 1 });
    expect(progress.some((p) => p.etaMs !== null && p.bytesRead < p.bytesTotal)).toBe(true);
  });

  it('hears a cancel that comes as a message or a timer (as from a host) before the next batch', async () => {
    ctx = openTempService();
    const file = write('big.ndjson', lines(50_000));
    const controller = new AbortController();
    let commits = 0;
    const report = await runImport(
      ctx.engine,
      { instance: 'cancel', mapping, batchSize: 1_000 },
      [file],
      {
        signal: controller.signal,
        // An io-worker hears the host's cancel as a message: a later turn of the event loop.
        onCommit: () => {
          if (++commits === 1) setTimeout(() => controller.abort(), 0);
        },
      },
    );
    expect(report.status).toBe('cancelled');
    expect(report.events).toBeLessThanOrEqual(3_000);
    expect(events('cancel')).toHaveLength(report.events);
  });

  it('sets aside the events the engine refuses (too big, id conflicts) and keeps the rest in order', async () => {
    ctx = openTempService({ limits: { maxEventBytes: 2_000 } });
    const rows = [
      { id: 'a', user: 'u', action: 'x', ts: '2024-01-01T00:00:00Z', v: 1 },
      { id: 'b', user: 'u', action: 'x', ts: '2024-01-01T00:00:01Z', v: 'x'.repeat(3_000) },
      { id: 'c', user: 'u', action: 'x', ts: '2024-01-01T00:00:02Z', v: 3 },
      { id: 'a', user: 'u', action: 'x', ts: '2024-01-01T00:00:03Z', v: 4 },
      { id: 'e', user: 'u', action: 'x', ts: '2024-01-01T00:00:04Z', v: 5 },
    ];
    const file = write('ids.ndjson', rows.map((r) => JSON.stringify(r)).join('\n'));
    const spec: ImportSpec = { instance: 'ids', mapping: { ...mapping, id: { field: 'id' } } };
    const report = await runImport(ctx.engine, spec, [file]);
    expect(report).toMatchObject({ events: 3, bad: 2 });
    expect(report.badLines.map((b) => [b.line, b.reason.split(':')[0]])).toEqual([
      [2, 'event'],
      [4, 'id'],
    ]);
    expect(report.badLines[0]!.reason).toMatch(/the limit is 2\.0 KiB/u);
    expect(report.badLines[1]!.reason).toMatch(/already exists with other content/u);
    const stored = events('ids');
    expect(stored.map((e) => [e.id, e.sequence_number, e.payload.v])).toEqual([
      ['a', 1, 1],
      ['c', 2, 3],
      ['e', 3, 5],
    ]);
    // The same file again: nothing new, each good line is a replay.
    const again = await runImport(ctx.engine, spec, [file]);
    expect(again).toMatchObject({ events: 0, replayed: 3, bad: 2, instanceCreated: false });
    expect(events('ids')).toHaveLength(3);
  });

  it('a dry run reads and checks everything and writes nothing', async () => {
    ctx = openTempService();
    const file = write('d.ndjson', lines(2_500) + 'oops\n');
    const report = await runImport(ctx.engine, { instance: 'dry', mapping, dryRun: true }, [file]);
    expect(report).toMatchObject({
      dryRun: true,
      events: 2_500,
      bad: 1,
      instance: null,
      instanceCreated: false,
    });
    expect(ctx.engine.instances.find('dry')).toBeUndefined();
  });

  it('refuses a wrong spec, a missing file or a missing instance before writing anything', async () => {
    ctx = openTempService();
    const file = write('ok.ndjson', lines(10));
    const missing = path.join(ctx.dir, 'nope.ndjson');
    await expect(
      runImport(ctx.engine, { instance: 'x', mapping }, [file, missing]),
    ).rejects.toThrow(new ImportInputError(`${missing}: cannot read it (no such file)`));
    await expect(runImport(ctx.engine, { instance: 'x', preset: 'nginx' }, [file])).rejects.toThrow(
      ImportSpecError,
    );
    await expect(
      runImport(ctx.engine, { instance: 'x', format: 'text', pattern: '(' }, [file]),
    ).rejects.toThrow(/pattern: not a valid regular expression/u);
    await expect(
      runImport(ctx.engine, { instance: 'x', format: 'text', pattern: '^(.*)$' }, [file]),
    ).rejects.toThrow(/named groups/u);
    await expect(
      runImport(
        ctx.engine,
        { instance: 'x', mapping: { time: { source: { field: 'ts' }, format: 'yyyy-QQ' } } },
        [file],
      ),
    ).rejects.toThrow(/mapping: unknown letter "Q"/u);
    await expect(
      runImport(ctx.engine, { instance: 'x', mapping, autoCreate: false }, [file]),
    ).rejects.toThrow(EngineError);
    await expect(runImport(ctx.engine, { instance: '', mapping }, [file])).rejects.toThrow(
      /instance/u,
    );
    expect(ctx.engine.instances.list()).toEqual([]);
  });

  it('creates the instance with the first batch: an import that stores nothing creates nothing', async () => {
    ctx = openTempService();
    const file = write('junk.ndjson', 'a\nb\n');
    const report = await runImport(ctx.engine, { instance: 'never', mapping }, [file]);
    expect(report).toMatchObject({ status: 'completed', events: 0, bad: 2, instance: null });
    expect(ctx.engine.instances.list()).toEqual([]);
    const existing = ctx.engine.createInstance('there');
    const ok = await runImport(ctx.engine, { instance: existing.id, mapping }, [
      write('g.ndjson', lines(2)),
    ]);
    expect(ok).toMatchObject({
      instance: { id: existing.id, name: 'there' },
      instanceCreated: false,
      events: 2,
    });
  });

  it('imports several files of different formats into one instance, file by file', async () => {
    ctx = openTempService();
    const ndjson = write('a.ndjson', lines(3));
    const json = write(
      'b.json',
      JSON.stringify(
        lines(2, 3)
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l) as unknown),
      ),
    );
    const csv = write('c.csv', 'user,action,ts,n\nu1,login,2024-01-02T00:00:00Z,5\n');
    const report = await runImport(ctx.engine, { instance: 'multi', mapping }, [ndjson, json, csv]);
    expect(report.files.map((f) => [path.basename(f.file), f.format, f.events])).toEqual([
      ['a.ndjson', 'ndjson', 3],
      ['b.json', 'json', 2],
      ['c.csv', 'csv', 1],
    ]);
    expect(events('multi').map((e) => e.payload.n)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(report.committedThrough).toEqual({ file: 'c.csv', line: 2 });
  });
});

describe('runImport on a parser thread', () => {
  it('ends as failed, with the reason, when the parser thread dies; committed batches stay', async () => {
    ctx = openTempService();
    // A parser that posts one real batch and then dies, as an out-of-memory thread would.
    const dying = write(
      'dying-parser.mjs',
      `import { parentPort } from 'node:worker_threads';
       const part = (n, from) => ({ bad: [], lines: from + n - 1, bytesRead: 1, batch: {
         events: { count: n, streams: ['s'], streamOf: new Int32Array(n), types: ['t'],
           typeOf: new Int32Array(n), ts: new Float64Array(n).fill(1e12), ids: null,
           json: '{}{}'.repeat(n), jsonStart: 0,
           jsonEnds: Int32Array.from({ length: 2 * n }, (_, i) => 2 * (i + 1)), catalog: null },
         lines: Int32Array.from({ length: n }, (_, i) => from + i),
         texts: '', textEnds: new Int32Array(n) } });
       parentPort.postMessage({ kind: 'part', part: part(3, 1) });
       setTimeout(() => process.exit(7), 50);`,
    );
    const report = await importOn(
      ctx.engine,
      { instance: 'dies', mapping },
      [write('x.ndjson', lines(10))],
      { parser: { file: dying, minBytes: 0 } },
    );
    expect(report).toMatchObject({ status: 'failed', events: 3 });
    expect(report.error).toMatch(/parser thread stopped \(exit code 7\)/u);
    expect(report.committedThrough).toEqual({ file: 'x.ndjson', line: 3 });
    expect(events('dies')).toHaveLength(3);
  });
});
