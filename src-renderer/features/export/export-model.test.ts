import { describe, expect, it } from 'vitest';
import type { Query } from '../../../src-shared/contract/query';
import { defaultFileName, exportQuery, withExtension } from './export-model';

describe('export model', () => {
  const full: Query = {
    from: { instance: 'shop' },
    where: [{ field: 'event_type', operator: 'eq', value: 'OrderPlaced' }],
    select: ['event_type', 'payload.amount'],
    limit: 100,
    offset: 200,
    reduce: { type: 'count', groupBy: ['event_type'] },
  };

  it('exports the whole result: no limit or offset; events drop the reduce', () => {
    expect(exportQuery(full, 'events')).toEqual({
      from: full.from,
      where: full.where,
      select: full.select,
    });
    expect(exportQuery(full, 'aggregation')).toEqual({
      from: full.from,
      where: full.where,
      select: full.select,
      reduce: full.reduce,
    });
  });

  it('names files after the instance and the day, with the format as extension', () => {
    const day = new Date('2026-11-27T10:00:00Z');
    expect(withExtension(defaultFileName('shop', 'events', day), 'csv')).toBe(
      'shop-2026-11-27.csv',
    );
    expect(withExtension(defaultFileName('my shop/eu', 'aggregation', day), 'json')).toBe(
      'my-shop-eu-aggregation-2026-11-27.json',
    );
    expect(withExtension('orders.csv', 'parquet')).toBe('orders.parquet');
  });
});
