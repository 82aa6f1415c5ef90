import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ImportSpec } from '../../src-shared/contract/import-spec';
import type { MirrorRouter } from '../engine/mirror/mirror-router';
import type { WorkerQueryRunner } from '../engine/query/worker-query-runner';
import { requireBuilt } from '../test-support/run-cli';
import { fillShop, slowShopQuery } from '../test-support/shop-db';
import { tempDir } from '../test-support/temp-db';
import { openHost, type Host } from './open-host';

/**
 * The host as the desktop app and `eventlens serve` run it: a real database file, real worker
 * threads (the built out/main workers), real temp folders.
 */
const workerDir = () => path.dirname(requireBuilt('io-worker.js'));

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function folders() {
  const data = tempDir();
  const temp = tempDir();
  cleanups.push(data.cleanup, temp.cleanup);
  return { db: path.join(data.dir, 'host.db'), tempParent: temp.dir };
}

/** The threads of this process (each worker thread is one). */
const threads = () => fs.readdirSync('/proc/self/task').length;

/** Files this process holds open whose path starts with `prefix` (Linux: /proc/self/fd). */
function openFiles(prefix: string): string[] {
  const open: string[] = [];
  for (const fd of fs.readdirSync('/proc/self/fd')) {
    try {
      const target = fs.readlinkSync(`/proc/self/fd/${fd}`);
      if (target.startsWith(prefix)) open.push(target);
    } catch {
      // closed while we looked
    }
  }
  return open;
}

function bigNdjson(dir: string, lines: number): string {
  const file = path.join(dir, 'big.ndjson');
  const out = fs.openSync(file, 'w');
  for (let i = 0; i < lines; i += 10_000) {
    let chunk = '';
    for (let j = i; j < Math.min(lines, i + 10_000); j++) {
      chunk += `{"s":"s${j % 11}","t":"t${j % 3}","i":${j},"pad":"${'y'.repeat(100)}"}\n`;
    }
    fs.writeSync(out, chunk);
  }
  fs.closeSync(out);
  return file;
}

