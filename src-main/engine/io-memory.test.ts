import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTempService } from '../test-support/temp-db';
import { generateShopEvents } from '../../src-shared/demo/shop-events';
import { runExport } from './export/run-export';
import { runImport } from './import/run-import';

/**
 * Large files stream: the memory that stays reachable after a full GC does not grow while an
 * import or export runs, however far it is through the file. (Keeping what was read would add
 * tens of MiB between the first and the last sample here.)
 */
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const mib = 1024 * 1024;
const count = 120_000;

let ctx: ReturnType<typeof openTempService>;
let file: string;

beforeAll(() => {
  ctx = openTempService();
  file = path.join(ctx.dir, 'shop.ndjson');
  const fd = fs.openSync(file, 'w');
  let buf = '';
  for (const e of generateShopEvents({ count, seed: 11 })) {
    buf += JSON.stringify(e) + '\n';
    if (buf.length > 1 << 20) {
      fs.writeSync(fd, buf);
      buf = '';
    }
  }
  fs.writeSync(fd, buf);
  fs.closeSync(fd);
});
afterAll(() => ctx.close());

/** Samples the live heap (after a full GC) when a fraction of the work first passes each mark. */
function sampler(marks = [0.2, 0.4, 0.6, 0.8]) {
  const samples: number[] = [];
  return {
    samples,
    at(done: number, total: number) {
      while (samples.length < marks.length && done / total >= marks[samples.length]!) {
        gc();
        samples.push(process.memoryUsage().heapUsed);
      }
    },
    spread: () => (Math.max(...samples) - Math.min(...samples)) / mib,
  };
}

describe('memory stays flat on large files', () => {
  it(`imports ${count.toLocaleString('en')} events (~45 MiB of NDJSON) with a flat live heap`, async () => {
    const s = sampler();
    const report = await runImport(ctx.engine, { instance: 'shop', preset: 'eventlens' }, [file], {
      progressIntervalMs: 0,
      onProgress: (p) => s.at(p.bytesRead, p.bytesTotal),
    });
    expect(report).toMatchObject({ status: 'completed', events: count, bad: 0 });
    expect(fs.statSync(file).size).toBeGreaterThan(40 * mib);
    expect(s.samples).toHaveLength(4);
    expect(s.spread()).toBeLessThan(16);
  });

  it('exports the whole instance as NDJSON and CSV with a flat live heap', async () => {
    for (const format of ['ndjson', 'csv'] as const) {
      const s = sampler();
      const report = await runExport(
        ctx.engine,
        {
          query: { from: { instance: 'shop' } },
          format,
          out: path.join(ctx.dir, `out.${format}`),
          pageSize: 10_000,
          // One pass for CSV too (the discovery pass streams the same way).
          ...(format === 'csv'
            ? {
                columns: [
                  'id',
                  'stream_id',
                  'event_type',
                  'timestamp',
                  'payload.user.id',
                  'payload.message',
                  'metadata',
                ],
              }
            : {}),
        },
        {
          progressIntervalMs: 0,
          onProgress: (p) => {
            if (p.phase === 'writing') s.at(p.rows, p.total);
          },
        },
      );
      expect(report).toMatchObject({ status: 'completed', rows: count });
      expect(report.bytes).toBeGreaterThan(20 * mib);
      expect(s.samples).toHaveLength(4);
      expect(s.spread()).toBeLessThan(16);
    }
  });
});
