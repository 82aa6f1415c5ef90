import { describe, expect, it } from 'vitest';
import { Engine } from '../engine';
import { cachedDb, copyOfCachedDb, fillManyStreams, fillShop } from '../../test-support/shop-db';

/**
 * Figures for the catalog operations at size (run with EVENTLENS_PERF=1; the databases are built
 * once and cached, see shop-db.ts). Printed, and checked only as ratios in the same process.
 */
describe.skipIf(!process.env.EVENTLENS_PERF)('catalog at size', () => {
  it('describeFields: the first call on 1M events pays once, later calls are cheap', async () => {
    const cached = cachedDb('shop-1000000-seed1', (e) =>
      fillShop(e, { instance: 'shop', count: 1_000_000 }),
    );
    const copy = copyOfCachedDb(cached);
    const engine = Engine.open(copy.file);
    // Appends counted the cached file's catalog as they went: forget it, to time the scan that
    // a file from before that needs once.
    engine.db.exec('DELETE FROM field_catalog; DELETE FROM field_scans');
    try {
      let t = performance.now();
      const first = await engine.describeFields('shop');
      const firstMs = performance.now() - t;
      t = performance.now();
      const second = await engine.describeFields('shop');
      const secondMs = performance.now() - t;
      engine.append('shop', [{ stream_id: 'x', payload: { fresh: 1 } }], false);
      t = performance.now();
      const third = await engine.describeFields('shop');
      const thirdMs = performance.now() - t;
      console.log(
        `describeFields on 1M events: first ${firstMs.toFixed(0)} ms (${first.fields.length} fields), ` +
          `again ${secondMs.toFixed(1)} ms, after one append ${thirdMs.toFixed(1)} ms`,
      );
      expect(first.scannedEvents).toBe(1_000_000);
      expect(third.scannedEvents).toBe(1_000_001);
      expect(second.fields).toEqual(first.fields);
      expect(secondMs * 20).toBeLessThan(firstMs);
    } finally {
      engine.close();
      copy.cleanup();
    }
  }, 600_000);

  it('listStreams on 100,000 streams: every order and a deep page', () => {
    const file = cachedDb('streams-100000', (e) => fillManyStreams(e, 'many', 100_000));
    const engine = Engine.open(file, { readonly: true });
    try {
      const time = (f: () => unknown) => {
        const t = performance.now();
        for (let i = 0; i < 5; i++) f();
        return (performance.now() - t) / 5;
      };
      const figures: string[] = [];
      for (const orderBy of ['name', 'count', 'lastEvent'] as const) {
        const top = time(() => engine.listStreams('many', { orderBy, limit: 100 }));
        const deep = time(() =>
          engine.listStreams('many', { orderBy, limit: 100, offset: 99_000 }),
        );
        figures.push(
          `${orderBy}: first page ${top.toFixed(2)} ms, offset 99,000 ${deep.toFixed(2)} ms`,
        );
      }
      const filtered = time(() => engine.listStreams('many', { nameContains: '0999', limit: 100 }));
      figures.push(`nameContains: ${filtered.toFixed(2)} ms`);
      console.log(`listStreams on 100,000 streams: ${figures.join('; ')}`);
      const page = engine.listStreams('many', { orderBy: 'count', limit: 10, offset: 99_995 });
      expect(page.total).toBe(100_000);
      expect(page.streams).toHaveLength(5);
    } finally {
      engine.close();
    }
  }, 600_000);
});
