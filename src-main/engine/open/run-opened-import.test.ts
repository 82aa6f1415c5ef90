import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { ImportReport, ImportSpec } from '../../../src-shared/contract/import-spec';
import { importParsers } from '../../test-support/import-parsers';
import { requireBuilt } from '../../test-support/run-cli';
import { openTempService } from '../../test-support/temp-db';
import { prepareImport, type ImportOptions } from '../import/run-import';
import type { Engine } from '../engine';
import { fingerprintFile } from './file-fingerprint';
import { decideOpen } from './open-decision';
import { OpenedFiles } from './opened-files';
import { openFirstBatch, runOpenedImport as runOn, type OpenedImport } from './run-opened-import';

let t: ReturnType<typeof openTempService> | undefined;
afterEach(() => {
  t?.close();
  t = undefined;
});

const line = (i: number) => `{"s":"s${i % 3}","t":"tick","ts":${1_700_000_000_000 + i},"i":${i}}`;
const lines = (from: number, to: number) => {
  const out: string[] = [];
  for (let i = from; i < to; i++) out.push(line(i) + '\n');
  return out.join('');
};

/** Opens `file` as open-files.ts does: the record first, then the import of its position. */
async function openFresh(file: string, origin = file, name = path.basename(file)) {
  const engine = t!.engine;
  const { resolved } = await prepareImport({ instance: 'x' }, [file]);
  const instance = engine.createInstance(name);
  const spec: ImportSpec = { ...resolved[0]!.spec, instance: instance.id, batchSize: 100 };
  new OpenedFiles(engine.db).put({ origin, ino: instance.ino, ...fingerprintFile(file), spec });
  return { instance, spec };
}

