import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { ImportSpec } from '../../src-shared/contract/import-spec';
import type { ImportJobSnapshot, JobSnapshot } from '../../src-shared/contract/jobs';
import { Engine } from '../engine/engine';
import type { CommitInfo } from '../engine/import/run-import';
import { requireBuilt } from '../test-support/run-cli';
import { tempDir } from '../test-support/temp-db';
import { JobHost } from './job-host';

/** Real worker threads (the built out/main/io-worker.js), real files, a real database file. */
const workerFile = () => requireBuilt('io-worker.js');

let tmp: ReturnType<typeof tempDir> | undefined;
let host: JobHost | undefined;
afterEach(async () => {
  await host?.close();
  host = undefined;
  tmp?.cleanup();
  tmp = undefined;
});

const spec = (batchSize: number): ImportSpec => ({
  instance: 'jobs',
  batchSize,
  mapping: {
    stream: { field: 's' },
    type: { field: 't' },
    time: { source: { field: 'ts' }, format: 'epoch-ms' },
  },
});

function ndjson(dir: string, n: number): string {
  const file = path.join(dir, `n${n}.ndjson`);
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    lines.push(
      `{"s":"s${i % 11}","t":"${i % 3 ? 'a' : 'b'}","ts":${1_700_000_000_000 + i},"i":${i},"pad":"${'y'.repeat(120)}"}`,
    );
  }
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

function count(db: string, instance: string): number {
  const engine = Engine.open(db);
  try {
    return engine.instances.find(instance)?.event_count ?? 0;
  } finally {
    engine.close();
  }
}

