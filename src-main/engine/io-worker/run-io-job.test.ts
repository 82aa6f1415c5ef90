import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ImportSpec } from '../../../src-shared/contract/import-spec';
import { requireBuilt } from '../../test-support/run-cli';
import { tempDir } from '../../test-support/temp-db';
import { Engine } from '../engine';
import type { CommitInfo } from '../import/run-import';
import { IoJobError, runIoJob } from './run-io-job';

/** The built worker entry (out/main/io-worker.js), as Electron's main and the server use it. */
const worker = () => requireBuilt('io-worker.js');

let tmp: ReturnType<typeof tempDir>;
afterEach(() => tmp?.cleanup());

const spec: ImportSpec = {
  instance: 'w',
  batchSize: 1_000,
  mapping: {
    stream: { field: 's' },
    type: { field: 't' },
    time: { source: { field: 'ts' }, format: 'epoch-ms' },
  },
};

function ndjson(n: number): string {
  const file = path.join(tmp.dir, `n${n}.ndjson`);
  let text = '';
  for (let i = 0; i < n; i++) {
    text += `{"s":"s${i % 7}","t":"${i % 2 ? 'odd' : 'even'}","ts":${1_700_000_000_000 + i},"i":${i},"pad":"${'x'.repeat(100)}"}\n`;
  }
  fs.writeFileSync(file, text);
  return file;
}

describe('runIoJob (worker thread)', () => {
  it('imports off the caller thread with progress and commit messages, then exports', async () => {
    tmp = tempDir();
    const db = path.join(tmp.dir, 'w.db');
    const file = ndjson(12_345);
    const commits: CommitInfo[] = [];
    let progressCalls = 0;
    const report = await runIoJob(
      worker(),
      { kind: 'import', db, spec, files: [file] },
      {
        onProgress: (p) => {
          progressCalls++;
          expect(p.bytesTotal).toBe(fs.statSync(file).size);
        },
        onCommit: (c) => commits.push(c),
      },
    );
    expect(report).toMatchObject({
      status: 'completed',
      events: 12_345,
      bad: 0,
      instanceCreated: true,
    });
    expect(progressCalls).toBeGreaterThan(0);
    expect(commits.reduce((n, c) => n + c.count, 0)).toBe(12_345);
    expect(commits[0]!.instanceCreated).toBe(true);
    expect(commits[0]!.streams.map((s) => s.streamId).sort()).toEqual([
      's0',
      's1',
      's2',
      's3',
      's4',
      's5',
      's6',
    ]);

    const out = path.join(tmp.dir, 'w.ndjson');
    const exported = await runIoJob(worker(), {
      kind: 'export',
      db,
      spec: { query: { from: { instance: 'w' } }, format: 'ndjson', out },
    });
    expect(exported).toMatchObject({ status: 'completed', rows: 12_345, file: out });
    const engine = Engine.open(db);
    try {
      expect(engine.stats('w').eventCount).toBe(12_345);
    } finally {
      engine.close();
    }
  });

  it('cancels: the worker stops before its next batch and reports what it committed', async () => {
    tmp = tempDir();
    const db = path.join(tmp.dir, 'c.db');
    const file = ndjson(150_000);
    const controller = new AbortController();
    const report = await runIoJob(
      worker(),
      { kind: 'import', db, spec, files: [file] },
      {
        signal: controller.signal,
        onCommit: () => controller.abort(),
      },
    );
    expect(report.status).toBe('cancelled');
    expect(report.events).toBeGreaterThanOrEqual(1_000);
    expect(report.events).toBeLessThan(150_000);
    expect(report.events % 1_000).toBe(0);
    const engine = Engine.open(db);
    try {
      expect(engine.stats('w').eventCount).toBe(report.events);
      expect(report.committedThrough).toEqual({ file: path.basename(file), line: report.events });
    } finally {
      engine.close();
    }
  });

  it('previews without a database, and passes errors back with their kind', async () => {
    tmp = tempDir();
    const file = ndjson(5);
    const preview = await runIoJob(worker(), { kind: 'preview', spec, files: [file], n: 2 });
    expect(preview.events.map((e) => e.stream_id)).toEqual(['s0', 's1']);
    const failure = runIoJob(worker(), {
      kind: 'preview',
      spec: { ...spec, preset: 'no-such' },
      files: [file],
    });
    await expect(failure).rejects.toThrow(IoJobError);
    await expect(failure).rejects.toMatchObject({ errorName: 'ImportSpecError' });
    await expect(failure).rejects.toThrow(/unknown preset "no-such"/u);
  });
});