describe('openHost', () => {
  it('resumes the live sources that were following when it closed, and closes their worker', async () => {
    const { db, tempParent } = folders();
    const log = path.join(path.dirname(db), 'app.log');
    fs.writeFileSync(log, '{"n":1}\n');
    const first = openHost({ db, workerDir: workerDir(), tempParent, mirror: false });
    cleanups.push(() => first.close());
    const added = await first.sources.add({ path: log, instance: 'live' });
    expect(added).toMatchObject({ success: true, data: { state: 'following' } });
    await expect.poll(() => first.sources.list()[0]?.events, { timeout: 10_000 }).toBe(1);
    await first.close();
    expect(openFiles(db)).toEqual([]);

    fs.appendFileSync(log, '{"n":2}\n{"n":3}\n');
    const second = openHost({ db, workerDir: workerDir(), tempParent, mirror: false });
    cleanups.push(() => second.close());
    await expect
      .poll(() => second.engine.instances.find('live')?.event_count, { timeout: 10_000 })
      .toBe(3);
    expect(second.sources.list()).toMatchObject([{ path: log, state: 'following', events: 3 }]);
  });

  it.runIf(process.platform === 'linux')(
    'closes with an import running and a slow query in flight: no thread, no connection, no temp folder left',
    async () => {
      const { db, tempParent } = folders();
      const input = bigNdjson(path.dirname(db), 300_000);
      // The thread pool of libuv starts on first use; start it before counting.
      await fs.promises.readFile(input, { encoding: 'utf8', flag: 'r' }).then(() => undefined);
      const threadsBefore = threads();

      const host: Host = openHost({ db, workerDir: workerDir(), tempParent });
      cleanups.push(() => host.close());
      fillShop(host.engine, { instance: 'shop', count: 30_000, seed: 7, streams: 300 });
      // What the shells keep in the host's temp folder: an upload, a report.
      fs.mkdirSync(path.join(host.tempDir, 'uploads'));
      fs.copyFileSync(input, path.join(host.tempDir, 'uploads', 'big.ndjson'));
      const spec: ImportSpec = {
        instance: 'imported',
        batchSize: 1_000,
        mapping: { stream: { field: 's' }, type: { field: 't' } },
        reportFile: path.join(host.tempDir, 'bad-lines.txt'),
      };
      const job = host.jobs.startImport(spec, [path.join(host.tempDir, 'uploads', 'big.ndjson')]);
      const underWay = await host.jobs.whenUnderWay(job.jobId);
      expect(underWay).toMatchObject({ state: 'running' });
      const query = host.service.call('queryEvents', { query: slowShopQuery('shop') }, 'slow-1');
      // The mirror's worker is running too (its DuckDB file beside the database).
      expect(host.mirror).not.toBeNull();
      const pool = (host.queryRunner as MirrorRouter).sqlite as WorkerQueryRunner;
      expect(pool.workerCounts().running).toBe(1);
      expect(threads()).toBeGreaterThan(threadsBefore + 1);

      // What the shells add closes after the jobs ended and before the engine.
      const seenByCloser: unknown[] = [];
      host.onClose(() => {
        seenByCloser.push(host.jobs.get(job.jobId)?.state, host.engine.db.open);
      });
      await host.close();

      expect(seenByCloser).toEqual(['cancelled', true]);
      expect(await query).toMatchObject({ success: false, code: 'CANCELLED' });
      expect(host.jobs.get(job.jobId)?.result).toMatchObject({ status: 'cancelled' });
      // No worker thread is left: as many threads as before the host opened, right away.
      expect(threads()).toBe(threadsBefore);
      // No connection is left: no file descriptor of this process points at the database or its
      // mirror (`<db>.mirror.duckdb`), and the WAL is gone (SQLite checkpoints and removes it when the last connection closes).
      expect(openFiles(db)).toEqual([]);
      expect(fs.existsSync(`${db}-wal`)).toBe(false);
      expect(fs.existsSync(`${db}-shm`)).toBe(false);
      // No temp folder is left.
      expect(fs.readdirSync(tempParent)).toEqual([]);
      // A committed import batch stays: the file is whole and opens again.
      const again = openHost({ db, workerDir: workerDir(), tempParent });
      try {
        expect(again.engine.instances.find('shop')?.event_count).toBe(30_000);
        const imported = again.engine.instances.find('imported')?.event_count ?? 0;
        expect(imported % 1_000).toBe(0);
      } finally {
        await again.close();
      }
      // close() again is the same close.
      await expect(host.close()).resolves.toBeUndefined();
    },
  );

  it('removes the temp folders of hosts that died without closing, and only those', async () => {
    const { db, tempParent } = folders();
    // A pid that is certainly gone: a process that ran and exited.
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    const stale = path.join(tempParent, `eventlens-host-${dead}-x1Yz9q`);
    fs.mkdirSync(path.join(stale, 'uploads'), { recursive: true });
    fs.writeFileSync(path.join(stale, 'uploads', 'access.log'), 'a copy of a log\n');
    const live = path.join(tempParent, `eventlens-host-${process.ppid}-Ab3dEf`);
    const other = path.join(tempParent, `eventlens-uploads-${dead}`);
    fs.mkdirSync(live);
    fs.mkdirSync(other);

    const host = openHost({ db, workerDir: workerDir(), tempParent });
    try {
      expect(fs.existsSync(stale)).toBe(false);
      expect(fs.existsSync(live)).toBe(true);
      expect(fs.existsSync(other)).toBe(true);
      expect(path.basename(host.tempDir)).toMatch(new RegExp(`^eventlens-host-${process.pid}-`));
    } finally {
      await host.close();
    }
    expect(fs.readdirSync(tempParent).sort()).toEqual(
      [path.basename(live), path.basename(other)].sort(),
    );
  });

  it('leaves nothing open or behind when the database cannot be opened', () => {
    const { tempParent } = folders();
    const notADatabase = path.join(tempParent, 'not.db');
    fs.writeFileSync(
      notADatabase,
      'this is not an SQLite file, but it is long enough to look like one',
    );
    expect(() => openHost({ db: notADatabase, workerDir: workerDir(), tempParent })).toThrow();
    expect(fs.readdirSync(tempParent)).toEqual(['not.db']);
    expect(openFiles(notADatabase)).toEqual([]);
  });
});