describe('JobHost', () => {
  it('runs an import as a job: snapshots pushed (throttled), commits passed on, report kept', async () => {
    tmp = tempDir();
    const db = path.join(tmp.dir, 'j.db');
    const file = ndjson(tmp.dir, 40_000);
    const commits: CommitInfo[] = [];
    host = new JobHost({
      workerFile: workerFile(),
      db,
      progressIntervalMs: 200,
      onCommit: (c) => commits.push(c),
    });
    const seen: { at: number; snapshot: JobSnapshot }[] = [];
    host.subscribe((snapshot) => seen.push({ at: Date.now(), snapshot }));
    const started = host.startImport(spec(1_000), [file]);
    expect(started).toMatchObject({ kind: 'import', state: 'running', progress: null });
    expect(host.get(started.jobId)).toBe(started);
    const final = (await host.whenDone(started.jobId)) as ImportJobSnapshot;
    expect(final).toMatchObject({ jobId: started.jobId, state: 'done' });
    expect(final.result).toMatchObject({ status: 'completed', events: 40_000, bad: 0 });
    expect(final.endedAt).toBeDefined();
    expect(host.get(started.jobId)).toEqual(final);
    // Every batch commit was passed on, and they add up to what was stored.
    expect(commits.reduce((n, c) => n + c.count, 0)).toBe(40_000);
    expect(commits[0]!.instanceCreated).toBe(true);
    expect(count(db, 'jobs')).toBe(40_000);
    // The first snapshot announces the job, the last one is final; in between, progress
    // notifications are at least ~200 ms apart (a little timer slack allowed).
    expect(seen[0]!.snapshot.state).toBe('running');
    expect(seen.at(-1)!.snapshot).toEqual(final);
    const progress = seen.filter((s) => s.snapshot.state === 'running' && s.snapshot.progress);
    for (let i = 1; i < progress.length; i++) {
      expect(progress[i]!.at - progress[i - 1]!.at).toBeGreaterThanOrEqual(190);
    }
    expect(host.list().map((j) => j.jobId)).toEqual([started.jobId]);
  });

  it('holds the query pool while each job runs (no index build beside it), and lets go at the end', async () => {
    tmp = tempDir();
    const db = path.join(tmp.dir, 'h.db');
    let holds = 0;
    host = new JobHost({
      workerFile: workerFile(),
      db,
      holdWhileRunning: () => {
        holds++;
        return () => holds--;
      },
    });
    const ok = host.startImport(spec(1_000), [ndjson(tmp.dir, 2_000)]);
    const bad = host.startImport(spec(1_000), [path.join(tmp.dir, 'missing.ndjson')]);
    expect(holds).toBe(2);
    expect((await host.whenDone(bad.jobId))?.state).toBe('failed');
    expect((await host.whenDone(ok.jobId))?.state).toBe('done');
    expect(holds).toBe(0);
  });

  it('cancel stops after a whole batch: the stored count is the report’s, a multiple of the batch', async () => {
    tmp = tempDir();
    const db = path.join(tmp.dir, 'c.db');
    const file = ndjson(tmp.dir, 200_000);
    host = new JobHost({ workerFile: workerFile(), db, progressIntervalMs: 50 });
    let jobId = '';
    const cancelling: JobSnapshot[] = [];
    const firstCommit = new Promise<boolean>((resolve) => {
      host!.subscribe((s) => {
        if (s.cancelling) cancelling.push(s);
        const progress = (s as ImportJobSnapshot).progress;
        if (s.jobId === jobId && s.state === 'running' && (progress?.events ?? 0) > 0) {
          resolve(host!.cancel(jobId));
        }
      });
    });
    jobId = host.startImport(spec(2_000), [file]).jobId;
    expect(await firstCommit).toBe(true);
    // The cancel is announced at once (the job runs on until its batch is committed).
    expect(cancelling[0]).toMatchObject({ jobId, state: 'running', cancelling: true });
    const final = (await host.whenDone(jobId)) as ImportJobSnapshot;
    expect(final.state).toBe('cancelled');
    expect(final.cancelling).toBeUndefined();
    const events = final.result!.events;
    expect(events).toBeGreaterThan(0);
    expect(events).toBeLessThan(200_000);
    expect(events % 2_000).toBe(0);
    expect(count(db, 'jobs')).toBe(events);
    expect(final.result!.committedThrough).toMatchObject({ line: events });
    // A finished job cannot be cancelled again; an unknown one is not found.
    expect(host.cancel(jobId)).toBe(false);
    expect(host.cancel('00000000-0000-4000-8000-000000000000')).toBe(false);
  });

  it('a job that cannot start fails with a message naming the input, and nothing is stored', async () => {
    tmp = tempDir();
    const db = path.join(tmp.dir, 'f.db');
    host = new JobHost({ workerFile: workerFile(), db });
    const missing = path.join(tmp.dir, 'missing.ndjson');
    const { jobId } = host.startImport(spec(100), [missing]);
    const final = await host.whenDone(jobId);
    expect(final).toMatchObject({ state: 'failed' });
    expect(final!.error).toContain('missing.ndjson');
    expect(count(db, 'jobs')).toBe(0);
  });

  it('forgets finished jobs after keepFinishedMs, never running ones', async () => {
    tmp = tempDir();
    const db = path.join(tmp.dir, 'k.db');
    host = new JobHost({ workerFile: workerFile(), db, keepFinishedMs: 0 });
    const { jobId } = host.startImport(spec(100), [ndjson(tmp.dir, 10)]);
    expect(host.get(jobId)?.state).toBe('running');
    await host.whenDone(jobId);
    expect(host.get(jobId)).toBeUndefined();
    expect(host.list()).toEqual([]);
  });

  it('starts a worker before the first job and the next when a job ends; the job runs on it', async () => {
    tmp = tempDir();
    const db = path.join(tmp.dir, 'warm.db');
    const file = ndjson(tmp.dir, 2_000);
    // The built worker, behind a first line that counts the threads started with it.
    const boots = path.join(tmp.dir, 'boots');
    const counted = path.join(tmp.dir, 'io-worker.mjs');
    fs.writeFileSync(
      counted,
      `import fs from 'node:fs';
       fs.appendFileSync(${JSON.stringify(boots)}, 'x');
       await import(${JSON.stringify(pathToFileURL(workerFile()).href)});`,
    );
    const started = () => (fs.existsSync(boots) ? fs.readFileSync(boots, 'utf8').length : 0);
    const until = async (done: () => boolean) => {
      while (!done()) await new Promise((resolve) => setTimeout(resolve, 20));
    };
    host = new JobHost({ workerFile: counted, db });
    // Before, no thread started until a job did: this waited forever.
    await until(() => started() === 1);
    const job = host.startImport(spec(500), [file]);
    const final = await host.whenDone(job.jobId);
    expect(final).toMatchObject({ state: 'done', result: { status: 'completed', events: 2_000 } });
    expect(started()).toBe(1); // the job ran on the thread started before it
    expect(count(db, 'jobs')).toBe(2_000);
    await until(() => started() === 2);
  });

  it('previews without writing anything', async () => {
    tmp = tempDir();
    const db = path.join(tmp.dir, 'p.db');
    host = new JobHost({ workerFile: workerFile(), db });
    const preview = await host.preview(spec(100), [ndjson(tmp.dir, 50)]);
    expect(preview.format).toBe('ndjson');
    expect(preview.events.length).toBeGreaterThan(0);
    expect(preview.events[0]).toMatchObject({ stream_id: 's0', event_type: 'b', line: 1 });
    expect(fs.existsSync(db)).toBe(false);
  });
});

describe('JobHost.close', () => {
  it.runIf(process.platform === 'linux')(
    'cancels running jobs and previews and returns once their threads are gone',
    async () => {
      tmp = tempDir();
      const db = path.join(tmp.dir, 'close.db');
      const file = ndjson(tmp.dir, 100_000);
      await fs.promises.readFile(file); // libuv's thread pool starts on first use
      const threads = () => fs.readdirSync('/proc/self/task').length;
      const before = threads();
      const closing = new JobHost({ workerFile: workerFile(), db });
      const jobs = [1, 2].map(() => closing.startImport(spec(1_000), [file]).jobId);
      const preview = closing.preview(spec(100), [file]);
      // The first job under way is enough: the second waits for the write lock behind it, and
      // waiting for its first progress too would let the first finish on a fast machine (CI did).
      await closing.whenUnderWay(jobs[0]!);
      for (const jobId of jobs) expect(closing.get(jobId)?.state).toBe('running');
      await closing.close();
      expect(threads()).toBe(before);
      for (const jobId of jobs) expect(closing.get(jobId)?.state).toBe('cancelled');
      await expect(preview).resolves.toMatchObject({ format: 'ndjson' });
      expect(() => closing.startImport(spec(1_000), [file])).toThrow(/closed/u);
      await expect(closing.preview(spec(100), [file])).rejects.toThrow(/closed/u);
    },
  );
});