/** The `i` of every stored event, in append order. */
function storedIs(instanceId: string): number[] {
  const ino = t!.engine.instances.require(instanceId).ino;
  return t!.engine.db
    .prepare<[], string>(`SELECT json(payload) FROM ev_${ino} ORDER BY pos`)
    .pluck()
    .all()
    .map((p) => (JSON.parse(p) as { i: number }).i);
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

/** The type name of every stored event, in append order. */
function storedTypes(instanceId: string): string[] {
  const ino = t!.engine.instances.require(instanceId).ino;
  return t!.engine.db
    .prepare<[], string>(
      `SELECT t.name FROM ev_${ino} e JOIN event_types t ON t.tno = e.tno ORDER BY e.pos`,
    )
    .pluck()
    .all();
}

/** Makes every position update of opened_files fail (a full disk, say). */
const refusePositions = () =>
  t!.engine.db.exec(
    `CREATE TRIGGER no_advance BEFORE UPDATE OF lines ON opened_files
     BEGIN SELECT RAISE(ABORT, 'position refused'); END`,
  );

describe.each(importParsers)('opened files: position, reopen and continue, %s', (_name, parser) => {
  const runOpenedImport = (
    engine: Engine,
    spec: ImportSpec,
    file: string,
    open: OpenedImport,
    options: ImportOptions = {},
  ) => runOn(engine, spec, file, open, { ...parser(), ...options });

  it('a file read to its end reopens; grown, it continues after the lines read, exactly once', async () => {
    t = openTempService();
    const file = path.join(t.dir, 'app.ndjson');
    fs.writeFileSync(file, lines(0, 250));
    const { instance, spec } = await openFresh(file);
    const store = new OpenedFiles(t.engine.db);
    const report = await runOpenedImport(t.engine, spec, file, { origin: file });
    expect(report.events).toBe(250);
    expect(store.get(file)).toMatchObject({ lines: 250, complete: true });
    expect(decideOpen(store.get(file), fingerprintFile(file), true).kind).toBe('reopen');

    fs.appendFileSync(file, lines(250, 420));
    const decision = decideOpen(store.get(file), fingerprintFile(file), true);
    expect(decision).toMatchObject({ kind: 'continue', why: 'grown', fromLine: 250 });
    store.grow(file, fingerprintFile(file));
    const more = await runOpenedImport(t.engine, spec, file, {
      origin: file,
      resume: { lines: 250 },
    });
    expect(more.events).toBe(170);
    expect(storedIs(instance.id)).toEqual(range(420));
    expect(store.get(file)).toMatchObject({ lines: 420, complete: true });
    expect(decideOpen(store.get(file), fingerprintFile(file), true).kind).toBe('reopen');
  });

  it('commits a small first batch, so the first rows come early, then whole batches', async () => {
    t = openTempService();
    const file = path.join(t.dir, 'app.ndjson');
    fs.writeFileSync(file, lines(0, 3_000));
    const { instance, spec } = await openFresh(file);
    const commits: number[] = [];
    const report = await runOpenedImport(
      t.engine,
      { ...spec, batchSize: 2_000 },
      file,
      { origin: file },
      { onCommit: (c) => commits.push(c.count) },
    );
    expect(report.events).toBe(3_000);
    expect(commits).toEqual([openFirstBatch, 2_000, 3_000 - 2_000 - openFirstBatch]);
    expect(storedIs(instance.id)).toEqual(range(3_000));
    expect(new OpenedFiles(t.engine.db).get(file)).toMatchObject({ lines: 3_000, complete: true });
  });

  it('a cancelled import keeps the position of its last batch; continuing stores the rest once', async () => {
    t = openTempService();
    const file = path.join(t.dir, 'big.ndjson');
    fs.writeFileSync(file, lines(0, 1_000));
    const { instance, spec } = await openFresh(file);
    const controller = new AbortController();
    const first = await runOpenedImport(
      t.engine,
      spec,
      file,
      { origin: file },
      {
        signal: controller.signal,
        onCommit: () => controller.abort(),
      },
    );
    expect(first.status).toBe('cancelled');
    const store = new OpenedFiles(t.engine.db);
    const stopped = store.get(file)!;
    expect(stopped.complete).toBe(false);
    expect(stopped.lines).toBe(storedIs(instance.id).length);
    expect(stopped.lines).toBeLessThan(1_000);
    expect(decideOpen(stopped, fingerprintFile(file), true)).toMatchObject({
      kind: 'continue',
      why: 'unfinished',
    });
    await runOpenedImport(t.engine, spec, file, {
      origin: file,
      resume: { lines: stopped.lines },
    });
    expect(storedIs(instance.id)).toEqual(range(1_000));
  });

  it('moves the position in the batch transaction: a failed position update stores no event', async () => {
    t = openTempService();
    const file = path.join(t.dir, 'app.ndjson');
    fs.writeFileSync(file, lines(0, 50));
    const { instance, spec } = await openFresh(file);
    // The position's update fails: the batch it belongs to must not be stored either.
    refusePositions();
    const report = await runOpenedImport(t.engine, spec, file, { origin: file });
    expect(report.status).toBe('failed');
    expect(report.error).toMatch(/position refused/u);
    expect(storedIs(instance.id)).toEqual([]);
  });

  it('a batch rolled back with its position leaves no type behind: later events keep theirs', async () => {
    t = openTempService();
    const file = path.join(t.dir, 'app.ndjson');
    fs.writeFileSync(file, lines(0, 5));
    const { instance, spec } = await openFresh(file);
    refusePositions();
    expect((await runOpenedImport(t.engine, spec, file, { origin: file })).status).toBe('failed');
    t.engine.db.exec('DROP TRIGGER no_advance');
    // A type created now may get the number the rolled-back "tick" had.
    t.engine.append(instance.id, [{ streamId: 'other', eventType: 'other', payload: {} }], false);
    const report = await runOpenedImport(t.engine, spec, file, { origin: file });
    expect(report.status).toBe('completed');
    // (The detected mapping has no type field: the imported events are of type "event".)
    expect(storedTypes(instance.id)).toEqual(['other', ...range(5).map(() => 'event')]);
  });

  it('continuing a file with nothing after its position keeps the position', async () => {
    t = openTempService();
    const file = path.join(t.dir, 'app.ndjson');
    fs.writeFileSync(file, lines(0, 40));
    const { instance, spec } = await openFresh(file);
    // As an import cancelled after its last batch and before the end of the file leaves it.
    const store = new OpenedFiles(t.engine.db);
    expect((await runOpenedImport(t.engine, spec, file, { origin: file })).events).toBe(40);
    t.engine.db.prepare('UPDATE opened_files SET complete = 0 WHERE origin = ?').run(file);
    expect(decideOpen(store.get(file), fingerprintFile(file), true)).toMatchObject({
      kind: 'continue',
      fromLine: 40,
    });
    const none = await runOpenedImport(t.engine, spec, file, {
      origin: file,
      resume: { lines: 40 },
    });
    expect(none).toMatchObject({ status: 'completed', events: 0, lines: 40 });
    expect(store.get(file)).toMatchObject({ lines: 40, complete: true });
    // Grown later, it continues after line 40, not from the top.
    fs.appendFileSync(file, lines(40, 45));
    store.grow(file, fingerprintFile(file));
    await runOpenedImport(t.engine, spec, file, { origin: file, resume: { lines: 40 } });
    expect(storedIs(instance.id)).toEqual(range(45));
  });

  it('a CSV continues with its header; bad lines keep the file line numbers', async () => {
    t = openTempService();
    const file = path.join(t.dir, 'rows.csv');
    const row = (i: number) =>
      `${i},s${i % 2},2024-01-01T00:00:${String(i % 60).padStart(2, '0')}Z\n`;
    fs.writeFileSync(file, 'i,stream,time\n' + range(30).map(row).join(''));
    const { instance, spec } = await openFresh(file);
    await runOpenedImport(t.engine, spec, file, { origin: file });
    const store = new OpenedFiles(t.engine.db);
    expect(store.get(file)).toMatchObject({ lines: 31, complete: true });
    fs.appendFileSync(file, 'broken,"\n' + [30, 31].map(row).join(''));
    const more = await runOpenedImport(t.engine, spec, file, {
      origin: file,
      resume: { lines: 31 },
    });
    expect(storedIs(instance.id)).toEqual([...range(30), 30, 31]);
    expect(more.badLines.map((b) => b.line)).toEqual([32]);
    expect(store.get(file)).toMatchObject({ lines: 34, complete: true });
  });
});

/**
 * A parser thread that starts only once the file `gate` exists, then runs the built one: the
 * first batch of an opened file must not wait for it.
 */
function gatedParser(dir: string, gate: string): string {
  const file = path.join(dir, 'gated-parser.mjs');
  const parser = pathToFileURL(requireBuilt('import-parser.js')).href;
  fs.writeFileSync(
    file,
    `import fs from 'node:fs';
     while (!fs.existsSync(${JSON.stringify(gate)})) await new Promise((r) => setTimeout(r, 10));
     await import(${JSON.stringify(parser)});`,
  );
  return file;
}

/** The report's parts that must not depend on where the file was parsed. */
const readingOf = (r: ImportReport) => ({
  lines: r.lines,
  events: r.events,
  bad: r.badLines.map((b) => [b.line, b.reason]),
  notes: r.notes.map((n) => n.replace(path.dirname(r.files[0]!.file), '')),
});

/** The same file in two folders, opened into two instances: `here` and `there`. */
async function twoCopies(name: string, body: string) {
  return Promise.all(
    ['here', 'there'].map(async (dir) => {
      const file = path.join(t!.dir, dir, name);
      fs.mkdirSync(path.dirname(file));
      fs.writeFileSync(file, body);
      return { file, ...(await openFresh(file, file, dir)) };
    }),
  );
}

describe('opened files: the first batch is parsed on the writing thread', () => {
  it('is committed before the parser thread starts, which reads on after it: every line once, in order', async () => {
    t = openTempService();
    // A bad line inside the first batch and one right after it; the first record after the
    // first batch is older than the one before it; records without a stream in both parts.
    const text = (i: number) =>
      i === 100 || i === 501
        ? 'not json\n'
        : i === 502
          ? `{"s":"s0","t":"tick","ts":1,"i":${i}}\n`
          : i % 700 === 1
            ? `{"t":"tick","ts":${1_700_000_000_000 + i},"i":${i}}\n`
            : line(i) + '\n';
    const [a, b] = await twoCopies('app.ndjson', range(3_000).map(text).join(''));
    const spec = (s: ImportSpec) => ({
      ...s,
      mapping: { ...s.mapping, stream: { field: 's' } },
      batchSize: 1_000,
    });
    const whole = await runOn(t.engine, spec(a!.spec), a!.file, { origin: a!.file });

    const gate = path.join(t.dir, 'start-the-parser');
    const commits: number[] = [];
    let firstCommit!: () => void;
    const committed = new Promise<void>((resolve) => (firstCommit = resolve));
    const running = runOn(
      t.engine,
      spec(b!.spec),
      b!.file,
      { origin: b!.file },
      {
        parser: { file: gatedParser(t.dir, gate), minBytes: 0 },
        onCommit: (c) => {
          commits.push(c.count);
          firstCommit();
        },
      },
    );
    // Before, the first batch came from the parser thread, which waits for this: never.
    await committed;
    expect(storedIs(b!.instance.id)).toHaveLength(openFirstBatch);
    expect(new OpenedFiles(t.engine.db).get(b!.file)!.lines).toBe(openFirstBatch + 1);
    fs.writeFileSync(gate, '');
    const report = await running;

    expect(report.status).toBe('completed');
    expect(commits[0]).toBe(openFirstBatch);
    expect(readingOf(report)).toEqual(readingOf(whole));
    expect(report.notes.join('\n')).toMatch(/5 records had no stream value/u);
    expect(report.notes.join('\n')).toMatch(/1 records are older/u);
    expect(storedIs(b!.instance.id)).toEqual(range(3_000).filter((i) => i !== 100 && i !== 501));
    expect(storedIs(a!.instance.id)).toEqual(storedIs(b!.instance.id));
    expect(new OpenedFiles(t.engine.db).get(b!.file)).toMatchObject({
      lines: 3_000,
      complete: true,
    });
  });

  it('a CSV record over several lines that ends the first batch: the parser thread reads on after it', async () => {
    t = openTempService();
    const row = (i: number) =>
      i === openFirstBatch - 1
        ? `${i},s${i % 2},2024-01-01T00:00:00Z,"two\nlines"\n`
        : `${i},s${i % 2},2024-01-01T00:00:00Z,one\n`;
    const [a, b] = await twoCopies(
      'rows.csv',
      'i,stream,time,note\n' + range(1_200).map(row).join(''),
    );
    const spec = (s: ImportSpec) => ({ ...s, batchSize: 1_000 });
    const whole = await runOn(t.engine, spec(a!.spec), a!.file, { origin: a!.file });
    const onThread = importParsers[1]![1]();
    const report = await runOn(t.engine, spec(b!.spec), b!.file, { origin: b!.file }, onThread);
    expect(readingOf(report)).toEqual(readingOf(whole));
    expect(report.events).toBe(1_200);
    expect(storedIs(b!.instance.id)).toEqual(range(1_200));
    expect(new OpenedFiles(t.engine.db).get(b!.file)).toMatchObject({
      lines: 1_202,
      complete: true,
    });
  });
});
