import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openHost, type Host } from '../host/open-host';
import { requireBuilt } from '../test-support/run-cli';
import { tempDir } from '../test-support/temp-db';
import { localTarget, openFiles } from './open-files';

/** The host as `eventlens open` runs it: real workers (out/main), a real database file. */
let host: Host | undefined;
let tmp: ReturnType<typeof tempDir> | undefined;
afterEach(async () => {
  await host?.close();
  host = undefined;
  tmp?.cleanup();
  tmp = undefined;
});

function start() {
  tmp = tempDir();
  host = openHost({
    db: path.join(tmp.dir, 'o.db'),
    workerDir: path.dirname(requireBuilt('io-worker.js')),
    tempParent: tmp.dir,
    mirror: false,
  });
  return { host, dir: tmp.dir };
}

const ndjson = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => `{"type":"t","n":${from + i}}\n`).join('');

describe('openFiles', () => {
  it('imports into a new instance named after the file; again, it reopens; grown, it continues', async () => {
    const { host, dir } = start();
    const file = path.join(dir, 'app.ndjson');
    fs.writeFileSync(file, ndjson(300));
    const [first] = await openFiles(host, [localTarget(file)]);
    expect(first).toMatchObject({ outcome: 'imported', instanceName: 'app.ndjson' });
    expect((await host.jobs.whenDone(first!.job!.jobId))?.state).toBe('done');

    const [again] = await openFiles(host, [localTarget(file)]);
    expect(again).toMatchObject({ outcome: 'reopened', instanceId: first!.instanceId });

    fs.appendFileSync(file, ndjson(50, 300));
    const [asked] = await openFiles(host, [localTarget(file)]);
    expect(asked).toMatchObject({ outcome: 'offer', offer: { why: 'grown', fromLine: 300 } });
    const [continued] = await openFiles(host, [localTarget(file)], { continue: true });
    expect(continued).toMatchObject({ outcome: 'continued', instanceId: first!.instanceId });
    await host.jobs.whenDone(continued!.job!.jobId);
    expect(host.engine.instances.require(first!.instanceId!).event_count).toBe(350);
    expect(host.engine.instances.list().filter((i) => i.name.startsWith('app'))).toHaveLength(1);
  });

  it('a file opened again while its import runs shows that import instead of starting another', async () => {
    const { host, dir } = start();
    const file = path.join(dir, 'big.ndjson');
    fs.writeFileSync(file, ndjson(200_000));
    const [first] = await openFiles(host, [localTarget(file)]);
    const [second] = await openFiles(host, [localTarget(file)], { continue: true });
    expect(second).toMatchObject({ outcome: 'reopened', instanceId: first!.instanceId });
    expect(second!.job?.jobId).toBe(first!.job!.jobId);
    await host.jobs.whenDone(first!.job!.jobId);
    expect(host.engine.instances.require(first!.instanceId!).event_count).toBe(200_000);
  });

  it('a file no format fits fails alone, creating nothing; the others open', async () => {
    const { host, dir } = start();
    const prose = path.join(dir, 'notes.txt');
    fs.writeFileSync(prose, 'just some words\nand more words here\n');
    const good = path.join(dir, 'ok.ndjson');
    fs.writeFileSync(good, ndjson(3));
    const answers = await openFiles(host, [localTarget(prose), localTarget(good)]);
    expect(answers[0]).toMatchObject({ name: 'notes.txt', outcome: 'failed' });
    expect(answers[0]!.error).toMatch(/no preset fits/u);
    expect(answers[1]).toMatchObject({ outcome: 'imported', instanceName: 'ok.ndjson' });
    expect(host.engine.instances.find('notes.txt')).toBeUndefined();
    await host.jobs.whenDone(answers[1]!.job!.jobId);
  });
});
